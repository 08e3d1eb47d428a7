-- ejournal database, schema version 1.
-- Dates are ISO text 'YYYY-MM-DD'; timestamps 'YYYY-MM-DD HH:MM:SS' (local
-- civil time, as the exports give it).  subgroup 0 = the whole group.
-- Every import is one batch; imported rows point at the batch that last set them.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE batch (
  id          INTEGER PRIMARY KEY,
  imported_at TEXT NOT NULL,            -- when ejournal ran
  exported_at TEXT NOT NULL,            -- the export time (--as-of / «Дата выгрузки» / mtime)
  source      TEXT NOT NULL             -- file names, ", "-separated
);

-- One row per imported file content: re-importing the same bytes is a no-op.
CREATE TABLE import_file (
  sha256   TEXT PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  rows     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE teacher (
  id         INTEGER PRIMARY KEY,
  ext_id     TEXT UNIQUE,               -- the export's ID / табельный номер
  name       TEXT NOT NULL,             -- «Фамилия Имя Отчество»
  short_name TEXT NOT NULL,             -- «Фамилия И. О.»
  department TEXT
);
CREATE INDEX teacher_name ON teacher(name);

CREATE TABLE grp (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,      -- «ИСП-21»
  specialty  TEXT,
  course     INTEGER,
  curator_id INTEGER REFERENCES teacher(id),
  department TEXT
);

CREATE TABLE student (
  id         INTEGER PRIMARY KEY,
  ext_id     TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  short_name TEXT NOT NULL,
  birth_date TEXT
);
CREATE INDEX student_name ON student(name);

-- A student's stay in a group: [enrolled, left_on) — NULL = year start / still there.
CREATE TABLE stay (
  id         INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES student(id),
  group_id   INTEGER NOT NULL REFERENCES grp(id),
  subgroup   INTEGER NOT NULL DEFAULT 0 CHECK (subgroup >= 0),
  enrolled   TEXT,
  left_on    TEXT,
  UNIQUE (student_id, group_id, enrolled)
);
CREATE INDEX stay_group ON stay(group_id);

-- Disciplines belong to a group's curriculum: indices are unique per group only.
CREATE TABLE discipline (
  id       INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES grp(id),
  code     TEXT NOT NULL,               -- «ОП.01» (or the name when the export has no index)
  name     TEXT NOT NULL,               -- «Основы программирования»
  UNIQUE (group_id, code)
);

CREATE TABLE curriculum (
  id            INTEGER PRIMARY KEY,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  semester      INTEGER NOT NULL CHECK (semester IN (1, 2)),
  subgroup      INTEGER NOT NULL DEFAULT 0 CHECK (subgroup >= 0),
  hours         REAL NOT NULL CHECK (hours >= 0),
  theory        REAL,
  practice      REAL,
  lab           REAL,
  control_works INTEGER,
  attestation   TEXT,                   -- exam|credit|diff_credit|other, NULL = none
  teacher_id    INTEGER REFERENCES teacher(id),
  batch_id      INTEGER REFERENCES batch(id),
  UNIQUE (discipline_id, semester, subgroup)
);

-- Календарно-тематический план: one row per planned lesson.
CREATE TABLE plan (
  id            INTEGER PRIMARY KEY,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  subgroup      INTEGER NOT NULL DEFAULT 0,
  lesson_no     INTEGER NOT NULL,
  section       TEXT,
  topic         TEXT NOT NULL,
  hours         REAL NOT NULL DEFAULT 2,
  lesson_type   TEXT NOT NULL DEFAULT 'theory',
  week          INTEGER,
  planned_date  TEXT,
  semester      INTEGER,                -- from planned_date and the calendar; NULL when unknown
  homework      TEXT,
  batch_id      INTEGER REFERENCES batch(id),
  UNIQUE (discipline_id, subgroup, lesson_no)
);

CREATE TABLE schedule (
  id            INTEGER PRIMARY KEY,
  date          TEXT NOT NULL,
  pair          INTEGER NOT NULL,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  subgroup      INTEGER NOT NULL DEFAULT 0,
  teacher_id    INTEGER REFERENCES teacher(id),
  room          TEXT,
  hours         REAL NOT NULL DEFAULT 2,
  batch_id      INTEGER REFERENCES batch(id),
  UNIQUE (date, pair, discipline_id, subgroup)
);
CREATE INDEX schedule_disc ON schedule(discipline_id, date);

-- Journal records of held lessons.  pair is the file's, or the lesson's rank
-- that day in file order when the export has no pair column.
CREATE TABLE lesson (
  id               INTEGER PRIMARY KEY,
  discipline_id    INTEGER NOT NULL REFERENCES discipline(id),
  subgroup         INTEGER NOT NULL DEFAULT 0,
  date             TEXT NOT NULL,
  pair             INTEGER NOT NULL,
  teacher_id       INTEGER REFERENCES teacher(id),
  topic            TEXT,
  lesson_type      TEXT NOT NULL DEFAULT 'theory',
  hours            REAL NOT NULL DEFAULT 2,
  homework         TEXT,
  substitute_note  TEXT,                -- the «Замена» cell as written, NULL = no substitution
  substitute_for   INTEGER REFERENCES teacher(id),  -- resolved replaced teacher, if any
  recorded_at      TEXT,
  attendance_taken INTEGER,             -- 1/0, NULL = the export does not say
  batch_id         INTEGER NOT NULL REFERENCES batch(id),
  UNIQUE (discipline_id, subgroup, date, pair)
);
CREATE INDEX lesson_date ON lesson(date);

-- One row per value in a journal cell («5/4» gives seq 0 and 1).
-- value: 5 4 3 2 1 зач незач на осв н б у оп (normalised).
CREATE TABLE mark (
  id            INTEGER PRIMARY KEY,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  subgroup      INTEGER NOT NULL DEFAULT 0,
  date          TEXT NOT NULL,
  pair          INTEGER NOT NULL,       -- 0 = unknown (no lesson that day to take it from)
  student_id    INTEGER NOT NULL REFERENCES student(id),
  seq           INTEGER NOT NULL DEFAULT 0,
  value         TEXT NOT NULL,
  mark_kind     TEXT,                   -- as exported («Контрольная работа»…)
  weight        REAL NOT NULL DEFAULT 1,
  recorded_at   TEXT,
  modified_at   TEXT,
  batch_id      INTEGER NOT NULL REFERENCES batch(id)
);
-- The natural key, as a named index (not a UNIQUE constraint) so that a
-- first import can drop it and build it once after the bulk load.
CREATE UNIQUE INDEX mark_key ON mark(discipline_id, date, pair, student_id, seq);
CREATE INDEX mark_student ON mark(student_id, discipline_id);

-- Marks that changed, appeared or vanished between two batches covering them.
CREATE TABLE mark_history (
  id            INTEGER PRIMARY KEY,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  subgroup      INTEGER NOT NULL DEFAULT 0,
  date          TEXT NOT NULL,
  pair          INTEGER NOT NULL,
  student_id    INTEGER NOT NULL REFERENCES student(id),
  seq           INTEGER NOT NULL,
  change        TEXT NOT NULL CHECK (change IN ('changed', 'appeared', 'vanished')),
  old_value     TEXT,
  new_value     TEXT,
  old_batch_id  INTEGER REFERENCES batch(id),  -- the earlier batch that covered the cell
  new_batch_id  INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX mark_history_disc ON mark_history(discipline_id, date);

-- What each batch covered: group × discipline × subgroup up to its export time.
CREATE TABLE coverage (
  batch_id      INTEGER NOT NULL REFERENCES batch(id),
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  subgroup      INTEGER NOT NULL DEFAULT 0,
  kind          TEXT NOT NULL,          -- marks | grid | lessons
  PRIMARY KEY (batch_id, discipline_id, subgroup, kind)
) WITHOUT ROWID;

-- semester: 1, 2, or 0 for the year («год»).
-- final_kind: semester|exam|diff_credit|credit|year|final.
CREATE TABLE final (
  id            INTEGER PRIMARY KEY,
  discipline_id INTEGER NOT NULL REFERENCES discipline(id),
  student_id    INTEGER NOT NULL REFERENCES student(id),
  semester      INTEGER NOT NULL CHECK (semester IN (0, 1, 2)),
  final_kind    TEXT NOT NULL DEFAULT 'semester',
  value         TEXT NOT NULL,
  recorded_at   TEXT,
  batch_id      INTEGER NOT NULL REFERENCES batch(id),
  UNIQUE (discipline_id, student_id, semester, final_kind)
);
