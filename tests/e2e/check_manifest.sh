#!/usr/bin/env bash
# tests/e2e/check_manifest.sh — `ejournal check` finds exactly the breaches
# `ejournal generate` planted: generate → import export/ then later/ →
# check --format csv → compare the key sets (rule, group, discipline index,
# student full name, ISO date) with DIR/manifest.csv, printing the missed and
# the invented.  SIZE=medium tests/e2e/check_manifest.sh for the medium college.
. "$TOP/tests/e2e/lib.sh"

SIZE=${SIZE:-small}
G=$T/gen
if ! ej -q generate --size "$SIZE" --out "$G" >"$T/gen.log" 2>&1; then
	not_ok "generate $SIZE"; cat "$T/gen.log"; exit 0
fi
ok "generate $SIZE"
cd "$G" || exit 0
expect_status 0 "import export/" ej -q --db "$G/e.db" --config ejournal.ini import export
expect_status 0 "import later/" ej -q --db "$G/e.db" --config ejournal.ini import later
check "generated year: foreign keys hold after both imports" \
	test -z "$(sqlite3 "$G/e.db" 'PRAGMA foreign_key_check' 2>&1)"
check "generated year: mark_key is whole" \
	test "$(sqlite3 "$G/e.db" "SELECT count(*) FROM sqlite_master WHERE name = 'mark_key'")" = 1
ej --db "$G/e.db" --config ejournal.ini check --format csv >"$T/check.csv" 2>"$T/check.err"
st=$?
check "check exits 1 (planted errors)" test $st -eq 1
check "check says nothing on stderr" test ! -s "$T/check.err"

check "findings = manifest ($SIZE)" /usr/bin/python3 - "$G/manifest.csv" "$T/check.csv" <<'EOF'
import csv, sys
man = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
got = list(csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')))
key = lambda r: (r['rule'], r['group'], r['discipline'], r['student'], r['date'])
want = {key(r) for r in man}
have = {}
for r in got:
    if r['severity'] != 'unchecked':
        have.setdefault(key(r), r['message'])
missed = sorted(want - set(have))
invented = sorted(set(have) - want)
for k in missed:
    print('missed:  ', ' | '.join(k))
for k in invented:
    print('invented:', ' | '.join(k), '::', have[k])
print('manifest %d keys, check %d keys, missed %d, invented %d'
      % (len(want), len(have), len(missed), len(invented)))
sys.exit(1 if missed or invented else 0)
EOF
# Severities agree with the manifest's.
check "severities as planted" /usr/bin/python3 - "$G/manifest.csv" "$T/check.csv" <<'EOF'
import csv, sys
man = {r['rule']: r['severity'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';')}
got = {r['rule']: r['severity'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')) if r['severity'] != 'unchecked'}
bad = {k: (man[k], got[k]) for k in man if k in got and man[k] != got[k]}
print(bad or 'ok')
sys.exit(1 if bad else 0)
EOF
