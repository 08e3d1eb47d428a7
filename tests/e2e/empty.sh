# Every reading command on an empty database, and on one with groups but no
# journal yet: no crash, no sanitizer report, a clear exit status.
. "$TOP/tests/e2e/lib.sh"

printf '[year]\nname = 2025/2026\nsemester1 = 01.09.2025-28.12.2025\nsemester2 = 12.01.2026-30.06.2026\n' >ej.ini
# An empty database: import of a header-only file creates it with no rows.
printf 'ID;ФИО;Отделение\n' >teachers.csv
ej -q --db empty.db --config ej.ini import teachers.csv 2>err; st=$?
check "header-only import exits 0" test "$st" -eq 0
check "database created" test -s empty.db

# Groups without lessons, marks or curriculum.
printf 'Группа;Специальность;Курс\nИСП-21;09.02.07 Информационные системы и программирование;2\n' >groups.csv
printf 'ID;ФИО;Группа\n1;Иванов Иван Иванович;ИСП-21\n' >students.csv
cp empty.db bare.db
ej -q --db bare.db --config ej.ini import groups.csv students.csv 2>err; st=$?
check "groups and students import" test "$st" -eq 0

for db in empty bare; do
	run() { # NAME WANT CMD...
		local name=$1 want=$2; shift 2
		ej -q --db $db.db --config ej.ini "$@" >out 2>err; local got=$?
		if [ "$got" -eq "$want" ] && ! grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' err; then
			ok "$db: $name"
		else
			not_ok "$db: $name (exit $got, want $want): $(head -3 err | tr '\n' ' ')"
		fi
	}
	run "check" 0 check
	run "check --format json" 0 check --format json
	check "$db: json of an empty check is an array" /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, list)' out
	run "check --final --format csv" 0 check --final --format csv
	run "report monthly" 0 report monthly --month 2025-10 --out rep-$db
	run "report semester" 0 report semester --semester 1 --out rep-$db
	run "summary" 0 summary --out rep-$db/summary.xlsx
	if [ $db = empty ]; then
		run "print says there is nothing to print" 3 print --out jr-$db
		check "print names the cause" grep -q "no groups" err
	else
		run "print" 0 print --out jr-$db
	fi
	run "archive" 0 archive --to ar-$db
	run "verify" 0 verify ar-$db/ejournal-2025-2026.zip
done

# A rejected first import must not leave a database behind (nothing lost,
# nothing half-made); a usage error neither needs nor creates one.
printf 'x;y\n1;2\n' >junk.csv
ej -q --db first.db import junk.csv 2>err; st=$?
check "rejected first import exits 3" test "$st" -eq 3
check "rejected first import leaves no database" test ! -e first.db
ej -q --db none.db check --bogus 2>err; st=$?
check "usage error without a database exits 2" test "$st" -eq 2
check "usage error creates no database" test ! -e none.db
ej -q --db none.db check 2>err; st=$?
check "check without a database exits 4" test "$st" -eq 4
check "check without a database says to import first" grep -q "ejournal import" err
