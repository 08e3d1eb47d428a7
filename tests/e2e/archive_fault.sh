#!/usr/bin/env bash
# Fault tests for `ejournal archive` (--no-documents: the database is what
# matters here, and the timing of the kills stays predictable): SIGKILL at random moments and a
# destination that runs out of room (ulimit -f) must leave no file under the
# final name unless it verifies, nothing but temporaries (cleaned by the next
# run), an older good copy intact, and the database untouched.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
Z=ejournal-2025-2026.zip

# A database of a few MB: the schema by hand, marks by a recursive CTE.
{
	schema_sql
	cat <<'EOF'
INSERT INTO batch VALUES (1, '2026-01-10 10:00:00', '2026-01-10 09:00:00', 'marks.csv');
INSERT INTO grp (id, name) VALUES (1, 'ИСП-21');
INSERT INTO student (id, ext_id, name, short_name) VALUES (1, 'S1', 'Петров Пётр Петрович', 'Петров П. П.'),
  (2, 'S2', 'Сидорова Ёлка Ивановна', 'Сидорова Ё. И.');
INSERT INTO discipline VALUES (1, 1, 'ОП.01', 'Основы программирования');
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 60000)
INSERT INTO mark (discipline_id, date, pair, student_id, seq, value, mark_kind, batch_id)
SELECT 1, date('2025-09-01', '+' || (n % 300) || ' days'), 1 + n % 6, 1 + n % 2, n,
       '4', 'Текущая ' || hex(randomblob(6)), 1 FROM c;
EOF
} | sqlite3 big.db
cat > ej.ini <<'EOF'
[year]
name = 2025/2026
EOF
before=$(db_dump big.db)
check "fixture database is a few MB" test "$(stat -c %s big.db)" -gt 3000000

# Only the final archive or our temporaries may be in the destination.
only_ours() { # $1 = dir
	local f
	for f in $(ls -A "$1" 2>/dev/null); do
		case "$f" in
		"$Z"|".$Z.tmp."*) ;;
		*) echo "stray file $1/$f"; return 1 ;;
		esac
	done
	return 0
}

# --- SIGKILL at random moments (bounded: 10 runs) ----------------------------------
# Kill times spread over the whole run (backup, gzip, ZIP writing, read-back),
# with random jitter; an incompressible extra file lengthens the ZIP phase.
head -c 4000000 /dev/urandom > noise.bin
bad=0 during=0 after=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	rm -rf d
	"$EJ" -q --db big.db --config ej.ini archive --no-documents --to d --include noise.bin >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' $((i * 50 + RANDOM % 40)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ -e "d/$Z" ]; then
		after=$((after + 1))
		"$EJ" verify "d/$Z" >/dev/null 2>&1 || { echo "run $i: d/$Z exists but does not verify"; bad=1; }
	fi
	ls -A d 2>/dev/null | grep -q "^\.$Z\.tmp\." && during=$((during + 1))
	only_ours d || bad=1
	if [ "$(db_dump big.db)" != "$before" ]; then echo "run $i: database changed"; bad=1; fi
done
echo "# kills: $during during the ZIP, $after after it was complete, $((10 - during - after)) before"
check "SIGKILL: no unverified final archive, no stray files, database unchanged" test $bad = 0

# The next run cleans what the killed ones left and succeeds.
expect_status 0 "archive after the kills succeeds" "$EJ" -q --db big.db --config ej.ini archive --no-documents --to d
check "no temporaries left after the next run" test -z "$(ls -A d | grep -v "^$Z\$")"
check "no work folders left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
check "the archive verifies" "$EJ" verify "d/$Z"

# --- SIGKILL during restore: the database appears whole or not at all ------------------
bad=0 tmps=0 whole=0
for i in 1 2 3 4 5 6; do
	rm -rf rk
	"$EJ" -q restore "d/$Z" --db rk/r.db >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' $((i * 60 + RANDOM % 40)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	ls -A rk 2>/dev/null | grep -q '^\.r\.db\.tmp\.' && tmps=$((tmps + 1))
	if [ -e rk/r.db ]; then
		whole=$((whole + 1))
		[ "$(sqlite3 rk/r.db 'PRAGMA integrity_check')" = ok ] && [ "$(db_dump rk/r.db)" = "$before" ] ||
			{ echo "run $i: rk/r.db exists but is not the whole database"; bad=1; }
	fi
	for f in $(ls -A rk 2>/dev/null); do
		case "$f" in r.db|.r.db.tmp.*) ;; *) echo "run $i: stray rk/$f"; bad=1 ;; esac
	done
done
echo "# restore kills: $tmps left a temporary, $whole after the database was in place"
check "SIGKILL during restore: no partial database, no stray files" test $bad = 0
rm -f rk/r.db
expect_status 0 "restore after the kills succeeds" "$EJ" -q restore "d/$Z" --db rk/r.db
check "restore cleans the temporaries of killed runs" test "$(ls -A rk)" = r.db
check "restored database equals the original" test "$(db_dump rk/r.db)" = "$before"

