/*
 * show.h - readable and JSON views of topology objects (`vpcsim show`).
 */
#ifndef VS_SHOW_H
#define VS_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct vs_topo;

/*
 * Write the object with this id (or, with id NULL, a listing of every
 * object) to out as text or JSON.  Returns 0, or -1 with a message in err
 * when no object has that id.
 */
int vs_show(FILE *out, const struct vs_topo *t, const char *id, bool json,
    char *err, size_t errlen);

#endif
