#!/usr/bin/env bash
# archive / verify / restore end to end (documents.md §6): the archive is judged
# by unzip -t and sha256sum -c, the restored database by PRAGMA integrity_check
# and a full .dump against the original; damage of every kind must make verify
# fail naming the member; restore must refuse paths that escape the target.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

# A small database built from the schema by hand (no importer needed).
make_db() {
	{
		schema_sql
		cat <<'EOF'
INSERT INTO batch VALUES (1, '2026-01-10 10:00:00', '2026-01-10 09:00:00', 'marks.csv');
INSERT INTO teacher VALUES (1, 'T1', 'Иванова Анна Петровна', 'Иванова А. П.', 'Отделение ИТ');
INSERT INTO grp VALUES (1, 'ИСП-21', '09.02.07', 2, 1, 'Отделение ИТ');
INSERT INTO grp VALUES (2, 'ИСП-22', '09.02.07', 2, 1, 'Отделение ИТ');
INSERT INTO student VALUES (1, 'S1', 'Петров Пётр Петрович', 'Петров П. П.', '2008-05-01');
INSERT INTO student VALUES (2, 'S2', 'Сидорова Ёлка Ивановна', 'Сидорова Ё. И.', NULL);
INSERT INTO student VALUES (3, 'S3', 'Ким Анна', 'Ким А.', NULL);
INSERT INTO stay VALUES (1, 1, 1, 0, NULL, NULL), (2, 2, 1, 0, NULL, NULL), (3, 3, 2, 0, NULL, NULL);
INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования');
INSERT INTO lesson (id, discipline_id, date, pair, teacher_id, topic, batch_id)
  VALUES (1, 1, '2025-09-02', 1, 1, 'Введение', 1), (2, 1, '2025-09-09', 1, 1, 'Переменные', 1);
INSERT INTO mark (discipline_id, date, pair, student_id, value, batch_id)
  VALUES (1, '2025-09-02', 1, 1, '5', 1), (1, '2025-09-02', 1, 2, 'н', 1),
         (1, '2025-09-09', 1, 1, '4', 1), (1, '2025-09-09', 1, 2, '3', 1);
EOF
	} | sqlite3 "$1"
}

make_db src.db
before=$(db_dump src.db)
Z=ejournal-2025-2026.zip
cat > ej.ini <<'EOF'
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
EOF
printf '%%PDF-1.4 приказ об архиве\n' > prikaz.pdf

# --- help and usage ----------------------------------------------------------
for c in archive verify restore; do
	check "$c --help to stdout" sh -c "'$EJ' $c --help | grep -q '^usage: ejournal $c'"
	expect_status 0 "$c -h exits 0" ej "$c" -h
done
expect_status 2 "archive without --to is a usage error" ej --db src.db archive
expect_status 2 "restore without --db is a usage error" ej restore x.zip
expect_status 2 "verify without a file is a usage error" ej verify

# --- archive to two media (database and an --include file; documents below) ------
SOURCE_DATE_EPOCH=1767225600 ej --db src.db --config ej.ini archive --to m1 --to m2/deep \
	--include prikaz.pdf --no-documents >out.txt 2>err.txt
check "archive exits 0" test $? -eq 0
check "archive prints each copy" grep -qx "m2/deep/$Z" out.txt
check "copy 1 exists" test -f "m1/$Z"
check "copies are identical" cmp -s "m1/$Z" "m2/deep/$Z"
check "archive is 0600" test "$(stat -c %a "m1/$Z")" = 600
check "no temporaries left in the destination" test -z "$(ls -A m1 | grep -v "^$Z\$")"
check "no work folder left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
check "archive leaves the database unchanged" test "$(db_dump src.db)" = "$before"
check "unzip -t passes" unzip -tq "m1/$Z"

mkdir x && (cd x && unzip -q "../m1/$Z")
check "sha256sum -c passes on the extracted copy" sh -c "cd x && sha256sum --quiet -c SHA256SUMS"
check "SHA256SUMS lists every member but itself" sh -c \
	"unzip -Z1 'm1/$Z' | grep -vx SHA256SUMS | sort > m.lst && cut -c67- x/SHA256SUMS | sort > s.lst && cmp -s m.lst s.lst"
check "members: database, metadata, included file" sh -c \
	"grep -qx db/ejournal.db.gz m.lst && grep -qx metadata.json m.lst && grep -qx extra/prikaz.pdf m.lst"
check "metadata.json: year, time, counts, version, files" /usr/bin/python3 - x/metadata.json <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["year"] == "2025/2026", m["year"]
assert m["created"] == "2026-01-01T00:00:00Z", m["created"]
assert m["counts"] == {"groups": 2, "students": 3, "lessons": 2, "marks": 4, "schema_version": 2}, m["counts"]
assert m["tool_version"], m
names = {f["member"] for f in m["files"]}
assert names == {"db/ejournal.db.gz", "extra/prikaz.pdf"}, names
assert all("document_id" in f for f in m["files"])
EOF
check "gzip member is a gzip of a SQLite database" sh -c \
	"gzip -dc x/db/ejournal.db.gz | head -c 15 | grep -q 'SQLite format 3'"

