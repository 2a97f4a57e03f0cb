/*
 * diag.c - diagnostic list (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "mem.h"

struct vs_diags {
	struct vs_arena *arena;
	struct vs_diag *v;
	size_t n, cap;
	size_t n_err, n_warn;
	size_t kept_err, kept_warn;
};

struct vs_diags *
vs_diags_new(void)
{
	struct vs_diags *d = vs_xcalloc(1, sizeof(*d));
	d->arena = vs_arena_new();
	return d;
}

void
vs_diags_free(struct vs_diags **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	vs_arena_free(&(*dp)->arena);
	free((*dp)->v);
	free(*dp);
	*dp = NULL;
}

bool
vs_diags_room(const struct vs_diags *d, enum vs_sev sev)
{
	if (sev == VS_SEV_ERR)
		return d->kept_err < VS_DIAG_MAX_ERR;
	return d->kept_warn < VS_DIAG_MAX_WARN;
}

void
vs_diag_add(struct vs_diags *d, enum vs_sev sev, const char *file,
    unsigned line, unsigned col, const char *path, const char *fmt, ...)
{
	struct vs_diag *dg;
	va_list ap;
	char buf[1024];

	if (sev == VS_SEV_ERR)
		d->n_err++;
	else
		d->n_warn++;
	if (!vs_diags_room(d, sev))
		return;
	if (sev == VS_SEV_ERR)
		d->kept_err++;
	else
		d->kept_warn++;
	d->v = vs_xgrow(d->v, sizeof(*d->v), &d->cap, d->n + 1);
	dg = &d->v[d->n++];
	dg->sev = sev;
	dg->file = file ? vs_arena_strdup(d->arena, file) : NULL;
	dg->line = line;
	dg->col = col;
	dg->path = path ? vs_arena_strdup(d->arena, path) : NULL;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dg->msg = vs_arena_strdup(d->arena, buf);
}

size_t
vs_diags_count(const struct vs_diags *d)
{
	return d->n;
}

const struct vs_diag *
vs_diags_get(const struct vs_diags *d, size_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}

size_t
vs_diags_errors(const struct vs_diags *d)
{
	return d->n_err;
}

size_t
vs_diags_warnings(const struct vs_diags *d)
{
	return d->n_warn;
}

size_t
vs_diags_dropped(const struct vs_diags *d, enum vs_sev sev)
{
	return sev == VS_SEV_ERR ? d->n_err - d->kept_err
				 : d->n_warn - d->kept_warn;
}

void
vs_diags_clear(struct vs_diags *d)
{
	d->n = 0;
	d->n_err = d->n_warn = d->kept_err = d->kept_warn = 0;
}

char *
vs_diag_str(const struct vs_diag *dg, char *buf, size_t n)
{
	char loc[512];
	const char *sev = dg->sev == VS_SEV_ERR ? "error" : "warning";

	if (dg->file != NULL && dg->line > 0 && dg->col > 0)
		snprintf(loc, sizeof(loc), "%s:%u:%u: ", dg->file, dg->line,
		    dg->col);
	else if (dg->file != NULL && dg->line > 0)
		snprintf(loc, sizeof(loc), "%s:%u: ", dg->file, dg->line);
	else if (dg->file != NULL)
		snprintf(loc, sizeof(loc), "%s: ", dg->file);
	else
		loc[0] = '\0';
	if (dg->path != NULL && dg->path[0] != '\0')
		snprintf(buf, n, "%s%s: %s: %s", loc, sev, dg->path, dg->msg);
	else
		snprintf(buf, n, "%s%s: %s", loc, sev, dg->msg);
	return buf;
}
