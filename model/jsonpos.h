/*
 * jsonpos.h - JSON text: strict validation with located messages, and
 * finding where a value sits in the text.
 *
 * DOC: cJSON builds trees but keeps no positions, reports a syntax error
 * only as an offset, accepts invalid UTF-8 and recurses up to its nesting
 * limit.  So every JSON text vpcsim reads is first checked here by a
 * strict, iterative RFC 8259 validator that states what was expected where
 * ("expected ',' or '}' after an object member"), and the loader, when it
 * needs the line and column of a value it rejects, asks vs_json_locate()
 * to walk the text along the value's JSON pointer.  Both are single passes
 * with no allocation.  A vs_src bundles what a loader knows about where a
 * tree came from: JSON text to rescan, or YAML node marks.
 */
#ifndef VS_JSONPOS_H
#define VS_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct vs_lmap;

/* Deepest nesting vpcsim accepts in JSON (cJSON's own limit). */
#define VS_JSON_MAX_DEPTH 1000

struct vs_jpos {
	unsigned line, col; /* 1-based; col counts bytes */
	size_t off, len;    /* byte span of the value (len 0 if unknown) */
};

/*
 * Validate text as one JSON value.  Returns 0, or -1 with *at set to the
 * offending position and a message in msg ("unexpected end of input",
 * "invalid UTF-8 byte 0xff in a string", ...).
 */
int vs_json_validate(const char *text, size_t len, struct vs_jpos *at,
    char *msg, size_t msglen);

/*
 * Find the value at a JSON pointer ("/SecurityGroups/3/FromPort"; "" is the
 * root) in valid JSON text.  Returns 0 and fills *out, or -1 when the path
 * does not exist (then *out holds the deepest value found on the way).
 */
int vs_json_locate(const char *text, size_t len, const char *path,
    struct vs_jpos *out);

/* Line and column of a byte offset. */
void vs_json_linecol(const char *text, size_t len, size_t off,
    struct vs_jpos *out);

/* Where a tree came from, for located diagnostics. */
/*
 * Whether a number in JSON syntax (s, n bytes) is not zero but so small
 * that it would read as 0.0 (1e-999): such numbers are refused, since 0
 * is a meaningful integer (port 0, rule type 0).
 */
bool vs_num_underflows(const char *s, size_t n);

struct vs_src {
	const char *file;
	const char *text; /* JSON text, or NULL */
	size_t len;
	const struct vs_lmap *marks; /* YAML: node -> line << 32 | col */
};

/*
 * The marks key under which the position of a mapping member's key is
 * kept (nodes are allocated aligned, so this is never a node's own key).
 */
#define VS_KEY_MARK(node) ((uint64_t)(uintptr_t)(node) | 1u)

/*
 * Position of node (reached by JSON pointer path) in its source.  For
 * JSON text out->off and out->len also give the raw token's span.  Returns
 * 0, or -1 when no position is known (*out zeroed).
 */
int vs_src_locate(const struct vs_src *src, const struct cJSON *node,
    const char *path, struct vs_jpos *out);

/*
 * Position of the key naming member node of an object (reached by path),
 * for messages about the key itself.  Falls back to the value's position
 * when the key's is not known.  Returns as vs_src_locate().
 */
int vs_src_locate_key(const struct vs_src *src, const struct cJSON *node,
    const char *path, struct vs_jpos *out);

#endif