# --- SIGKILL while the journals are drawn by worker processes --------------------------
# The workers must die with the archive run (no orphans writing on): 12 groups
# keep two workers busy for a good part of a second.
cat > ej-full.ini <<'EOF'
[year]
name = 2025/2026
semester1 = 01.09.2025-28.12.2025
semester2 = 12.01.2026-30.06.2026
EOF
{
	schema_sql
	cat <<'EOF'
INSERT INTO batch VALUES (1, '2026-01-10 10:00:00', '2026-01-10 09:00:00', 'marks.csv');
INSERT INTO teacher VALUES (1, 'T1', 'Иванова Анна Петровна', 'Иванова А. П.', NULL);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 12)
INSERT INTO grp (id, name, curator_id) SELECT n, 'ИСП-' || (20 + n), 1 FROM g;
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 240)
INSERT INTO student (id, ext_id, name, short_name)
SELECT n, 'S' || n, 'Студент Номер ' || n, 'Студент Н. ' || n FROM s;
INSERT INTO stay (student_id, group_id) SELECT id, 1 + (id - 1) / 20 FROM student;
INSERT INTO discipline (id, group_id, code, name) SELECT id, id, 'ОП.01', 'Основы программирования' FROM grp;
WITH RECURSIVE l(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM l WHERE n < 59)
INSERT INTO lesson (discipline_id, date, pair, teacher_id, topic, batch_id)
SELECT d.id, date('2025-09-02', '+' || (l.n * 2) || ' days'), 1, 1, 'Тема ' || l.n, 1 FROM discipline d, l;
INSERT INTO mark (discipline_id, date, pair, student_id, value, batch_id)
SELECT l.discipline_id, l.date, 1, st.student_id, substr('5432н', 1 + (st.student_id + l.id) % 5, 1), 1
FROM lesson l JOIN stay st ON st.group_id = l.discipline_id;
EOF
} | sqlite3 docs.db
docs_before=$(db_dump docs.db)
bad=0 seen=0
for delay in 0.1 0.3 0.6; do
	rm -rf dk
	"$EJ" -q --db docs.db --config ej-full.ini archive -j 2 --to dk >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	workers=$(pgrep -P $pid)
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	sleep 0.05
	for w in $workers; do
		# Alive and not a zombie waiting for its new parent to reap it.
		if [ -n "$(ps -o stat= -p "$w" 2>/dev/null | grep -v Z)" ]; then
			echo "delay $delay: worker $w outlived the killed run"; bad=1
			kill -9 "$w"
		fi
	done
	seen=$((seen + $(echo $workers | wc -w)))
	if [ -e "dk/$Z" ] && ! "$EJ" verify "dk/$Z" >/dev/null 2>&1; then
		echo "delay $delay: dk/$Z exists but does not verify"; bad=1
	fi
	only_ours dk || bad=1
done
echo "# workers running at the kills: $seen"
check "SIGKILL while drawing journals: no orphan workers, no unverified archive" test $bad = 0
check "SIGKILL while drawing journals: database unchanged" test "$(db_dump docs.db)" = "$docs_before"

# --- a destination that runs out of room ----------------------------------------------
good=$(sha256sum "d/$Z")
small=$(mktemp -d "$T/small.XXXXXX")
schema_sql | sqlite3 small.db
small_before=$(db_dump small.db)
# 1 MiB limit: the backup fits, the archive does not.
( ulimit -f 1024; exec "$EJ" -q --db small.db --config ej.ini archive --no-documents --to "$small" --include noise.bin ) \
	>/dev/null 2>err.txt   # noise.bin: incompressible, the ZIP passes 1 MiB
check "ulimit -f: archive fails with exit 4" test $? -eq 4
check "ulimit -f: the error says why" grep -qi 'too large\|большой' err.txt
check "ulimit -f: no file under the final name" test ! -e "$small/$Z"
check "ulimit -f: no temporary left" test -z "$(ls -A "$small")"
check "ulimit -f: no work folder left" test -z "$(ls -A "$TMPDIR")"
check "ulimit -f: database untouched" test "$(db_dump small.db)" = "$small_before"

# An older good copy survives a failed run; a tiny limit fails at the backup.
( ulimit -f 64; exec "$EJ" -q --db big.db --config ej.ini archive --no-documents --to d ) >/dev/null 2>err2.txt
check "ulimit -f 64K: archive fails with exit 4" test $? -eq 4
check "ulimit -f 64K: the older copy is intact" test "$(sha256sum "d/$Z")" = "$good"
check "ulimit -f 64K: no temporary, no work folder" \
	test -z "$(ls -A d | grep -v "^$Z\$")$(ls -A "$TMPDIR")"
check "ulimit -f 64K: database untouched" test "$(db_dump big.db)" = "$before"
