#!/usr/bin/python3
"""Writes the sample export (samples/*.csv) from fixed data.

The files mimic what staff produce: Windows-1251 with ';' (Excel on Russian
Windows), UTF-8 with BOM and ',', UTF-16LE with TAB (Excel «Unicode text»),
and a journal grid as the portal shows it.  Run from the repository root:
    /usr/bin/python3 samples/src/make_samples.py
The output is committed; the script documents how it was made.
"""
import datetime as dt
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

def write(name, rows, enc, delim, bom=False):
    def q(v):
        v = str(v)
        if any(c in v for c in (delim, '"', "\n")):
            return '"' + v.replace('"', '""') + '"'
        return v
    text = "\r\n".join(delim.join(q(v) for v in r) for r in rows) + "\r\n"
    if enc == "utf-16le":
        data = b"\xff\xfe" + text.encode("utf-16le")
    else:
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(enc)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

teachers = [
    ("T001", "Соколова Анна Петровна", "Отделение информационных технологий"),
    ("T002", "Кузнецов Игорь Валерьевич", "Отделение информационных технологий"),
    ("T003", "Иванова Мария Сергеевна", "Отделение информационных технологий"),
    ("T004", "Петрова Елена Викторовна", "Отделение информационных технологий"),
    ("T005", "Орлов Дмитрий Андреевич", "Отделение информационных технологий"),
]
write("teachers.csv", [("Табельный номер", "ФИО", "Отделение")] + teachers, "utf-8", ",", bom=True)

groups = [
    ("ИСП-21", "09.02.07 Информационные системы и программирование", 2, "Соколова Анна Петровна"),
    ("ИСП-22", "09.02.07 Информационные системы и программирование", 2, "Кузнецов Игорь Валерьевич"),
]
write("groups.csv", [("Группа", "Специальность", "Курс", "Куратор")] + groups, "cp1251", ";")

isp21 = ["Алексеев Алексей Алексеевич", "Борисова Дарья Игоревна", "Васильев Кирилл Олегович",
         "Григорьева Полина Андреевна", "Дмитриев Артём Павлович", "Егорова Софья Максимовна",
         "Жуков Матвей Ильич", "Зайцева Анна Романовна", "Ильин Глеб Денисович",
         "Новиков Никита Сергеевич"]
isp22 = ["Карпов Иван Евгеньевич", "Лебедева Виктория Олеговна", "Морозов Егор Викторович",
         "Никитина Алиса Дмитриевна", "Орлова Ева Александровна", "Павлов Тимофей Артёмович",
         "Романова Ксения Сергеевна", "Семёнов Лев Николаевич", "Тихонова Мирослава Ивановна",
         "Фёдоров Марк Алексеевич"]
students = [("Личный номер", "ФИО", "Группа", "Подгруппа", "Дата зачисления", "Дата отчисления", "Дата рождения")]
sid = {}
for i, n in enumerate(isp21):
    sid[n] = "S%03d" % (i + 1)
    sub = 1 if i % 2 == 0 else 2
    if n.startswith("Новиков"):
        students.append((sid[n], n, "ИСП-21", sub, "", "01.10.2025", "12.03.2008"))
        students.append((sid[n], n, "ИСП-22", 0, "01.10.2025", "", "12.03.2008"))
    else:
        students.append((sid[n], n, "ИСП-21", sub, "", "", "%02d.%02d.2008" % (i + 3, i % 12 + 1)))
for i, n in enumerate(isp22):
    sid[n] = "S%03d" % (i + 11)
    students.append((sid[n], n, "ИСП-22", "", "", "", "%02d.%02d.2008" % (i + 5, (i + 4) % 12 + 1)))
write("students.csv", students, "cp1251", ";")

discs = {"ОП.01": "Основы программирования", "ЕН.01": "Элементы высшей математики",
         "ОУД.04": "Иностранный язык", "МДК.01.01": "Разработка программных модулей"}
curr = [("Группа", "Семестр", "Индекс", "Наименование", "Подгруппа", "Всего часов", "Теория",
         "Практические", "Лабораторные", "Контрольные работы", "Форма аттестации", "Преподаватель")]
