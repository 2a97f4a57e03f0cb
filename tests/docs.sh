#!/usr/bin/env bash
# The documentation's example transcripts must still be what vpcsim prints.
#
#   tests/docs.sh VPCSIM [DOC.md...]
#
# Checks every shell transcript in README.md and docs/*.md (or in the DOC
# files given): a fenced code block whose first line starts with "$ ".  Each
# "$ command" line is a command (a line ending in a backslash continues on
# the next one); the lines after it, up to the next "$ " line or the end of
# the block, are its expected output, standard output and standard error
# merged in the order they were written.  The commands of one block run in
# one bash session, in order, so "$ echo $?" prints the exit status of the
# command before it.  "vpcsim" and "build/vpcsim" run VPCSIM.  Output must
# match exactly, with one allowance: an expected line that is exactly "..."
# stands for any number of lines (the README shortens a long trace so).
#
# Blocks run from the top of the repository unless a marker comment on the
# line right before the block says otherwise (HTML comments do not render):
#
#   <!-- docs-test: cwd=NAME -->      run in the work folder NAME (below)
#   <!-- docs-test: skip (reason) --> do not run it; counted and listed
#   <!-- docs-test: cwd=NAME file=PATH [fill=SCENARIO] -->
#       before a non-transcript block (the YAML a doc asks the reader to
#       save): write the block to PATH in work folder NAME.  With fill=, a
#       line of the block that is a YAML comment starting with "# ..." stands
#       for the expect: list of SCENARIO (a path in the repository), which
#       is put in its place.
#
# The work folders are built in a temporary folder, from files in the
# repository, the way the docs tell a reader to make them:
#
#   lab   docs/tutorial-nacl.md's lab04, lab06, lab07 and lab08: the
#         topology: of scenarios 04, 06, 07 and 08 saved as JSON with the
#         tutorial's own PyYAML one-liner.
#   own   a copy of scenarios/ (links to the bundled files) plus the
#         scenario files a reader writes: tests/data/docs/scenarios/ and the
#         file= blocks of the docs.
#   snap  docs/snapshot.md's "snap" (the shop snapshot under an account
#         folder, with tests/data/docs/snap's addresses.json and two pages of
#         describe-vpn-gateways beside it) and "bad" (the shop snapshot with
#         the two values the doc names spoiled).
#
# A block that pipes into a program that is not installed (jq, dot), or
# whose work folder cannot be built here (no PyYAML), is skipped and the
# summary says why.  On a difference the file, the block's line and a
# unified diff (line numbers of the doc) are printed.  Exits 0 when every
# transcript that ran matched.
set -u
bin=${1:?usage: tests/docs.sh VPCSIM [DOC.md...]}
shift
case $bin in
/*) ;;
*) bin=$PWD/$bin ;;
esac
docs=("$@")
cd "$(dirname "$0")/.." || exit 1
[ ${#docs[@]} -gt 0 ] || docs=(README.md docs/*.md)
export LC_ALL=C TZ=UTC
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ ! -x "$bin" ]; then
	echo "docs: $bin is not an executable"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the work folders; each setup gets its folder, 77 means "cannot here" ----

# Replaces TEXT by NEW on line N of FILE, and fails if line N does not hold
# TEXT exactly once (the bundled file has changed: the doc needs a look).
edit_line() {
	python3 - "$@" << 'EOF'
import sys
path, n, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(path) as f:
    lines = f.readlines()
if n > len(lines) or lines[n - 1].count(old) != 1:
    sys.exit(f"{path}:{n} does not hold {old!r}; did the bundled file change?")
lines[n - 1] = lines[n - 1].replace(old, new)
with open(path, "w") as f:
    f.writelines(lines)
EOF
}

setup_lab() {
	if ! python3 -c 'import yaml' 2> /dev/null; then
		echo "PyYAML not installed"
		return 77
	fi
	local n f
	for n in 04 06 07 08; do
		f=(scenarios/"$n"-*.yaml)
		[ -f "${f[0]}" ] || { echo "no scenarios/$n-*.yaml"; return 1; }
		mkdir "$1/lab$n" || return 1
		# the command docs/tutorial-nacl.md gives
		python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1]))["topology"], sys.stdout, indent=1)' \
			"${f[0]}" > "$1/lab$n/topology.json" || return 1
	done
}

setup_own() {
	local f
	mkdir "$1/scenarios" || return 1
	for f in scenarios/*; do
		ln -s "$PWD/$f" "$1/$f" || return 1
	done
	# (replacing a link, not writing through it into the repository)
	cp --remove-destination tests/data/docs/scenarios/*.yaml "$1/scenarios/"
}

setup_snap() {
	local acct=$1/snap/accounts/111122223333/us-east-1
	cp -R tests/data/docs/snap "$1/snap" &&
		cp scenarios/snapshots/shop/*.json "$acct/" &&
		mkdir "$1/bad" &&
		cp scenarios/snapshots/shop/*.json "$1/bad/" &&
		edit_line "$1/bad/security-groups.json" 41 '"FromPort": 443,' '"FromPort": "443",' &&
		edit_line "$1/bad/subnets.json" 29 '"CidrBlock": "10.0.2.0/24"' '"CidrBlock": "10.0.2.300/24"'
}

cwds=()
for name in lab own snap; do
	mkdir -p "$tmp/cwd/$name"
	setup_$name "$tmp/cwd/$name" > "$tmp/setup-$name" 2>&1
	rc=$?
	why=$(tr '\n' ' ' < "$tmp/setup-$name" | sed 's/ *$//')
	case $rc in
	0) cwds+=("$name=ok=$tmp/cwd/$name") ;;
	77) cwds+=("$name=skip=$why") ;;
	*) cwds+=("$name=fail=setup failed: ${why:-exit $rc}") ;;
	esac
done

# ---- the transcripts (python3): argv = binary, work, cwds..., --, docs... ----
read -r -d '' checker << 'EOF' || true
import difflib, os, re, shutil, subprocess, sys

args = sys.argv[1:]
binary, work = args[0], args[1]
sep = args.index("--")
cwds = {}
for c in args[2:sep]:
    name, state, val = c.split("=", 2)
    cwds[name] = (state, val)
docs = args[sep + 1:]
repo = os.getcwd()

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
MARK = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")
OPTIONAL = ("jq", "dot")   # programs a transcript may pipe into

checked = commands = 0
files_with = set()
failed = []    # "file:line"
skipped = []   # (file:line, reason)
errors = 0

def blocks(path, lines, stray):
    """(markers, fence line, body lines) for every fenced block; the marker
    lines that are not right before a block go to stray."""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if MARK.match(lines[i]):
                stray.append(i + 1)
            i += 1
            continue
        indent, fence = len(m.group(1)), m.group(2)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" +
                           str(len(fence)) + r",}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = []
        for b in lines[i + 1:j]:
            k = 0
            while k < indent and k < len(b) and b[k] == " ":
                k += 1
            body.append(b[k:])
        marks = []
        k = i - 1
        while k >= 0 and MARK.match(lines[k]):
            marks.insert(0, (k + 1, MARK.match(lines[k]).group(1)))
            k -= 1
        for mk in marks:
            stray.remove(mk[0])
        yield marks, i + 1, body
        i = j + 1

def parse_marks(where, marks):
    """-> dict of options; 'skip' holds the reason."""
    opts = {}
    for line, text in marks:
        m = re.match(r"^skip\s*\((.+)\)$", text)
        if m:
            opts["skip"] = m.group(1)
            continue
        for item in text.split():
            k, eq, v = item.partition("=")
            if not eq or k not in ("cwd", "file", "fill") or not v:
                raise ValueError(f"{where.split(':')[0]}:{line}: unknown docs-test "
                                 f"marker {text!r} (cwd=NAME, file=PATH, "
                                 f"fill=SCENARIO or skip (reason))")
            opts[k] = v
    return opts

def expect_list(scenario):
    """The list items under expect: in a scenario file of the repository."""
    with open(scenario) as f:
        text = f.read().splitlines(True)
    for n, l in enumerate(text):
        if l.rstrip("\n") == "expect:":
            return text[n + 1:]
    raise ValueError(f"{scenario} has no expect: line")

def parse_transcript(body, first):
    """-> [(command, doc line, expected lines)]"""
    out = []
    i = 0
    while i < len(body):
        l = body[i]
        if l.startswith("$ "):
            cmd, line = l[2:], first + i
            while cmd.endswith("\\") and i + 1 < len(body):
                i += 1
                cmd += "\n" + body[i]
            out.append([cmd, line, []])
        else:
            out[-1][2].append(l)
        i += 1
    return out

def matches(want, got):
    if "..." not in want:
        return want == got
    pat = "".join(r"(?:.*\n)*?" if w == "..." else re.escape(w) + r"\n"
                  for w in want)
    return re.fullmatch(pat, "".join(g + "\n" for g in got)) is not None

def run(cmds, cwd):
    token = "\x1edocs-test-" + os.urandom(8).hex() + "\x1e"
    script = [
        "exec 2>&1 < /dev/null",
        'vpcsim() { "$DOCS_TEST_VPCSIM" "$@"; }',
        'build/vpcsim() { "$DOCS_TEST_VPCSIM" "$@"; }',
        f"__docs_sep() {{ local r=$?; printf '%s' '{token}'; return $r; }}",
    ]
    for c in cmds:
        script += ["__docs_sep", c]
    script.append("__docs_sep")
    env = dict(os.environ, DOCS_TEST_VPCSIM=binary)
    try:
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                            "\n".join(script)], cwd=cwd, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        text = r.stdout.decode("utf-8", "backslashreplace")
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode("utf-8", "backslashreplace")
        text += "\n(docs.sh: timed out after 60 s)\n"
    parts = text.split(token)
    outs = []
    for n in range(len(cmds)):
        if n + 2 < len(parts):
            p = parts[n + 1]
        else:   # the shell stopped during (or before) this command
            p = (parts[n + 1] if n + 1 < len(parts) else "") + \
                "(docs.sh: the shell stopped here)\n"
        lines = p.split("\n")
        if lines[-1] == "":
            lines.pop()
        elif p:
            lines.append("\\ (no newline at the end of the output)")
        outs.append(lines)
    if parts[0]:
        outs[0] = parts[0].splitlines() + outs[0]
    return outs

for doc in docs:
    try:
        with open(doc) as f:
            lines = f.read().split("\n")
    except OSError as e:
        print(f"docs: {doc}: {e.strerror}")
        errors += 1
        continue
    stray = []
    for marks, line, body in blocks(doc, lines, stray):
        where = f"{doc}:{line}"
        try:
            opts = parse_marks(where, marks)
        except ValueError as e:
            print(f"docs: {e}")
            errors += 1
            continue
        transcript = bool(body) and body[0].startswith("$ ")
        if "file" in opts:
            if transcript or "cwd" not in opts or "skip" in opts:
                print(f"docs: {where}: file= needs cwd= and a block that is "
                      "not a transcript")
                errors += 1
                continue
            state, val = cwds.get(opts["cwd"], ("fail", "no such work folder"))
            if state != "ok":
                continue   # the transcripts using it report why
            text = [b + "\n" for b in body]
            if "fill" in opts:
                holes = [n for n, b in enumerate(body)
                         if re.match(r"^\s*# \.\.\.", b)]
                if len(holes) != 1:
                    print(f"docs: {where}: fill= needs exactly one '# ...' line")
                    errors += 1
                    continue
                try:
                    text[holes[0]:holes[0] + 1] = expect_list(opts["fill"])
                except (OSError, ValueError) as e:
                    print(f"docs: {where}: fill={opts['fill']}: {e}")
                    errors += 1
                    continue
            dest = os.path.join(val, opts["file"])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if os.path.lexists(dest):   # a link to a bundled file: not that
                os.remove(dest)
            with open(dest, "w") as f:
                f.writelines(text)
            continue
        if not transcript:
            if opts:
                print(f"docs: {where}: a docs-test marker on a block that is "
                      "not a transcript (and has no file=)")
                errors += 1
            continue
        files_with.add(doc)
        if "skip" in opts:
            skipped.append((where, opts["skip"]))
            continue
        cwd = repo
        if "cwd" in opts:
            state, val = cwds.get(opts["cwd"], ("fail", f"no work folder {opts['cwd']!r}"))
            if state == "skip":
                skipped.append((where, val))
                continue
            if state != "ok":
                print(f"docs: {where}: cwd={opts['cwd']}: {val}")
                failed.append(where)
                continue
            cwd = val
        cmds = parse_transcript(body, line + 1)
        missing = [t for t in OPTIONAL if shutil.which(t) is None and any(
            re.search(r"(^|[|;&(]\s*)" + t + r"(\s|$)", c[0]) for c in cmds)]
        if missing:
            skipped.append((where, f"{missing[0]} not installed"))
            continue
        outs = run([c[0] for c in cmds], cwd)
        checked += 1
        commands += len(cmds)
        if all(matches(want, got) for (_, _, want), got in zip(cmds, outs)):
            continue
        failed.append(where)
        want_text, got_text = [], []
        for (cmd, _, want), got in zip(cmds, outs):
            for t in (want_text, got_text):
                t.extend(("$ " + cmd).split("\n"))
            want_text.extend(want)
            got_text.extend(want if matches(want, got) else got)
        print(f"docs: {where}: the transcript differs from what vpcsim prints"
              + (f" (run in work folder {opts['cwd']})" if "cwd" in opts else "") + ":")
        a, b = (doc, doc) if os.path.isabs(doc) else ("a/" + doc, "b/" + doc)
        for d in difflib.unified_diff(want_text, got_text, a,
                                      b + " (actual)", lineterm=""):
            m = re.match(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@$", d)
            if m:   # number the hunks by the doc's lines
                d = (f"@@ -{int(m.group(1)) + line}{m.group(2) or ''} "
                     f"+{int(m.group(3)) + line}{m.group(4) or ''} @@")
            print(d)
    for n in stray:
        print(f"docs: {doc}:{n}: a docs-test marker that is not right before "
              "a code block")
        errors += 1

def reasons():
    """'reason: where, where; reason: where'"""
    by = {}
    for w, r in skipped:
        by.setdefault(r, []).append(w)
    return "; ".join(f"{r}: {', '.join(ws)}" for r, ws in by.items())

summary = (f"{checked} transcripts ({commands} commands) checked in "
           f"{len(files_with)} of {len(docs)} files, {len(skipped)} skipped")
if skipped:
    summary += f" ({reasons()})"
if checked + len(skipped) + len(failed) == 0:
    print("docs: no transcript found; the test proves nothing")
    errors += 1
if failed or errors:
    print(f"docs: FAILED: {len(failed)} transcript{'s' if len(failed) != 1 else ''} "
          "failed"
          + (f" ({', '.join(failed)})" if failed else "")
          + (f", {errors} marker or file errors" if errors else "")
          + f"; {summary}")
    sys.exit(1)
print(f"docs: {summary}")
EOF

python3 -c "$checker" "$bin" "$tmp" "${cwds[@]}" -- "${docs[@]}"
