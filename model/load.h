/*
 * load.h - describe-* JSON (or the same tree from YAML) -> topology.
 *
 * DOC: a snapshot is a folder searched recursively (hidden entries skipped,
 * names visited in byte order so results never depend on the file
 * system) for *.json files, or a single file.  A file's resource type comes
 * from its top-level keys, never from its name: one file may hold several
 * keys, several files may hold pages of the same key, and nested
 * accounts/<id>/<region>/ folders simply merge.  Each file is validated
 * (model/jsonpos.h), parsed with cJSON, converted, and its tree freed
 * before the next file is read, so memory holds one file's tree at a time.
 *
 * Missing optional fields get AWS's documented defaults (SourceDestCheck
 * true, ConnectivityType public, ...).  Wrong types and impossible values
 * are errors carrying file:line:col and the JSON pointer; all are collected
 * (capped, see diag.h) and the load fails at the end.  A top-level key
 * vpcsim does not model is one warning per key for the whole load.
 *
 * Objects that legitimately appear more than once (a peering connection or
 * transit gateway seen from two accounts, a prefix list described by one
 * call and its entries by another) are merged; any other id that appears
 * twice must describe the same thing (tags and timestamps aside), or it is
 * an error naming both places.
 */
#ifndef VS_LOAD_H
#define VS_LOAD_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct vs_diags;
struct vs_src;
struct vs_topo;

/* Snapshot files larger than this are refused. */
#define VS_LOAD_MAX_FILE ((uint64_t)1 << 30)

struct vs_loader;

struct vs_load_stats {
	unsigned files;      /* JSON files read */
	uint64_t bytes;      /* their total size */
	unsigned unmodelled; /* distinct top-level keys not modelled */
};

/* A loader filling t (which must be unfinished) and reporting into d. */
struct vs_loader *vs_loader_new(struct vs_topo *t, struct vs_diags *d);
/* Load a folder (recursively) or one file.  0, or -1 if errors so far. */
int vs_loader_path(struct vs_loader *l, const char *path);
/* Load one JSON text; file names it in diagnostics. */
int vs_loader_text(struct vs_loader *l, const char *text, size_t len,
    const char *file);
/* Load a tree already parsed (from YAML); src locates its nodes. */
int vs_loader_tree(struct vs_loader *l, const struct cJSON *root,
    const struct vs_src *src);
/*
 * Finish loading: apply SecurityGroupRules, report unmodelled keys, finish
 * the topology (vs_topo_finish) and put line:col on diagnostics that only
 * had a file and a JSON pointer.  Returns 0, or -1 when any error was
 * reported during the whole load.  The loader is freed; *l becomes NULL.
 */
int vs_loader_done(struct vs_loader **l, struct vs_load_stats *stats);

/*
 * Load and finish a snapshot in one call.  Returns the topology, or NULL
 * when there were errors (all of them are in d).
 */
struct vs_topo *vs_snapshot_load(const char *path, struct vs_diags *d,
    struct vs_load_stats *stats);

/* Read a whole file into a NUL-terminated malloc'd buffer, refusing files
 * over max bytes.  Returns 0, or -1 with a message in err. */
int vs_read_file(const char *path, uint64_t max, char **buf, size_t *len,
    char *err, size_t errlen);

#endif
