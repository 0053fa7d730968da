"""`dwgk check` finds each kind of hand-made breakage, with the right file and line."""

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import snapshot


def new_item(run, root, date="2026-11-02"):
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", "--date", date, cwd=root)
    assert r.exit_code == 0, r
    item = r.stdout.strip()
    return item, root / "items" / "2026" / f"{item}.yaml"


def published_item(run, root):
    item, path = new_item(run, root)
    for step, res, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        assert run("review", item, "--step", step, "--result", res, "--by", "甲", "--date", f"2026-11-{day}", cwd=root).exit_code == 0
    assert run("publish", item, "--channel", "政府网站", "--by", "乙", "--date", "2026-11-06", cwd=root).exit_code == 0
    return item, path


def check(run, root):
    before = snapshot(root)
    r = run("check", "--format", "json", cwd=root)
    assert snapshot(root) == before  # check never modifies a file
    return r, json.loads(r.stdout)


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def last_line_of(path: Path, needle: str) -> int:
    return max(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def edit(path: Path, old: str, new: str, count: int = 1):
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def finding(data, code):
    hits = [f for f in data["findings"] if f["code"] == code]
    assert hits, data
    return hits[0]


def test_clean_register_passes(reg, run):
    published_item(run, reg)
    r, data = check(run, reg)
    assert r.exit_code == 0 and data["ok"] and data["errors"] == 0


def test_yaml_syntax_error(reg, run):
    _, path = new_item(run, reg)
    edit(path, "title: 办法", "title: [办法")
    r, data = check(run, reg)
    assert r.exit_code == 1
    f = finding(data, "Y001")
    assert f["path"].endswith(path.name) and f["line"] >= line_of(path, "title:")


def test_unknown_key_and_bad_date(reg, run):
    _, path = new_item(run, reg)
    edit(path, "title: 办法", "title: 办法\ntitel: 错字")
    edit(path, "date: 2026-11-02", "date: 2026-13-02")
    r, data = check(run, reg)
    assert r.exit_code == 1
    assert finding(data, "I002")["line"] == line_of(path, "titel:")
    assert finding(data, "I004")["line"] == line_of(path, "2026-13-02")


def test_duplicate_key(reg, run):
    _, path = new_item(run, reg)
    edit(path, "title: 办法", "title: 办法\ntitle: 又一个")
    r, data = check(run, reg)
    assert finding(data, "Y002")["line"] == line_of(path, "又一个")


def test_merge_conflict_marker(reg, run):
    _, path = new_item(run, reg)
    edit(path, "title: 办法", "<<<<<<< HEAD\ntitle: 办法\n=======\ntitle: 办法二\n>>>>>>> other")
    r, data = check(run, reg)
    f = finding(data, "Y003")
    assert f["line"] == line_of(path, "<<<<<<<") and "合并冲突" in f["message"]


def test_duplicate_ids_from_two_clones(reg, run):
    item, path = new_item(run, reg)
    other = reg / "items" / "2025"
    other.mkdir()
    shutil.copy(path, other / path.name)
    r, data = check(run, reg)
    dup = [f for f in data["findings"] if f["code"] == "I030"]
    assert len(dup) == 2 and {f["line"] for f in dup} == {line_of(path, "id:")}


def test_dangling_catalogue_reference(reg, run):
    _, path = new_item(run, reg)
    edit(path, "entry: Z02", "entry: Z99")
    r, data = check(run, reg)
    assert finding(data, "I032")["line"] == line_of(path, "entry: Z99")


def test_cadence_on_an_entry_that_is_not_periodic(reg, run):
    path = reg / "catalogue.yaml"
    edit(path, "  timing: 长期\n", "  timing: 长期\n  cadence: 每月\n")
    r, data = check(run, reg)
    f = finding(data, "K006")
    assert f["severity"] == "warning" and f["line"] == line_of(path, "cadence: 每月")


def test_history_that_skips_a_step(reg, run):
    item, path = new_item(run, reg)
    assert run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "甲", "--date", "2026-11-03", cwd=reg).exit_code == 0
    edit(path, "step: 保密审查", "step: 审批")
    r, data = check(run, reg)
    f = finding(data, "W054")
    assert "须先完成" in f["message"] and f["line"] == line_of(path, "step: 审批")


def test_publication_without_secrecy_review(reg, run):
    item, path = published_item(run, reg)
    text = path.read_text(encoding="utf-8")
    # delete the secrecy review record by hand
    start = text.index("- action: review")
    end = text.index("- action: review", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    r, data = check(run, reg)
    assert r.exit_code == 1
    f = finding(data, "W055")
    assert f["line"] == line_of(path, "action: publish")


def test_content_changed_after_approval(reg, run):
    _, path = published_item(run, reg)
    edit(path, "\n  正文\n", "\n  偷偷改过的正文\n")
    r, data = check(run, reg)
    assert r.exit_code == 1
    assert finding(data, "W057")["line"] == last_line_of(path, "content_hash:")  # the 审批 decision


def test_date_order_and_future_dates(reg, run):
    item, path = published_item(run, reg)
    edit(path, "date: 2026-11-06", "date: 2026-11-01")
    r, data = check(run, reg)
    assert finding(data, "W052")["line"] == line_of(path, "date: 2026-11-01")


def test_text_output_format(reg, run):
    _, path = new_item(run, reg)
    edit(path, "entry: Z02", "entry: Z99")
    r = run("check", cwd=reg)
    assert r.exit_code == 1
    assert re.search(r"items/2026/GK-2026-\w+\.yaml:\d+:\d+: error\[I032\] ", r.stderr)
    assert "  提示: " in r.stderr
    assert "共发现 1 个错误" in r.stderr


def test_every_finding_reported_not_just_the_first(reg, run):
    _, p1 = new_item(run, reg)
    _, p2 = new_item(run, reg)
    edit(p1, "entry: Z02", "entry: Z98")
    edit(p2, "title: 办法", "title: [坏")
    r, data = check(run, reg)
    codes = {f["code"] for f in data["findings"]}
    assert {"I032", "Y001"} <= codes


def test_broken_config_exits_3(reg, run):
    (reg / "dwgk.yaml").write_text("org: [\n", encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 3 and "dwgk.yaml" in r.stderr


def test_unknown_profile_exits_3(reg, run):
    edit(reg / "dwgk.yaml", "profile: national", "profile: 不存在")
    r = run("status", cwd=reg)
    assert r.exit_code == 3 and "配置方案" in r.stderr