curr += [
    ("ИСП-21", 1, "ОП.01", discs["ОП.01"], "", 64, 32, 32, "", 2, "Экзамен", "Соколова Анна Петровна"),
    ("ИСП-21", 1, "ЕН.01", discs["ЕН.01"], "", 48, 30, 18, "", 3, "Дифференцированный зачёт", "Кузнецов Игорь Валерьевич"),
    ("ИСП-21", 1, "ОУД.04", discs["ОУД.04"], "", 32, "", 32, "", 2, "Зачёт", "Иванова Мария Сергеевна; Петрова Елена Викторовна"),
    ("ИСП-21", 2, "МДК.01.01", discs["МДК.01.01"], "", 72, 36, 20, 16, 2, "Экзамен", "Орлов Дмитрий Андреевич"),
    ("ИСП-22", 1, "ОП.01", discs["ОП.01"], "", 64, 32, 32, "", 2, "Экзамен", "Соколова Анна Петровна"),
    ("ИСП-22", 1, "ЕН.01", discs["ЕН.01"], "", 48, 30, 18, "", 3, "Дифференцированный зачёт", "Кузнецов Игорь Валерьевич"),
]
write("curriculum.csv", curr, "utf-8", ",", bom=True)

# Timetable, September–October 2025: (weekday, pair, group, discipline, subgroup, teacher, room)
week = [
    (0, 1, "ИСП-21", "ОП.01", 0, "Соколова Анна Петровна", "301"),
    (0, 2, "ИСП-21", "ЕН.01", 0, "Кузнецов Игорь Валерьевич", "214"),
    (1, 1, "ИСП-22", "ЕН.01", 0, "Кузнецов Игорь Валерьевич", "214"),
    (1, 2, "ИСП-22", "ОП.01", 0, "Соколова Анна Петровна", "301"),
    (2, 2, "ИСП-21", "ОП.01", 0, "Соколова Анна Петровна", "301"),
    (2, 3, "ИСП-21", "ОУД.04", 1, "Иванова Мария Сергеевна", "105"),
    (2, 3, "ИСП-21", "ОУД.04", 2, "Петрова Елена Викторовна", "106"),
    (4, 1, "ИСП-22", "ЕН.01", 0, "Кузнецов Игорь Валерьевич", "214"),
]
start = dt.date(2025, 9, 1)
days = [start + dt.timedelta(d) for d in range(61)]
lessons = []
for d in days:
    for (wd, pair, g, disc, sub, t, room) in week:
        if d.weekday() == wd:
            lessons.append((d, pair, g, disc, sub, t, room))
    if d == dt.date(2025, 10, 3):   # two ЕН.01 lessons that Friday
        lessons.append((d, 2, "ИСП-22", "ЕН.01", 0, "Кузнецов Игорь Валерьевич", "214"))
lessons.sort(key=lambda l: (l[0], l[2], l[1], l[4]))

sched = [("Дата", "Пара", "Группа", "Подгруппа", "Дисциплина", "Преподаватель", "Аудитория")]
for (d, pair, g, disc, sub, t, room) in lessons:
    sched.append((d.strftime("%d.%m.%Y"), pair, g, sub or "", disc, t, room))
write("schedule.csv", sched, "utf-8", ",", bom=True)

topics = {"ОП.01": ["Введение в программирование", "Алгоритмы и блок-схемы", "Типы данных",
                    "Переменные и выражения", "Ветвления", "Циклы", "Массивы", "Строки",
                    "Функции", "Рекурсия", "Структуры", "Файлы", "Отладка программ",
                    "Контрольная работа №1", "Сортировка", "Поиск", "Указатели", "Списки"],
          "ЕН.01": ["Матрицы", "Определители", "Системы уравнений", "Метод Гаусса",
                    "Векторы", "Прямая на плоскости", "Кривые второго порядка", "Пределы",
                    "Производная", "Контрольная работа", "Исследование функций", "Интеграл",
                    "Ряды", "Комплексные числа", "Повторение", "Практикум", "Практикум 2",
                    "Обобщение", "Итоговое занятие", "Резерв"],
          "ОУД.04": ["Знакомство", "Моя семья", "Учёба", "Компьютеры", "Интернет", "Профессия",
                     "Грамматика: Present Simple", "Контрольная работа", "Чтение текстов"]}
kinds = {"Контрольная работа №1": "Контрольная работа", "Контрольная работа": "КР"}
count = {}
les_rows = [("Дата", "Пара", "Группа", "Подгруппа", "Дисциплина", "Преподаватель", "Тема занятия",
             "Вид занятия", "Часы", "Домашнее задание", "Дата внесения", "Посещаемость отмечена")]
