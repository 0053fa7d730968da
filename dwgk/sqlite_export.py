"""``dwgk export sqlite``: a register (or every overseen unit) as a SQLite database.

The schema is versioned (``SCHEMA_VERSION``, stored in ``meta``) and documented in README.md;
a change of the schema bumps the version. Rows come from the loaded ``Register`` and the
domain functions that the other commands use (stage, deadlines as of ``today``), so the
database says what ``dwgk list / overdue / request list`` say. Writing goes to a temporary
file that replaces ``OUT.db`` only when complete.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from dwgk import deadlines as dl
from dwgk import messages as msgs
from dwgk import requests as rq
from dwgk.items import procedure as wf
from dwgk.serials import index_nos

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE registers (
  id INTEGER PRIMARY KEY, unit TEXT NOT NULL, org TEXT NOT NULL, code TEXT, profile TEXT NOT NULL,
  kind TEXT NOT NULL, UNIQUE (unit));
CREATE TABLE catalogue (
  register_id INTEGER NOT NULL REFERENCES registers(id), code TEXT NOT NULL, category TEXT, name TEXT,
  content TEXT, scope TEXT, channels TEXT, timing TEXT, cadence TEXT, department TEXT,
  PRIMARY KEY (register_id, code));
CREATE TABLE items (
  register_id INTEGER NOT NULL REFERENCES registers(id), id TEXT NOT NULL, title TEXT NOT NULL,
  entry TEXT, scope TEXT, channels TEXT, timing TEXT, kind TEXT, attribute TEXT, department TEXT,
  proposer TEXT, doc_number TEXT, doc_date TEXT, period TEXT, submitted TEXT, stage TEXT NOT NULL,
  index_no TEXT, published TEXT, path TEXT NOT NULL, PRIMARY KEY (register_id, id));
CREATE INDEX items_stage ON items (register_id, stage);
CREATE INDEX items_entry ON items (register_id, entry);
CREATE INDEX items_department ON items (register_id, department);
CREATE INDEX items_index_no ON items (index_no);
CREATE TABLE item_events (
  register_id INTEGER NOT NULL, item_id TEXT NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL,
  date TEXT, by TEXT, role TEXT, step TEXT, result TEXT, opinion TEXT, channel TEXT, index_no TEXT,
  data TEXT NOT NULL, PRIMARY KEY (register_id, item_id, seq),
  FOREIGN KEY (register_id, item_id) REFERENCES items (register_id, id));
CREATE INDEX item_events_action ON item_events (register_id, action, date);
CREATE INDEX item_events_by ON item_events (by);
CREATE TABLE requests (
  register_id INTEGER NOT NULL REFERENCES registers(id), id TEXT NOT NULL, received TEXT, channel TEXT,
  applicant TEXT, applicant_type TEXT, content TEXT, form TEXT, stage TEXT NOT NULL, outcome TEXT,
  closed TEXT, path TEXT NOT NULL, PRIMARY KEY (register_id, id));
CREATE INDEX requests_received ON requests (register_id, received);
CREATE INDEX requests_outcome ON requests (register_id, outcome);
CREATE TABLE request_events (
  register_id INTEGER NOT NULL, request_id TEXT NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL,
  date TEXT, by TEXT, role TEXT, result TEXT, data TEXT NOT NULL, PRIMARY KEY (register_id, request_id, seq),
  FOREIGN KEY (register_id, request_id) REFERENCES requests (register_id, id));
CREATE INDEX request_events_action ON request_events (register_id, action, date);
CREATE TABLE messages (
  register_id INTEGER NOT NULL REFERENCES registers(id), id TEXT NOT NULL, type TEXT, received TEXT,
  channel TEXT, citizen TEXT, subject TEXT, content TEXT, stage TEXT NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (register_id, id));
CREATE TABLE message_events (
  register_id INTEGER NOT NULL, message_id TEXT NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL,
  date TEXT, by TEXT, role TEXT, data TEXT NOT NULL, PRIMARY KEY (register_id, message_id, seq),
  FOREIGN KEY (register_id, message_id) REFERENCES messages (register_id, id));
CREATE TABLE deadlines (
  register_id INTEGER NOT NULL REFERENCES registers(id), subject TEXT NOT NULL, subject_kind TEXT NOT NULL,
  rule TEXT NOT NULL, rule_name TEXT, source TEXT, title TEXT, period TEXT, start TEXT, due TEXT,
  done TEXT, status TEXT NOT NULL, overdue INTEGER NOT NULL, days_late INTEGER NOT NULL,
  serious INTEGER NOT NULL, minimum INTEGER NOT NULL, provisional INTEGER NOT NULL, department TEXT,
  person TEXT, path TEXT);
CREATE INDEX deadlines_subject ON deadlines (register_id, subject);
CREATE INDEX deadlines_status ON deadlines (register_id, status, due);
CREATE TABLE people (
  register_id INTEGER NOT NULL REFERENCES registers(id), name TEXT NOT NULL, role TEXT,
  PRIMARY KEY (register_id, name));
"""


def _iso(d: Any) -> str | None:
    return d.isoformat() if isinstance(d, date) else (str(d) if d else None)


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)