expect_status 0 "verify: intact copy exits 0" ej verify "m1/$Z"
(cd x && zip -qr ../repacked.zip .)
expect_status 0 "verify: a copy repacked with zip -r (folder entries) is intact" ej verify repacked.zip
check "verify says intact" sh -c "'$EJ' verify 'm1/$Z' | grep -q 'цел'"

# --- restore ---------------------------------------------------------------------
expect_status 0 "restore exits 0" ej restore "m1/$Z" --db r/restored.db --out docs
check "restored database passes integrity_check" test "$(sqlite3 r/restored.db 'PRAGMA integrity_check')" = ok
check "restored database equals the original (.dump)" test "$(db_dump r/restored.db)" = "$before"
check "restored database is 0600" test "$(stat -c %a r/restored.db)" = 600
check "--out holds the documents" cmp -s docs/extra/prikaz.pdf prikaz.pdf
check "extracted documents are 0600" test "$(stat -c %a docs/extra/prikaz.pdf)" = 600
check "--out can be checked with sha256sum" sh -c "cd docs && sha256sum --quiet -c --ignore-missing SHA256SUMS"
check "restored database opens with ejournal" sh -c "'$EJ' --db r/restored.db archive --no-documents --to r2 >/dev/null"

sqlite3 r/restored.db "DELETE FROM mark"
changed=$(db_dump r/restored.db)
expect_status 2 "restore refuses an existing database" ej restore "m1/$Z" --db r/restored.db
check "the existing database stays untouched" test "$(db_dump r/restored.db)" = "$changed"
expect_status 0 "restore --force replaces it" ej restore "m1/$Z" --db r/restored.db --force
check "replaced database equals the original" test "$(db_dump r/restored.db)" = "$before"

