# tests/e2e/lib.sh — helpers for end-to-end tests.  Source it; then
#   check NAME CMD...        passes when CMD exits 0
#   expect_status N NAME CMD... passes when CMD exits with N
# Every test runs in its own temporary folder $T, removed at exit.
# $EJ is the ejournal binary under test, $TOP the source tree.
set -u
: "${EJ:=$TOP/build/ejournal}"
T=$(mktemp -d /tmp/eje2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1   # nothing a test does lands in the source tree
export EJOURNAL_DATADIR=$TOP
unset EJOURNAL_DB EJOURNAL_CONFIG

ok()     { echo "ok $*"; }
not_ok() { echo "not ok $*"; }

check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

expect_status() {
	local want=$1 name=$2 got; shift 2
	"$@"; got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, want $want)"; fi
}

# ej ARGS…: run the binary, under valgrind when EJ_VALGRIND=1.
ej() {
	if [ "${EJ_VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$EJ" "$@"
	else
		"$EJ" "$@"
	fi
}

# The schema of the current version, for databases built by hand: schema.sql
# (version 1) and the later migration steps of lib/store/db.c.  A database
# of an older version would be brought up to date (written) by the first
# command that opens it.
schema_sql() {
	cat "$TOP/lib/store/schema.sql"
	echo 'DROP INDEX mark_student;'
	echo 'PRAGMA user_version = 2;'
}

# Database fingerprint: every table's rows, for "unchanged" assertions.
db_dump() { sqlite3 "$1" .dump 2>/dev/null | grep -v '^PRAGMA\|^BEGIN\|^COMMIT' | md5sum; }
