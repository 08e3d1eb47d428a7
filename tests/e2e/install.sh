# `make install DESTDIR=…` puts the binary, man page, templates (and fonts)
# where the installed program finds them, without the source tree.
. "$TOP/tests/e2e/lib.sh"

BUILD_DIR=$(dirname "$EJ")
make -C "$TOP" --no-print-directory -s install BUILD="${BUILD_DIR#"$TOP"/}" \
	PREFIX=/opt/ej DESTDIR="$T/root" >"$T/log" 2>&1; st=$?
check "make install succeeds" test "$st" -eq 0
check "binary installed" test -x "$T/root/opt/ej/bin/ejournal"
check "man page installed" test -f "$T/root/opt/ej/share/man/man1/ejournal.1"
check "templates installed" test -n "$(ls "$T/root/opt/ej/share/ejournal/templates/" 2>/dev/null)"
# The installed binary finds its data beside itself (PREFIX/share/ejournal),
# not in the source tree: run it from elsewhere with no EJOURNAL_DATADIR.
out=$(cd "$T" && env -u EJOURNAL_DATADIR "$T/root/opt/ej/bin/ejournal" --version 2>&1)
check "installed binary runs" grep -q '^ejournal ' <<<"$out"