for (d, pair, g, disc, sub, t, room) in lessons:
    k = (g, disc, sub)
    count[k] = count.get(k, 0) + 1
    topic = topics[disc][(count[k] - 1) % len(topics[disc])]
    kind = kinds.get(topic, "Практическое занятие" if count[k] % 2 == 0 else "Комбинированный урок")
    rec = d.strftime("%d.%m.%Y") + " 1%d:%02d" % (4 + pair % 3, (pair * 17) % 60)
    les_rows.append((d.strftime("%d.%m.%Y"), pair, g, sub or "", disc + " " + discs[disc], t, topic, kind, 2,
                     "§%d" % count[k], rec, "да"))
write("lessons.csv", les_rows, "utf-16le", "\t")

# КТП for ИСП-21 ОП.01
plan = [("Группа", "Дисциплина", "№ п/п", "Раздел", "Тема", "Часы", "Вид занятия", "Дата по плану")]
d = dt.date(2025, 9, 1)
for i, topic in enumerate(topics["ОП.01"]):
    planned = start + dt.timedelta(days=(i // 2) * 7 + (0 if i % 2 == 0 else 2))
    plan.append(("ИСП-21", "ОП.01", i + 1, "Раздел 1. Основы" if i < 9 else "Раздел 2. Данные", topic, 2,
                 kinds.get(topic, "Практическое занятие" if i % 2 else "Комбинированный урок"),
                 planned.strftime("%d.%m.%Y")))
write("ktp_isp21_op01.csv", plan, "cp1251", ";")

# Marks: a fixed pseudo-random pattern (LCG), no pair column (taken from the lessons).
seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed % n
def members(g, d):
    out = []
    for n in isp21 if g == "ИСП-21" else isp22:
        out.append(n)
    if g == "ИСП-21" and d >= dt.date(2025, 10, 1):
        out.remove("Новиков Никита Сергеевич")
    if g == "ИСП-22" and d >= dt.date(2025, 10, 1):
        out.append("Новиков Никита Сергеевич")
    return out
marks = [("Дата", "Группа", "Дисциплина", "Обучающийся", "Отметка", "Вид отметки", "Дата выставления")]
grid = {}
for (d, pair, g, disc, sub, t, room) in lessons:
    for n in members(g, d):
        if sub and isp21.index(n) % 2 != sub - 1:
            continue
        r = rnd(10)
        if r < 3:
            v = ["5", "4", "4", "3", "5", "2"][rnd(6)]
        elif r == 3:
            v = ["н", "б", "у"][rnd(3)]
        elif r == 4 and rnd(3) == 0:
            v = "н/5" if rnd(2) else "5/4"
        else:
            continue
        if g == "ИСП-22" and disc == "ЕН.01":
            grid.setdefault(n, {})[(d, pair)] = v
            continue
        marks.append((d.strftime("%d.%m.%Y"), g, disc, n, v, "Работа на уроке",
                      d.strftime("%d.%m.%Y") + " 18:%02d" % rnd(60)))
write("marks.csv", marks, "cp1251", ";")

# The journal grid of ИСП-22 × ЕН.01 as the portal shows it.
cols = [(d, pair) for (d, pair, g, disc, sub, t, room) in lessons if g == "ИСП-22" and disc == "ЕН.01"]
rows = [("Группа", "ИСП-22"), ("Дисциплина", "ЕН.01 Элементы высшей математики"),
        ("Преподаватель", "Кузнецов Игорь Валерьевич"), ("Дата выгрузки", "31.10.2025 18:04"),
        ["№", "ФИО"] + [d.strftime("%d.%m") for (d, p) in cols] + ["Средний балл", "Пропуски", "Итог"]]
for i, n in enumerate(sorted(set(isp22) | {"Новиков Никита Сергеевич"})):
    cells = [grid.get(n, {}).get(c, "") for c in cols]
    nums = [int(x) for c in cells for x in c.split("/") if x.isdigit()]
    avg = ("%.2f" % (sum(nums) / len(nums))).replace(".", ",") if nums else ""
    miss = sum(1 for c in cells for x in c.split("/") if x in ("н", "б", "у")) * 2
    rows.append([i + 1, n] + cells + [avg, miss, ""])
write("grid_isp22_en01.csv", rows, "utf-8", ";")

# Finals: semester marks given early for two students (by ID).
finals = [("Группа", "Дисциплина", "Семестр", "ID", "Оценка", "Вид", "Дата выставления"),
          ("ИСП-21", "ОП.01", 1, sid["Алексеев Алексей Алексеевич"], 5, "семестровая", "30.10.2025 12:00"),
          ("ИСП-21", "ОП.01", 1, sid["Борисова Дарья Игоревна"], 4, "семестровая", "30.10.2025 12:05")]
write("finals.csv", finals, "utf-8", ",", bom=True)
