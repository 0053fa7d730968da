"""Oversight across registers: units.yaml, read-only copies, figures per unit and in total."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import git_identity, make_register, snapshot

REPO = Path(__file__).resolve().parent.parent
GOV = ("national", "shikejiju", "gaoxinqu")


def sh(cwd, *args):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=True)


@pytest.fixture
def office(tmp_path, run):
    """A county office overseeing the example registers (three 政务, one 党务) and one folder
    that is no register at all."""
    root = make_register(tmp_path / "县政务公开办", run)
    for name in (*GOV, "kejiju"):
        r = run("units", "add", name, REPO / "examples" / name, cwd=root)
        assert r.exit_code == 0, r
    (tmp_path / "空目录").mkdir()
    assert run("units", "add", "空目录", tmp_path / "空目录", cwd=root).exit_code == 0
    r = run("units", "fetch", cwd=root)
    assert r.exit_code == 1 and "空目录：未能取得" in r.stdout and "不是 dwgk 登记簿" in r.stdout, r
    return root


def test_units_report_equals_the_sum_of_each_units_own_report(office, run):
    r = run("units", "report", "--year", "2025", "--format", "json", cwd=office)
    assert r.exit_code == 1, r  # 空目录 is reported as unreadable ...
    assert "空目录" in r.stderr
    data = json.loads(r.stdout)
    assert data["counted_in_tables"] == list(GOV)  # ... and the others still count
    assert "党务" in data["left_out_of_tables"]["kejiju"] and "空目录" in data["left_out_of_tables"]
    own = []
    for name in GOV:
        rr = run("-R", REPO / "examples" / name, "report", "annual", "--year", "2025", "--format", "json")
        assert rr.exit_code == 0, rr
        own.append({s["number"]: s for s in json.loads(rr.stdout)["sections"]})
    summed = {s["number"]: s for s in data["sections"]}
    for number in ("三", "四"):
        mine, theirs = summed[number]["tables"][0], [o[number]["tables"][0] for o in own]
        assert mine["title"] == theirs[0]["title"] and mine["columns"] == theirs[0]["columns"]
        assert [(x["label"], x["group"], x["key"]) for x in mine["rows"]] == \
            [(x["label"], x["group"], x["key"]) for x in theirs[0]["rows"]]
        for i, row in enumerate(mine["rows"]):
            for c in mine["columns"]:
                assert row["cells"][c] == sum(t["rows"][i]["cells"][c] for t in theirs), (number, row["label"], c)
        assert any(row["cells"][mine["columns"][-1]] for row in mine["rows"])  # not a table of zeros
    assert all(c["ok"] for c in data["checks"])


def test_status_and_overdue_per_unit_and_in_total(office, run):
    r = run("units", "status", "--format", "json", cwd=office)
    data = json.loads(r.stdout)
    units = {u["name"]: u for u in data["units"]}
    assert not units["空目录"]["ok"] and "dwgk.yaml" in units["空目录"]["error"]
    for name in (*GOV, "kejiju"):
        own = json.loads(run("-R", REPO / "examples" / name, "status", "--format", "json").stdout)
        assert units[name]["stages"] == own["stages"] and units[name]["items"] == own["items"]
        late = json.loads(run("-R", REPO / "examples" / name, "overdue", "--format", "json").stdout)
        assert units[name]["overdue"]["count"] == late["count"]
        assert units[name]["annual_report"]["year"] == 2025
    t = data["total"]
    assert t["readable"] == 4 and t["unreadable"] == ["空目录"]
    assert t["items"] == sum(units[n]["items"] for n in (*GOV, "kejiju"))
    assert t["overdue"]["count"] == sum(units[n]["overdue"]["count"] for n in (*GOV, "kejiju"))
    rates = [units[n]["replies_on_time"] for n in GOV]
    assert t["replies_on_time"]["on_time"] == sum(x["on_time"] for x in rates)
    r = run("units", "overdue", "--format", "json", cwd=office)
    od = json.loads(r.stdout)
    assert sum(len(u.get("overdue_rows", [])) for u in od["units"]) == od["total"]["overdue"]["count"] > 0
    text = run("units", "overdue", cwd=office)
    assert "national（东林市科学技术局）" in text.stdout and "空目录：无法读取" in text.stdout
    html = run("units", "status", "--format", "html", cwd=office).stdout
    assert html.startswith("<!DOCTYPE html>") and "<td>合计</td>" in html and "<td>national</td>" in html


def test_units_from_git_follow_their_register(tmp_path, run):
    unit = make_register(tmp_path / "乡镇", run)
    bare = tmp_path / "乡镇.git"
    sh(tmp_path, "git", "clone", "-q", "--bare", str(unit), str(bare))
    office = make_register(tmp_path / "县", run)
    assert run("units", "add", "乡镇", f"file://{bare}", cwd=office).exit_code == 0
    r = run("units", "fetch", cwd=office)
    assert r.exit_code == 0 and "git clone" in r.stdout, r
    before = json.loads(run("units", "status", "--format", "json", cwd=office).stdout)["units"][0]["items"]
    (tmp_path / "正文.txt").write_text("正文\n", encoding="utf-8")
    assert run("submit", "--title", "通知", "--reason", "临时事项", "--scope", "向社会公开", "--channel", "政府网站",
               "--content-file", tmp_path / "正文.txt", "--by", "张三", cwd=unit).exit_code == 0
    branch = sh(unit, "git", "symbolic-ref", "--short", "HEAD").stdout.strip()
    sh(unit, "git", "push", "-q", str(bare), branch)
    r = run("units", "fetch", cwd=office)
    assert r.exit_code == 0 and "已更新" in r.stdout, r
    after = json.loads(run("units", "status", "--format", "json", cwd=office).stdout)["units"][0]["items"]
    assert after == before + 1
    assert ".dwgk/" in (office / ".gitignore").read_text() and "units" not in sh(office, "git", "status", "--porcelain").stdout


def test_unreachable_unit_is_reported_and_the_others_still_count(tmp_path, run):
    office = make_register(tmp_path / "县", run)
    assert run("units", "add", "科技局", REPO / "examples" / "national", cwd=office).exit_code == 0
    assert run("units", "add", "远方", "https://127.0.0.1:9/没有.git", cwd=office).exit_code == 0
    r = run("units", "fetch", cwd=office)
    assert r.exit_code == 1 and "远方：未能取得" in r.stdout and "科技局：已从文件夹复制" in r.stdout
    r = run("units", "status", cwd=office)
    assert r.exit_code == 1 and "远方：无法读取——还没有副本" in r.stdout and "合计：1 个单位" in r.stdout


def test_units_add_refusals_change_nothing(tmp_path, run):
    office = make_register(tmp_path / "县", run)
    before = snapshot(office)
    for args, code in ((("../坏", "x"), "U003"), ((".隐藏", "x"), "U003"), (("科技局", tmp_path / "没有"), "U005")):
        r = run("units", "add", *args, cwd=office)
        assert r.exit_code in (1, 2) and code in r.stderr, r
    assert snapshot(office) == before
    assert run("units", "add", "科技局", REPO / "examples" / "national", cwd=office).exit_code == 0
    r = run("units", "add", "科技局", REPO / "examples" / "kejiju", cwd=office)
    assert r.exit_code == 1 and "U004" in r.stderr
    r = run("units", "status", cwd=make_register(tmp_path / "无单位", run))
    assert r.exit_code == 1 and "U006" in r.stderr and "dwgk units add" in r.stderr
    (office / "units.yaml").write_text("units:\n- {name: 甲}\n", encoding="utf-8")
    r = run("units", "status", cwd=office)
    assert r.exit_code == 1 and "units.yaml:2:3: error[U002]" in r.stderr, r
    git_identity(office)
