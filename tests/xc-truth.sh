#!/usr/bin/env bash
# crosscheck against the generator's answer key: tests/bench/gen writes a
# snapshot, a flow log and flows.truth, the class a correct cross-checker
# gives each record (and, for a REJECT, the control that denies it).
#
#   tests/xc-truth.sh VPCSIM
#
# gen is compiled into a temporary folder the way tests/bench/make-data
# compiles it (${CC:-gcc} -O2, the Makefile's WARN flags, -Werror), and
# writes the small scale (--scale small, 50,000 records) for seeds 1 and 2.
# build/bench, where the region benchmark data lives, is not touched.  For
# each seed, VPCSIM crosscheck --format ndjson must:
#
#   - exit 0 with nothing on standard error (the snapshot is consistent);
#   - write one object per flow-log line, in order, naming the log file,
#     the record's interface and its action (null for NODATA / SKIPDATA);
#   - give every record the class flows.truth gives it, and for every
#     explained record block it at the truth's control: component, id
#     (NACL or interface), rule number (none for a security group) and
#     direction, with the record's direction the same.
#
# --jobs 1 and --jobs 3 must write the same ndjson, byte for byte, as the
# default.
#
# --format json on the same files must give a summary whose counts are the
# ndjson per-class counts (records, malformed 0), and its explained REJECT
# groups must add up to the explained count.  The share of REJECTs that are
# explained must be the truth's share exactly: the same number of REJECTs
# as in the log, the same number explained.  The data must still exercise
# every class and every kind of denial (NACL explicit rule, NACL 32767,
# security group in both directions), or the test says so and fails.
#
# On a disagreement the first 10 differing records are printed (line,
# record, truth, crosscheck's answer).  Exits 0 when everything agrees.
set -u
bin=${1:?usage: tests/xc-truth.sh VPCSIM}
case $bin in
/*) ;;
*) bin=$PWD/$bin ;;
esac
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C TZ=UTC
records=50000
seeds="1 2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# ---- the generator, compiled as make-data compiles it ----
warn=$(awk '/^WARN[ \t]*:=/ { on = 1; sub(/^WARN[ \t]*:=/, "") }
	on { more = sub(/\\$/, ""); printf "%s ", $0; if (!more) exit }' Makefile)
if [ -z "${warn// /}" ]; then
	echo "xc-truth: cannot read WARN from the Makefile"
	exit 1
fi
# shellcheck disable=SC2086 # $warn is a list of flags
if ! "${CC:-gcc}" -std=c11 -D_POSIX_C_SOURCE=200809L -O2 $warn -Werror \
	-o "$tmp/gen" tests/bench/gen.c 2> "$tmp/gen.err"; then
	echo "xc-truth: tests/bench/gen.c does not compile:"
	head -20 "$tmp/gen.err"
	exit 1
fi

# ---- the comparison (python3): argv = seed, log, truth, ndjson, json ----
read -r -d '' checker << 'EOF' || true
import json, sys
from collections import Counter

seed, logp, truthp, ndp, jsp = sys.argv[1:6]
CLASSES = ("explained", "unexplained", "consistent", "contradicted",
           "skipped", "unknown-interface")
problems = []   # general faults, not tied to one record
diffs = []      # (line, record, truth, got) for the first records that differ
ndiff = 0

with open(logp) as f:
    log = f.read().splitlines()
with open(truthp) as f:
    truth = [t.split() for t in f.read().splitlines()]
with open(ndp) as f:
    nd = f.read().splitlines()
n = len(log)
if len(truth) != n:
    problems.append(f"flows.truth has {len(truth)} lines for {n} records")
if len(nd) != n:
    problems.append(f"ndjson has {len(nd)} lines for {n} records")

def got_text(o):
    b = o.get("blocked_at")
    s = f"class {o.get('class')}"
    if b:
        s += " blocked_at " + json.dumps(b, separators=(",", ":"))
    return s

def rule_of(b):
    r = b.get("rule")
    return "-" if r is None else str(r)

tcount = Counter()   # truth classes
gcount = Counter()   # crosscheck classes
kinds = Counter()    # truth denials: component, rule kind, direction
agree = 0
log_rejects = nd_rejects = 0
for i in range(min(n, len(truth), len(nd))):
    line = i + 1
    f = log[i].split()
    t = truth[i]
    try:
        o = json.loads(nd[i])
    except ValueError as e:
        problems.append(f"ndjson line {line} is not JSON: {e}")
        break
    if len(f) < 14 or len(t) < 2 or t[0] != str(line):
        problems.append(f"line {line}: unexpected log or truth text")
        break
    why = []
    if o.get("line") != line:
        why.append(f"line field {o.get('line')}")
    if o.get("file") != logp:
        why.append(f"file field {o.get('file')!r}")
    if o.get("interface_id") != f[2]:
        why.append(f"interface_id {o.get('interface_id')!r}")
    want_action = None if f[12] == "-" else f[12]
    if o.get("action") != want_action:
        why.append(f"action {o.get('action')!r}")
    tc, gc = t[1], o.get("class")
    tcount[tc] += 1
    gcount[gc] += 1
    log_rejects += f[12] == "REJECT"
    nd_rejects += o.get("action") == "REJECT"
    if gc != tc:
        why.append("class")
    elif tc == "explained":
        comp, cid, rule, tdir = t[2:6]
        kinds[(comp, "-" if rule == "-" else
               "32767" if rule == "32767" else "rule", tdir)] += 1
        b = o.get("blocked_at") or {}
        if (b.get("component"), b.get("id"), rule_of(b),
                b.get("direction")) != (comp, cid, rule, tdir):
            why.append("blocking control")
        if o.get("direction") != tdir:
            why.append(f"direction {o.get('direction')!r}")
    if why:
        ndiff += 1
        if len(diffs) < 10:
            diffs.append((line, log[i], " ".join(t[1:]),
                          got_text(o) + " (" + ", ".join(why) + ")"))
    else:
        agree += 1

# The data must still exercise what the test is for.
for c in ("consistent", "explained", "skipped", "unknown-interface"):
    if tcount[c] == 0:
        problems.append(f"the truth has no {c} record; the data proves little")
for k in [("network-acl", "rule", "ingress"), ("network-acl", "32767", "ingress"),
          ("network-acl", "32767", "egress"), ("security-group", "-", "ingress"),
          ("security-group", "-", "egress")]:
    if kinds[k] == 0:
        problems.append("the truth has no denial by " + " ".join(k))

# The JSON summary: the same counts as the ndjson records.
with open(jsp) as fj:
    js = json.load(fj)
summ = js.get("summary", {})
if summ.get("records") != n:
    problems.append(f"json summary records {summ.get('records')}, log {n}")
if summ.get("malformed") != 0:
    problems.append(f"json summary malformed {summ.get('malformed')}")
for c in sorted(set(CLASSES) | set(k for k in gcount if k is not None)):
    if summ.get(c) != gcount[c]:
        problems.append(f"json summary {c} {summ.get(c)}, ndjson {gcount[c]}")
gsum = sum(g.get("count", 0) for g in js.get("groups", [])
           if g.get("class") == "explained")
if gsum != summ.get("explained"):
    problems.append(f"json explained groups count {gsum}, "
                    f"summary explained {summ.get('explained')}")

# The explained share of REJECTs, exactly the truth's.
te, ge = tcount["explained"], gcount["explained"]
if nd_rejects != log_rejects:
    problems.append(f"ndjson REJECTs {nd_rejects}, log REJECTs {log_rejects}")
if ge * log_rejects != te * nd_rejects or (nd_rejects == 0) != (log_rejects == 0):
    problems.append(f"explained share of REJECTs {ge}/{nd_rejects}, "
                    f"truth {te}/{log_rejects}")

def pct(a, b):
    return f"{100 * a / b:.2f}%" if b else "-"

print(f"xc-truth: seed {seed}: {n} records, {agree} agree "
      f"(explained {tcount['explained']}: NACL rule "
      f"{kinds[('network-acl', 'rule', 'ingress')] + kinds[('network-acl', 'rule', 'egress')]}, "
      f"NACL 32767 "
      f"{kinds[('network-acl', '32767', 'ingress')] + kinds[('network-acl', '32767', 'egress')]}, "
      f"security group "
      f"{kinds[('security-group', '-', 'ingress')] + kinds[('security-group', '-', 'egress')]}; "
      f"consistent {tcount['consistent']}, skipped {tcount['skipped']}, "
      f"unknown-interface {tcount['unknown-interface']}; "
      f"REJECTs explained {ge}/{nd_rejects} = {pct(ge, nd_rejects)}, "
      f"truth {te}/{log_rejects})")
for p in problems:
    print(f"xc-truth: seed {seed}: {p}")
if ndiff:
    print(f"xc-truth: seed {seed}: {ndiff} record{'s differ' if ndiff > 1 else ' differs'}; "
          f"the first {len(diffs)}:")
    for line, rec, t, g in diffs:
        print(f"  line {line}: {rec}\n    truth: {t}\n    got:   {g}")
sys.exit(1 if problems or ndiff else 0)
EOF

# ---- each seed ----
for seed in $seeds; do
	d=$tmp/seed$seed
	if ! "$tmp/gen" --out "$d" --seed "$seed" --scale small \
		--records "$records" > "$d.gen" 2>&1; then
		echo "xc-truth: gen --seed $seed failed:"
		cat "$d.gen"
		fail=1
		continue
	fi
	ok=1
	for fmt in ndjson json; do
		"$bin" crosscheck --snapshot "$d/region" --format "$fmt" \
			"$d/flows.log" > "$d.$fmt" 2> "$d.$fmt.err"
		rc=$?
		if [ $rc != 0 ] || [ -s "$d.$fmt.err" ]; then
			echo "xc-truth: seed $seed: crosscheck --format $fmt exited $rc:"
			head -20 "$d.$fmt.err"
			ok=0
		fi
	done
	# the answers do not depend on how many threads classify
	for jobs in 1 3; do
		"$bin" crosscheck --snapshot "$d/region" --format ndjson \
			--jobs "$jobs" "$d/flows.log" > "$d.j$jobs" 2> /dev/null
		if ! cmp -s "$d.ndjson" "$d.j$jobs"; then
			echo "xc-truth: seed $seed: --jobs $jobs writes other ndjson than the default"
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		python3 -c "$checker" "$seed" "$d/flows.log" "$d/flows.truth" \
			"$d.ndjson" "$d.json" || ok=0
	fi
	[ $ok = 1 ] || fail=1
done
# Two seeds are two different networks and logs, not the same one twice.
if [ -s "$tmp/seed1/flows.log" ] && cmp -s "$tmp/seed1/flows.log" "$tmp/seed2/flows.log"; then
	echo "xc-truth: seeds 1 and 2 gave the same flow log"
	fail=1
fi
exit $fail
