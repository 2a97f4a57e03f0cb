/*
 * yaml.h - YAML front end: one YAML document -> the same cJSON tree the
 * JSON loader reads, so scenarios, inline topologies and change files go
 * through one loader.
 *
 * DOC: libyaml does no type resolution, so this module decides what a
 * scalar means, with a deliberately small rule set (documented in
 * docs/scenarios.md): a plain (unquoted) scalar that is a JSON number
 * becomes a number; true/false (any case) a boolean; null, ~ and the empty
 * plain scalar null; everything else, and every quoted scalar, a string.
 * Mapping keys must be scalars and unique within their mapping.  Aliases
 * are expanded with a node budget (a "billion laughs" file is an error, not
 * a hang) and anchors may not refer to themselves.  Only the first document
 * of a stream is read; a second one is an error.
 */
#ifndef VS_YAML_H
#define VS_YAML_H

#include <stddef.h>

struct cJSON;
struct vs_diags;
struct vs_lmap;

/* Largest number of nodes one document may expand to (aliases included). */
#define VS_YAML_MAX_NODES 2000000
/* Most nodes that aliases may add by copying, over one document. */
#define VS_YAML_MAX_ALIAS_NODES 100000
/* Deepest nesting accepted. */
#define VS_YAML_MAX_DEPTH 512

/*
 * Parse text (len bytes, need not be NUL-terminated) into a cJSON tree that
 * the caller frees with cJSON_Delete().  When marks is not NULL, every node
 * created is recorded in it: key (uintptr_t)node, value (line << 32) | col,
 * both 1-based, the position of the node's first character; a member of
 * a mapping also gets the position of its key, under VS_KEY_MARK(node)
 * (jsonpos.h).  On a syntax
 * or limit error returns NULL and adds one error to d carrying file,
 * line:col and the problem as libyaml or this module states it.
 */
struct cJSON *vs_yaml_parse(const char *text, size_t len, const char *file,
    struct vs_lmap *marks, struct vs_diags *d);

#endif
