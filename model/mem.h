/*
 * mem.h - the one out-of-memory policy of vpcsim.
 *
 * vpcsim is a command-line simulator: when the system cannot give it memory
 * there is nothing useful left to do, so every allocation goes through these
 * wrappers, which exit (status 3) with a message instead of returning NULL.
 * That removes an error path from every caller.  Judy's allocation failures are
 * routed here too (model/judy.c).
 */
#ifndef VS_MEM_H
#define VS_MEM_H

#include <stddef.h>

/* Never return NULL; on failure print one line to stderr and exit 3. */
void *vs_xmalloc(size_t n);
void *vs_xcalloc(size_t count, size_t size);
void *vs_xrealloc(void *p, size_t n);
char *vs_xstrdup(const char *s);
char *vs_xstrndup(const char *s, size_t n);

/* Grow an array of elements of size elsz so that it holds at least need. */
void *vs_xgrow(void *p, size_t elsz, size_t *cap, size_t need);

/* Called on allocation failure; prints and exits 3.  Exposed for Judy. */
_Noreturn void vs_oom(size_t n);

#endif
