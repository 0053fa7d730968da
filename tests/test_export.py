"""dwgk export sqlite: row counts and sums agree with the JSON outputs of the same register."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from conftest import make_register

REPO = Path(__file__).resolve().parent.parent


def q(db, sql, *args):
    return db.execute(sql, args).fetchall()


def test_export_agrees_with_the_json_outputs(tmp_path, run):
    reg = tmp_path / "national"
    shutil.copytree(REPO / "examples" / "national", reg)
    text = (reg / "dwgk.yaml").read_text(encoding="utf-8")
    (reg / "dwgk.yaml").write_text(text + "people:\n  沈红: 政府信息公开工作机构\n  赵强: 承办科室\n", encoding="utf-8")
    r = run("-R", reg, "export", "sqlite", tmp_path / "登记簿.db")
    assert r.exit_code == 0, r
    assert "事项 33" in r.stdout  # the 32 of the walkthrough and the withdrawn one
    db = sqlite3.connect(tmp_path / "登记簿.db")
    items = json.loads(run("-R", reg, "list", "--format", "json").stdout)
    assert q(db, "SELECT count(*) FROM items")[0][0] == len(items)
    assert q(db, "SELECT count(*) FROM item_events")[0][0] == sum(len(i["history"]) for i in items)
    assert dict(q(db, "SELECT stage, count(*) FROM items GROUP BY stage")) == +Counter(i["stage"] for i in items)
    assert q(db, "SELECT count(*) FROM item_events WHERE action = 'publish'")[0][0] == \
        sum(1 for i in items for e in i["history"] if e["action"] == "publish")
    reqs = json.loads(run("-R", reg, "request", "list", "--format", "json").stdout)
    assert dict(q(db, "SELECT stage, count(*) FROM requests GROUP BY stage")) == +Counter(x["stage"] for x in reqs)
    assert dict(q(db, "SELECT id, outcome FROM requests")) == {x["id"]: x["result"] for x in reqs}
    msgs = json.loads(run("-R", reg, "message", "list", "--format", "json").stdout)
    assert q(db, "SELECT count(*) FROM messages")[0][0] == len(msgs)
    late = json.loads(run("-R", reg, "overdue", "--format", "json").stdout)
    got = q(db, "SELECT count(*), sum(days_late), sum(serious) FROM deadlines WHERE overdue = 1")[0]
    assert got == (late["count"], sum(x["days_late"] for x in late["overdue"]), late["serious"])
    assert sorted(r[0] for r in q(db, "SELECT subject FROM deadlines WHERE overdue = 1")) == \
        sorted(x["id"] for x in late["overdue"])
    status = json.loads(run("-R", reg, "status", "--format", "json").stdout)
    assert q(db, "SELECT count(*) FROM deadlines WHERE status = 'open' AND minimum = 0")[0][0] == \
        status["deadlines"]["open"] > 0
    report = json.loads(run("-R", reg, "report", "annual", "--year", "2025", "--format", "json").stdout)
    new_2025 = next(r for r in report["sections"][2]["tables"][0]["rows"] if r["key"] == "new")["cells"]["申请人情况/总计"]
    assert q(db, "SELECT count(*) FROM requests WHERE received LIKE '2025-%'")[0][0] == new_2025
    assert dict(q(db, "SELECT name, role FROM people")) == {"沈红": "政府信息公开工作机构", "赵强": "承办科室"}
    # documented, versioned schema with foreign keys and indexes
    assert q(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("1",)]
    assert q(db, "PRAGMA user_version") == [(1,)]
    assert {r[2] for r in q(db, "PRAGMA foreign_key_list(item_events)")} == {"items"}
    assert q(db, "PRAGMA foreign_key_check") == []
    assert {r[1] for r in q(db, "PRAGMA index_list(items)")} >= {"items_stage", "items_index_no"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for table in ("meta", "registers", "catalogue", "items", "item_events", "requests", "request_events",
                  "messages", "message_events", "deadlines", "people"):
        assert f"`{table}`" in readme, table


def test_export_units_and_refusals(tmp_path, run):
    office = make_register(tmp_path / "县", run)
    for name in ("national", "kejiju"):
        assert run("units", "add", name, REPO / "examples" / name, cwd=office).exit_code == 0
    assert run("units", "fetch", cwd=office).exit_code == 0
    r = run("export", "sqlite", "全县.db", "--units", cwd=office)
    assert r.exit_code == 0, r
    db = sqlite3.connect(office / "全县.db")
    assert [r[0] for r in q(db, "SELECT unit FROM registers ORDER BY id")] == ["national", "kejiju"]
    per = dict(q(db, "SELECT r.unit, count(*) FROM items i JOIN registers r ON r.id = i.register_id GROUP BY r.unit"))
    for name in ("national", "kejiju"):
        assert per[name] == len(json.loads(run("-R", REPO / "examples" / name, "list", "--format", "json").stdout))
    r = run("export", "sqlite", tmp_path / "没有" / "x.db", cwd=office)
    assert r.exit_code == 1 and "U020" in r.stderr and not (tmp_path / "没有").exists()
