# `make install DESTDIR=…` puts the binary, man page, templates (and fonts)
# where the installed program finds them, without the source tree.
. "$TOP/tests/e2e/lib.sh"

BUILD_DIR=$(dirname "$EJ")
rel=${BUILD_DIR#"$TOP"/}
# -o: never rebuild the binary under test (its flags, e.g. sanitizers, are not ours to know).
make -C "$TOP" --no-print-directory -s -o "$rel/ejournal" -o "$rel/libejournal.a" install BUILD="$rel" \
	PREFIX=/opt/ej DESTDIR="$T/root" >"$T/log" 2>&1; st=$?
check "make install succeeds" test "$st" -eq 0
check "binary installed" test -x "$T/root/opt/ej/bin/ejournal"
check "man page installed" test -f "$T/root/opt/ej/share/man/man1/ejournal.1"
check "templates installed" test -n "$(ls "$T/root/opt/ej/share/ejournal/templates/" 2>/dev/null)"
# The installed binary finds its data beside itself (PREFIX/share/ejournal),
# not in the source tree: run it from elsewhere with no EJOURNAL_DATADIR.
out=$(cd "$T" && env -u EJOURNAL_DATADIR "$T/root/opt/ej/bin/ejournal" --version 2>&1)
check "installed binary runs" grep -q '^ejournal ' <<<"$out"

# Documents need templates/ (and fonts): the installed copy must find them.
I="env -u EJOURNAL_DATADIR $T/root/opt/ej/bin/ejournal"
mkdir -p "$T/w" && cd "$T/w" || exit 1
$I -q generate --size small --out g >/dev/null 2>&1
$I -q --db w.db --config g/ejournal.ini import g/export >/dev/null 2>&1; st=$?
check "installed: import" test "$st" -eq 0
$I -q --db w.db --config g/ejournal.ini report semester --semester 1 --out rep >/dev/null 2>err; st=$?
check "installed: report finds its templates" test "$st" -eq 0 -a -s rep/semester-1.pdf
$I -q --db w.db --config g/ejournal.ini print --group ИСП-21 --out jr >/dev/null 2>err; st=$?
check "installed: print finds templates and fonts" test "$st" -eq 0 -a -s jr/ИСП-21.pdf
