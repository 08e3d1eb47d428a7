# Golden bad inputs for `ejournal import` (tests/e2e/bad/CASE/): each case
# folder holds the input *.csv files, `args` (extra options), `status` (the
# expected exit status) and `stderr` (the exact expected messages, run with
# -q so only warnings and errors are printed).  Each case runs against a copy
# of a database holding the samples; a rejected import must leave it
# byte-for-byte unchanged (db_dump).  UPDATE_GOLDEN=1 rewrites `stderr`.
. "$TOP/tests/e2e/lib.sh"

CONF=$TOP/samples/ejournal.ini
ej -q --db "$T/base.db" --config "$CONF" import "$TOP/samples" 2>"$T/base.err"
check "base database from samples" test -s "$T/base.db"

for dir in "$TOP"/tests/e2e/bad/*/; do
	name=$(basename "$dir")
	want_status=$(cat "$dir/status")
	read -r -a args <"$dir/args" || true
	cp "$T/base.db" "$T/case.db"
	before=$(db_dump "$T/case.db")
	(cd "$dir" && ej -q --db "$T/case.db" --config "$CONF" import ${args[@]+"${args[@]}"} *.csv) \
		>"$T/out" 2>"$T/err"
	got=$?
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$T/err" "$dir/stderr"
	fi
	check "bad/$name: exit status $want_status" test "$got" -eq "$want_status"
	if diff -u "$dir/stderr" "$T/err" >"$T/diff"; then
		ok "bad/$name: messages"
	else
		not_ok "bad/$name: messages"; cat "$T/diff"
	fi
	check "bad/$name: nothing on stdout" test ! -s "$T/out"
	if [ "$want_status" -ne 0 ]; then
		check "bad/$name: database unchanged" test "$(db_dump "$T/case.db")" = "$before"
	fi
done
