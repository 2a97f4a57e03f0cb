#!/usr/bin/env bash
# Every `--format dot` output pinned by a golden case must be a graph
# Graphviz accepts: each such case's stdout goes through `dot -Tsvg`.
#
#   tests/dot-syntax.sh VPCSIM
#
# (VPCSIM is not run: the golden cases already pin what it prints.)
# Without Graphviz the check says so and passes; .ci/deps installs it when
# it can.
set -u
cd "$(dirname "$0")/.." || exit 1
if ! command -v dot > /dev/null; then
	echo "dot-syntax: Graphviz (dot) is not installed: skipped"
	exit 0
fi
n=0 bad=0
for c in tests/golden/*/; do
	[ -f "$c/args" ] || continue
	# a case asking for --format dot (or -f dot) that succeeded
	grep -qx -- dot "$c/args" || continue
	grep -qx -E -- '--format|-f' "$c/args" || continue
	[ "$(cat "$c/rc")" = 0 ] || continue
	n=$((n + 1))
	if ! err=$(dot -Tsvg "$c/stdout" 2>&1 > /dev/null) || [ -n "$err" ]; then
		echo "dot-syntax: ${c%/}: Graphviz says: $err"
		bad=$((bad + 1))
	fi
done
if [ $n = 0 ]; then
	echo "dot-syntax: no golden case writes dot"
	exit 1
fi
echo "dot-syntax: $n dot outputs checked, $bad rejected by Graphviz"
[ $bad = 0 ]