# the columns an event table has besides ``data`` (the event's other fields, as JSON)
EVENT_COLUMNS = ("action", "date", "by", "role", "step", "result", "opinion", "channel", "index_no")


def event_row(e: Any) -> dict:
    """The columns of one history event (the one place that reads an event's fields): its
    ``to_json()`` as every ``--format json`` shows it, split into columns and the rest."""
    d = e.to_json()
    row = {k: (d.pop(k, None) or None) for k in EVENT_COLUMNS}
    row["data"] = _json(d)
    return row


def _add_register(db: sqlite3.Connection, unit: str, reg: Any, today: date) -> None:
    cur = db.execute("INSERT INTO registers (unit, org, code, profile, kind) VALUES (?, ?, ?, ?, ?)",
                     (unit, reg.config.org, reg.config.code or None, reg.profile.name, reg.profile.kind))
    rid = cur.lastrowid
    db.executemany("INSERT OR IGNORE INTO catalogue VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(rid, e.code, " / ".join(e.category), e.name, e.content, e.scope, "、".join(e.channels),
                     e.timing, e.cadence or None, e.department or None) for e in reg.catalogue])
    seen: set[str] = set()
    for it in reg.items:
        if it.id in seen:  # a duplicate ID (dwgk check: I030) is exported once
            continue
        seen.add(it.id)
        st = wf.state(reg.profile, it)
        nos = index_nos(it)
        pub = next((e.date for e in it.history if e.action == "publish"), None)
        db.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (rid, it.id, it.title, it.entry, it.scope, "、".join(it.channels), it.timing, it.kind,
                    it.attribute or None, it.department or None, it.proposer or None, it.doc_number or None,
                    _iso(it.doc_date), it.period or None, _iso(it.submitted), st.stage,
                    nos[0][1] if nos else None, _iso(pub), it.path))
        db.executemany("INSERT INTO item_events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       [(rid, it.id, i, r["action"], r["date"], r["by"], r["role"], r["step"], r["result"],
                         r["opinion"], r["channel"], r["index_no"], r["data"])
                        for i, r in enumerate(map(event_row, it.history))])
    _records(db, "requests", reg.requests, lambda req: (
        rid, req.id, _iso(req.received), req.channel or None, req.applicant, req.applicant_type, req.content,
        req.form or None, rq.progress(req).stage, rq.outcome(req), _iso(rq.closed_on(req)), req.path),
        lambda i, r: (r["action"], r["date"], r["by"], r["role"], r["result"], r["data"]))
    _records(db, "messages", reg.messages, lambda m: (
        rid, m.id, m.type, _iso(m.received), m.channel or None, m.citizen, m.subject, m.content,
        msgs.state(m).stage, m.path),
        lambda i, r: (r["action"], r["date"], r["by"], r["role"], r["data"]))
    db.executemany("INSERT INTO deadlines VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   ((rid, r.deadline.subject, r.deadline.kind, r.deadline.rule, r.deadline.clock.label,
                     r.deadline.clock.source, r.deadline.title, r.deadline.period or None,
                     _iso(r.deadline.clock.start), _iso(r.due), _iso(r.state.done), r.state.status,
                     int(r.overdue), r.state.days_late, int(r.serious), int(r.deadline.minimum), int(r.provisional),
                     r.deadline.department or None, r.deadline.person or None, r.deadline.path or None)
                    for r in dl.each_row(reg, today)))  # one at a time
    db.executemany("INSERT OR IGNORE INTO people VALUES (?,?,?)",
                   [(rid, name, role or None) for name, role in (reg.config.people or {}).items()])


def _records(db: sqlite3.Connection, table: str, records: Iterable[Any], row, event) -> None:
    """One row per record (a duplicate ID, a ``dwgk check`` finding, is exported once) and one
    per history event in ``<table minus s>_events``."""
    seen: set[str] = set()
    for rec in records:
        if rec.id in seen:
            continue
        seen.add(rec.id)
        values = row(rec)
        db.execute(f"INSERT INTO {table} VALUES ({','.join('?' * len(values))})", values)
        events = [(values[0], rec.id, i, *event(i, r)) for i, r in enumerate(map(event_row, rec.history))]
        if events:
            db.executemany(f"INSERT INTO {table[:-1]}_events VALUES ({','.join('?' * len(events[0]))})", events)


def export(out: Path, registers: Iterable[tuple[str, Any]], today: date, version: str) -> dict[str, int]:
    """Write ``(unit name, Register)`` pairs ("" for the register itself) to ``out``; row counts."""
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(SCHEMA)
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("schema_version", str(SCHEMA_VERSION)), ("today", today.isoformat()),
                            ("dwgk_version", version)])
            for unit, reg in registers:
                _add_register(db, unit, reg, today)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            bad = db.execute("PRAGMA foreign_key_check").fetchall()
            assert not bad, bad
            db.commit()
            counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        finally:
            db.close()
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return counts


TABLES = ("registers", "catalogue", "items", "item_events", "requests", "request_events", "messages",
          "message_events", "deadlines", "people")
