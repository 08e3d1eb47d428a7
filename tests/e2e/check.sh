#!/usr/bin/env bash
# tests/e2e/check.sh — `ejournal check` on a hand-made database
# (tests/e2e/fixtures/rules_small.sql): formats, filters, exit status.
. "$TOP/tests/e2e/lib.sh"

DB=$T/j.db
CFG=$TOP/tests/e2e/fixtures/rules_config.ini
{ cat "$TOP/lib/store/schema.sql"; echo "PRAGMA user_version = 1;";
  cat "$TOP/tests/e2e/fixtures/rules_small.sql"; } | sqlite3 "$DB" || { not_ok "fixture"; exit 0; }
P=(--from 2025-09-01 --to 2025-10-31)
c() { ej --db "$DB" --config "$CFG" check "${P[@]}" "$@"; }

expect_status 0 "check --help" ej check --help
check "help names --fail-on" sh -c "'$EJ' check --help | grep -q -- --fail-on"
expect_status 2 "bad --format" c --format xml
expect_status 2 "unknown rule" c --rules X99
expect_status 2 "two periods" ej --db "$DB" --config "$CFG" check --month 2025-09 --semester 1
check "bad rule named" sh -c "'$EJ' --db '$DB' --config '$CFG' check --rules D01,X99 2>&1 | grep -q X99"

# text: findings grouped by teacher, counts per rule at the end
c >"$T/out.txt" 2>"$T/err.txt"; st=$?
check "exit 1 on errors" test $st -eq 1
check "nothing on stderr" test ! -s "$T/err.txt"
check "teacher headings" sh -c "grep -qx 'Петров П. П.' '$T/out.txt' && grep -qx 'Соколова А. П.' '$T/out.txt'"
check "F01 message" grep -q "F01 ошибка  *15.09.2025  *Не указана тема занятия 15.09.2025, 1 пара (ОП.01, ИСП-21)" "$T/out.txt"
check "T01 delay" grep -q "T01 .*с опозданием на 2 дня" "$T/out.txt"
check "T02 next day, not 23:59, not grace" sh -c "test \$(grep -c '^  T02 ошибка  *[0-9][0-9]\\.' '$T/out.txt') -eq 1 && grep -q 'T02 .*выставлена задним числом 16.09.2025 — через 1 день (ОП.01, ИСП-21, Иванов И. И.)' '$T/out.txt'"
check "S01 names both" grep -q "S01 .*по расписанию — Соколова А. П., записал(а) — Петров П. П." "$T/out.txt"
check "G05" grep -q "G05 .*«н/2»" "$T/out.txt"
check "no F03 for a Latin term" sh -c "! grep -q '^  F03 ' '$T/out.txt'"
check "unchecked once" sh -c "test \$(grep -c 'T03 .*не проверено: нет данных' '$T/out.txt') -eq 1"
check "counts per rule" sh -c "sed -n '/^Итого по правилам:/,\$p' '$T/out.txt' | grep -q '^  F01 ошибка *1 '"
check "total line" grep -q "^Всего: 5 ошибок, 3 замечания" "$T/out.txt"
# Соколова's block holds F01 and T02 only
check "grouped by teacher" sh -c "sed -n '/^Соколова А. П.\$/,/^\$/p' '$T/out.txt' | grep -c '^  [A-Z][0-9]' | grep -qx 2"

# JSON: field names as cli.md, valid JSON
c --format json >"$T/out.json"
check "json fields" /usr/bin/python3 - "$T/out.json" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1], encoding='utf-8'))
keys = {'rule', 'severity', 'group', 'discipline', 'subgroup', 'teacher', 'student', 'date',
        'period_from', 'period_to', 'message', 'figures'}
assert a and all(set(f) == keys for f in a), [set(f) ^ keys for f in a]
t01 = [f for f in a if f['rule'] == 'T01'][0]
assert t01['date'] == '2025-09-22' and t01['discipline'] == {'index': 'ЕН.01', 'name': 'Математика'}
assert t01['figures'] == {'delay_days': 2} and t01['teacher'] == 'Петров Пётр Петрович'
t02 = [f for f in a if f['rule'] == 'T02'][0]
assert t02['student'] == 'Иванов Иван Иванович' and t02['severity'] == 'error'
a01 = [f for f in a if f['rule'] == 'A01'][0]
assert a01['date'] is None and a01['period_from'] == '2025-09-01' and a01['period_to'] == '2025-10-31'
assert a01['figures'] == {'marks': 0, 'lessons_attended': 3, 'required': 1}, a01['figures']
EOF

# CSV: stable header, parses, same findings as JSON
c --format csv >"$T/out.csv"
check "csv header" sh -c "head -1 '$T/out.csv' | grep -qx 'rule,severity,date,period_from,period_to,group,discipline,discipline_name,subgroup,teacher,student,message,figures'"
check "csv = json" /usr/bin/python3 - "$T/out.csv" "$T/out.json" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))
js = json.load(open(sys.argv[2], encoding='utf-8'))
assert [(r['rule'], r['date'], r['message']) for r in rows] == \
       [(f['rule'], f['date'] or '', f['message']) for f in js]
EOF

# filters and exit status
check "teacher filter" sh -c "'$EJ' --db '$DB' --config '$CFG' check ${P[*]} --teacher 'соколова а.п.' --format csv | tail -n +2 | grep -v ',unchecked,' | cut -d, -f1 | sort | tr '\n' ' ' | grep -qx 'F01 T02 '"
expect_status 0 "warnings pass by default" c --rules F02
expect_status 1 "--fail-on warning" c --rules F02 --fail-on warning
expect_status 0 "--fail-on never" c --fail-on never
expect_status 0 "month without findings" ej --db "$DB" --config "$CFG" check --month 2025-11 --rules F,T
check "empty month says so" sh -c "'$EJ' --db '$DB' --config '$CFG' check --month 2025-11 --rules F01 | grep -q 'Нарушений не найдено'"
check "discipline filter" sh -c "'$EJ' --db '$DB' --config '$CFG' check ${P[*]} --discipline 'ен.01' --rules F,T --format csv | tail -n +2 | cut -d, -f7 | sort -u | grep -qx 'ЕН.01'"
# --final: end-of-semester rules before the end date
c --final --rules P01 --format csv >"$T/final.csv"
check "--final runs P01" grep -q "^P01,error,,2025-09-01,2025-12-28,ИСП-21,ОП.01" "$T/final.csv"
c --rules P01 --format csv >"$T/nofinal.csv"
check "no P01 mid-semester" sh -c "test \$(wc -l < '$T/nofinal.csv') -eq 1"
expect_status 4 "missing database" ej --db "$T/none.db" check

# A01 counts every mark of the period, also one entered the next day (T02)
# after an absence: in tests/e2e/fixtures/reports_small.sql Попов has «н» on
# 06.10 and «3» on 13.10 (entered 14.10) in ОП.01 — 1 mark, 3 lessons attended.
RDB=$T/r.db
{ cat "$TOP/lib/store/schema.sql"; cat "$TOP/tests/e2e/fixtures/reports_small.sql"; } | sqlite3 "$RDB"
{ cat "$CFG"; printf '[policy]\naccumulation.lessons_per_mark = 1\n'; } > "$T/acc.ini"
ej --db "$RDB" --config "$T/acc.ini" check --month 2025-10 --rules A01 >"$T/a01.txt" 2>&1
check "A01 counts Попов's mark of 13.10" \
	grep -q "Мало отметок: 1 отметка, посещено занятий: 3, нужно не меньше 3 (ОП.01, ИСП-21, Попов А. Д.)" "$T/a01.txt"
