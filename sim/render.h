/*
 * render.h - a trace as text, JSON (the contract in DESIGN.md section 4)
 * or Graphviz dot.
 *
 * DOC: the three renderers read the same struct vs_trace.  Text is for a
 * person following the path: one line per hop, the action first, then the
 * component and the rule as the user wrote it.  JSON is for machines: the
 * keys and shapes of DESIGN.md, extended (never renamed) with what people
 * asked for.  Dot draws the request and the reply as two chains with the
 * blocking hop in red.
 */
#ifndef VS_RENDER_H
#define VS_RENDER_H

#include <stdbool.h>
#include <stdio.h>

struct vs_trace;
struct vs_jw;
struct vs_hop;

void vs_render_text(FILE *out, const struct vs_trace *tr);
void vs_render_json(FILE *out, const struct vs_trace *tr, bool pretty);
void vs_render_dot(FILE *out, const struct vs_trace *tr);

/* The trace as one JSON value into an open writer (used by `check`). */
void vs_render_json_value(struct vs_jw *w, const struct vs_trace *tr);
/* "network-acl acl-1 ingress rule 32767 (implicit deny)" for a blocking
 * hop, or "" when the leg was not blocked. */
char *vs_render_blocked(const struct vs_trace *tr, char *buf, size_t n);
/* The rule (or what stood for one) of a hop, as text. */
char *vs_render_hop_rule(const struct vs_hop *h, char *buf, size_t n);

#endif