# --- damage: each kind names the member -----------------------------------------
cat > tamper.py <<'EOF'
import sys, zipfile
src, dst, mode, arg = sys.argv[1:5]
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for info in zin.infolist():
    data = zin.read(info.filename)
    if info.filename == arg and mode == "remove":
        continue
    if info.filename == arg and mode == "flip":
        b = bytearray(data); b[len(b) // 2] ^= 0x01; data = bytes(b)
    zout.writestr(info.filename, data)
if mode == "add":
    zout.writestr(arg, b"not in SHA256SUMS\n")
zout.close()
EOF
verify_names() { # $1 = label, $2 = zip, $3 = member
	local got
	ej verify "$2" 2>v.err >/dev/null; got=$?
	if [ $got -eq 1 ] && grep -qF "«$3»" v.err; then ok "$1"; else not_ok "$1 (exit $got: $(head -2 v.err))"; fi
}
/usr/bin/python3 tamper.py "m1/$Z" flip.zip flip extra/prikaz.pdf
verify_names "verify: a flipped byte in a member names it" flip.zip extra/prikaz.pdf
/usr/bin/python3 tamper.py "m1/$Z" flipmeta.zip flip metadata.json
verify_names "verify: altered metadata.json is named" flipmeta.zip metadata.json
/usr/bin/python3 tamper.py "m1/$Z" removed.zip remove db/ejournal.db.gz
verify_names "verify: a removed member is named" removed.zip db/ejournal.db.gz
/usr/bin/python3 tamper.py "m1/$Z" added.zip add journals/лишний.pdf
verify_names "verify: an added member is named" added.zip journals/лишний.pdf
/usr/bin/python3 tamper.py "m1/$Z" nosums.zip remove SHA256SUMS
verify_names "verify: a missing SHA256SUMS is named" nosums.zip SHA256SUMS
# A raw flipped byte inside the stored data of the database member.
/usr/bin/python3 - "m1/$Z" raw.zip <<'EOF'
import struct, sys, zipfile
d = bytearray(open(sys.argv[1], "rb").read())
i = zipfile.ZipFile(sys.argv[1]).getinfo("db/ejournal.db.gz")
n, e = struct.unpack("<HH", d[i.header_offset + 26:i.header_offset + 30])
start = i.header_offset + 30 + n + e
d[start + i.compress_size // 2] ^= 0x10
open(sys.argv[2], "wb").write(d)
EOF
verify_names "verify: a raw flipped byte in the ZIP names the member" raw.zip db/ejournal.db.gz
expect_status 1 "restore refuses a damaged archive" ej restore raw.zip --db r/from-raw.db
check "no database from a damaged archive" test ! -e r/from-raw.db
head -c 300 "m1/$Z" > trunc.zip
expect_status 1 "verify: a truncated archive is damaged" ej verify trunc.zip
expect_status 4 "verify: a missing file is an I/O error" ej verify nonexistent.zip

# --- paths that escape the target ------------------------------------------------
/usr/bin/python3 - <<'EOF'
import hashlib, zipfile
for zname, evil in (("dotdot.zip", "../escaped.txt"), ("abs.zip", "/tmp/ejournal-e2e-escaped.txt")):
    z = zipfile.ZipFile(zname, "w")
    gz = open("x/db/ejournal.db.gz", "rb").read()
    body = b"owned\n"
    z.writestr("db/ejournal.db.gz", gz)
    z.writestr(evil, body)
    z.writestr("SHA256SUMS", "%s  db/ejournal.db.gz\n%s  %s\n" % (
        hashlib.sha256(gz).hexdigest(), hashlib.sha256(body).hexdigest(), evil))
    z.close()
EOF
mkdir -p jail
expect_status 1 "restore refuses ../ in a member name" ej restore dotdot.zip --db jail/r.db --out jail/out
check "../ member: nothing written outside" test ! -e escaped.txt -a ! -e jail/escaped.txt
check "../ member: no database restored" test ! -e jail/r.db
check "../ member: the message names it" sh -c "'$EJ' restore dotdot.zip --db jail/r.db 2>&1 | grep -qF '«../escaped.txt»'"
expect_status 1 "restore refuses an absolute member name" ej restore abs.zip --db jail/r.db --out jail/out
check "absolute member: nothing written" test ! -e /tmp/ejournal-e2e-escaped.txt -a ! -e jail/r.db

# --- one medium fails, the others are kept -----------------------------------------
ej --db src.db --config ej.ini archive --no-documents --to good --to /dev/null/nowhere >out2.txt 2>err2.txt
st=$?
check "a failed copy gives exit 4" test "$st" = 4
check "the failed copy is named" grep -q '/dev/null/nowhere' err2.txt
check "the good copy is kept and verifies" ej verify "good/$Z"
check "only the good copy is reported written" sh -c "test \"\$(cat out2.txt)\" = good/$Z"

# --- the same content and time give the same bytes --------------------------------
SOURCE_DATE_EPOCH=1767225600 ej --db src.db --config ej.ini archive --to again --include prikaz.pdf --no-documents >/dev/null
check "archiving twice gives identical bytes" cmp -s "again/$Z" "m1/$Z"

# --- the documents: journals (PDF/A), semester reports, summary ----------------------
ej --db src.db --config ej.ini archive --to full >full.out 2>full.err
st=$?
check "archive with documents exits 0" test "$st" = 0
[ "$st" = 0 ] || sed 's/^/# /' full.err
unzip -Z1 "full/$Z" 2>/dev/null | sort > full.lst
check "a journal per group" test "$(grep -c '^journals/.*\.pdf$' full.lst)" = 2
for m in journals/ИСП-21.pdf reports/semester-1.pdf reports/semester-1.xlsx \
	reports/semester-2.pdf reports/semester-2.xlsx summary/summary.xlsx; do
	check "member $m" grep -qx "$m" full.lst
done
check "archive with documents verifies" ej verify "full/$Z"
mkdir full-x && (cd full-x && unzip -q "../full/$Z" 2>/dev/null)
check "sha256sum -c passes with documents" sh -c "cd full-x && sha256sum --quiet -c SHA256SUMS"
check "each journal's document id is in metadata.json and on its pages" /usr/bin/python3 - full-x <<'EOF'
import json, subprocess, sys, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "metadata.json")))
journals = [f for f in m["files"] if f["member"].startswith("journals/")]
assert len(journals) == 2, journals
for f in journals:
    assert f["document_id"], f
    text = subprocess.run(["pdftotext", os.path.join(d, f["member"]), "-"],
                          capture_output=True, text=True).stdout
    assert f["document_id"] in text, (f["document_id"], f["member"])
EOF
journals_ok() {
	local f
	for f in full-x/journals/*.pdf; do
		[ -f "$f" ] && qpdf --check "$f" >/dev/null && grep -aq 'pdfaid:part' "$f" || return 1
	done
}
check "journals are PDF/A and pass qpdf --check" journals_ok
check "the summary workbook opens" /usr/bin/python3 -c \
	"import openpyxl, sys; openpyxl.load_workbook(sys.argv[1])" full-x/summary/summary.xlsx
ej --db src.db --config ej.ini archive -j 1 --to full1 >/dev/null 2>&1
mkdir full1-x && (cd full1-x && unzip -q "../full1/$Z" metadata.json 2>/dev/null)
check "journals made in 1 or 2 processes carry the same document ids" /usr/bin/python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ids = lambda m: [(f["member"], f["document_id"]) for f in m["files"] if f["member"].startswith("journals/")]
assert ids(a) == ids(b) and len(ids(a)) == 2, (ids(a), ids(b))' full-x/metadata.json full1-x/metadata.json
expect_status 2 "archive -j 0 is a usage error" ej --db src.db archive -j 0 --to bad
