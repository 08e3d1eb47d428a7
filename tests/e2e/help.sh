# Every command answers -h/--help on stdout with exit 0 (git's t0012-help);
# an unknown command or option is a usage error: stderr, exit 2.
. "$TOP/tests/e2e/lib.sh"

cmds=$("$EJ" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
check "help lists commands" test -n "$cmds"
for c in $cmds; do
	out=$("$EJ" "$c" --help 2>"$T/err"); st=$?
	check "$c --help exits 0" test "$st" -eq 0
	check "$c --help prints usage on stdout" grep -q "usage: ejournal $c" <<<"$out"
	check "$c --help is silent on stderr" test ! -s "$T/err"
	"$EJ" "$c" -h >/dev/null 2>&1; st=$?
	check "$c -h exits 0" test "$st" -eq 0
	"$EJ" "$c" --no-such-option >"$T/out" 2>"$T/err"; st=$?
	check "$c --no-such-option exits 2" test "$st" -eq 2
	check "$c --no-such-option says so on stderr" test -s "$T/err"
done
"$EJ" frobnicate 2>"$T/err"; st=$?
check "unknown command exits 2" test "$st" -eq 2
check "unknown command is named" grep -q "frobnicate" "$T/err"
"$EJ" >/dev/null 2>&1; st=$?
check "no command exits 2" test "$st" -eq 2
v=$("$EJ" --version)
check "--version" grep -q '^ejournal [0-9]' <<<"$v"
