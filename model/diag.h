/*
 * diag.h - diagnostics: errors and warnings with a location.
 *
 * DOC: library code never prints.  It appends diagnostics to a caller-owned
 * list; the CLI decides what to print and which exit code follows.  Each
 * diagnostic carries the file, the 1-based line and column (0 when there is
 * none), the JSON pointer of the offending value, and a message.  The list
 * keeps the first VS_DIAG_MAX_ERR errors and VS_DIAG_MAX_WARN warnings and
 * counts the rest, so a file with a million bad rules costs little.
 * vs_diags_room() tells a caller whether a diagnostic would be kept, so it
 * can skip costly work (such as finding a line number) for one that won't.
 */
#ifndef VS_DIAG_H
#define VS_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum vs_sev { VS_SEV_WARN, VS_SEV_ERR };

#define VS_DIAG_MAX_ERR  50
#define VS_DIAG_MAX_WARN 100

struct vs_diag {
	enum vs_sev sev;
	const char *file; /* NULL when the problem has no file */
	unsigned line, col;
	const char *path; /* JSON pointer such as /Vpcs/0/CidrBlock, or NULL */
	const char *msg;
};

struct vs_diags;

struct vs_diags *vs_diags_new(void);
void vs_diags_free(struct vs_diags **d);

/* Would a diagnostic of this severity be stored (rather than counted)? */
bool vs_diags_room(const struct vs_diags *d, enum vs_sev sev);
void vs_diag_add(struct vs_diags *d, enum vs_sev sev, const char *file,
    unsigned line, unsigned col, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

size_t vs_diags_count(const struct vs_diags *d);
const struct vs_diag *vs_diags_get(const struct vs_diags *d, size_t i);
/* Totals, including diagnostics that were counted but not stored. */
size_t vs_diags_errors(const struct vs_diags *d);
size_t vs_diags_warnings(const struct vs_diags *d);
size_t vs_diags_dropped(const struct vs_diags *d, enum vs_sev sev);
/* Forget every diagnostic. */
void vs_diags_clear(struct vs_diags *d);

/*
 * Render one diagnostic in the GNU shape editors understand:
 * "file:line:col: error: /path: message".  Returns buf.
 */
char *vs_diag_str(const struct vs_diag *dg, char *buf, size_t n);

#endif
