#!/usr/bin/env bash
# tests/run.sh — run every test and print "N passed, N failed" last.
#
#   tests/run.sh [--build DIR] [--only unit|e2e|san|fuzz] [--valgrind]
#
# Without --build it runs the whole suite of `make test`: unit and e2e tests
# on build/, the same again on the ASan+UBSan build (build-san/), and a short
# libFuzzer run of the importer.  Each unit binary is cmocka; each e2e script
# is tests/e2e/*.sh using tests/e2e/lib.sh, printing "ok NAME" / "not ok NAME".
set -u
cd "$(dirname "$0")/.."
TOP=$(pwd)
builds=() only="" valgrind=0
while [ $# -gt 0 ]; do
	case "$1" in
	--build) builds+=("$2"); shift 2 ;;
	--only) only=$2; shift 2 ;;
	--valgrind) valgrind=1; shift ;;
	*) echo "usage: tests/run.sh [--build DIR] [--only unit|e2e|fuzz] [--valgrind]" >&2; exit 2 ;;
	esac
done
full=0
[ ${#builds[@]} -eq 0 ] && { builds=(build build-san); full=1; }

passed=0 failed=0 failures=()
LOG=$(mktemp -d /tmp/ejtest.XXXXXX)

count_cmocka() { # $1 = log, $2 = label
	local p f
	p=$(grep -c '^\[       OK \]' "$1")
	f=$(grep -c '^\[  FAILED  \] [a-z_]' "$1")
	passed=$((passed + p)); failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("$2: $(grep '^\[  FAILED  \] [a-z_]' "$1" | tr '\n' ' ')")
}

run_unit() { # $1 = build dir
	local t name log rc
	for t in $(find "$1/tests/unit" -type f -perm -u+x -name 'test_*' 2>/dev/null | sort); do
		name=${t#"$1"/}
		log="$LOG/$(echo "$1-$name" | tr / _).log"
		if [ $valgrind = 1 ]; then
			valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
				"$t" >"$log" 2>&1; rc=$?
		else
			"$t" >"$log" 2>&1; rc=$?
		fi
		count_cmocka "$log" "$1/$name"
		if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \] [a-z_]' "$log"; then
			failed=$((failed + 1)); failures+=("$1/$name: exit $rc (see $log)")
		fi
	done
}

run_e2e() { # $1 = build dir
	local s name log
	for s in tests/e2e/*.sh; do
		[ "$(basename "$s")" = lib.sh ] && continue
		name=$(basename "$s" .sh)
		log="$LOG/$1-e2e-$name.log"
		EJ=$TOP/$1/ejournal EJ_VALGRIND=$valgrind TOP=$TOP bash "$s" >"$log" 2>&1
		local p f
		p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
		passed=$((passed + p)); failed=$((failed + f))
		[ "$f" -gt 0 ] && failures+=("$1 e2e/$name: $(grep '^not ok ' "$log" | head -5 | tr '\n' ' ') (see $log)")
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			failed=$((failed + 1)); failures+=("$1 e2e/$name: ran no check (see $log)")
		fi
	done
}

run_fuzz() {
	# Each libFuzzer target for FUZZ_SHORT seconds on a fresh copy of the
	# seeds; a crash leaves its input in $LOG (crash-*) and fails the test.
	local t log corpus maxlen
	for t in fuzz_import fuzz_csv; do
		[ -x "build-fuzz/$t" ] || continue
		log="$LOG/$t.log"
		case $t in fuzz_csv) maxlen=4096 ;; *) maxlen=16384 ;; esac
		corpus=$(mktemp -d /tmp/ejfuzz.XXXXXX)
		cp samples/*.csv tests/fuzz/corpus/* "$corpus"/ 2>/dev/null
		if "build-fuzz/$t" -max_total_time="${FUZZ_SHORT:-10}" -max_len=$maxlen \
			-artifact_prefix="$LOG/$t-" "$corpus" >"$log" 2>&1; then
			passed=$((passed + 1))
			echo "ok $t ($(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" |
				awk '{ print $2 " runs in " $5 " s" }'))"
		else
			failed=$((failed + 1)); failures+=("$t crashed (see $log)")
		fi
		rm -rf "$corpus"
	done
}

for b in "${builds[@]}"; do
	[ -x "$b/ejournal" ] || { echo "no $b/ejournal: run make first" >&2; exit 2; }
	echo "== $b"
	{ [ -z "$only" ] || [ "$only" = unit ]; } && run_unit "$b"
	{ [ -z "$only" ] || [ "$only" = e2e ]; } && run_e2e "$b"
	echo "   running total: $passed passed, $failed failed"
done
if [ $full = 1 ] || [ "$only" = fuzz ]; then
	run_fuzz
fi

for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "logs: $LOG"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
