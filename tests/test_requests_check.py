"""``dwgk check`` reports every request (Q3xx) and message (M3xx) finding with the file and the
line of the offending record — hand-edited histories are caught like refused commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import snapshot
from test_requests_cli import new, ok


def check(run, root):
    before = snapshot(root)
    r = run("check", "--format", "json", cwd=root)
    assert snapshot(root) == before  # check never modifies a file
    return r, json.loads(r.stdout)["findings"]


def lines_of(path: Path, needle: str) -> list[int]:
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]


def edit(path: Path, old: str, new_text: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new_text, 1), encoding="utf-8")


def only(findings, code):
    hits = [f for f in findings if f["code"] == code]
    assert len(hits) == 1, (code, findings)
    return hits[0]


def request_file(reg, rid) -> Path:
    return reg / "requests" / rid.split("-")[1] / f"{rid}.yaml"


def test_q301_no_rule_for_the_date_of_receipt(reg, run):
    rid = new(run, reg, "2026-09-15")
    path = request_file(reg, rid)
    for old in ("received: 2026-09-15", "date: 2026-09-15"):
        edit(path, old, old.replace("2026-09-15", "2001-03-01"))  # before the 2007 条例 took effect
    r, found = check(run, reg)
    f = only(found, "Q301")
    assert r.exit_code == 1 and f["severity"] == "error"
    assert f["path"] == f"requests/2026/{rid}.yaml" and f["line"] == lines_of(path, "received:")[0]
    assert "2001-03-01" in f["message"]


def test_q302_history_out_of_date_order(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "assign", rid, "--department", "业务科", "--by", "李四", "--date", "2026-09-18")
    ok(run, reg, "request", "extend", rid, "--days", "5", "--approved-by", "沈主任", "--reason", "档案量大",
       "--by", "李四", "--date", "2026-09-22")
    path = request_file(reg, rid)
    edit(path, "date: 2026-09-22", "date: 2026-09-17")
    r, found = check(run, reg)
    f = only(found, "Q302")
    assert r.exit_code == 1 and f["line"] == lines_of(path, "date: 2026-09-17")[0]
    assert "第 3 条" in f["message"] and "2026-09-18" in f["message"]


def test_q303_duplicate_id_in_two_files(reg, run):
    rid = new(run, reg, "2026-09-15")
    path = request_file(reg, rid)
    (reg / "requests" / "2025").mkdir()
    copy = reg / "requests" / "2025" / path.name
    shutil.copy(path, copy)
    r, found = check(run, reg)
    dup = [f for f in found if f["code"] == "Q303"]
    assert r.exit_code == 1
    assert {(f["path"], f["line"]) for f in dup} == {(f"requests/2026/{rid}.yaml", 1), (f"requests/2025/{rid}.yaml", 1)}


def test_q304_late_amend_notice_is_a_warning_at_its_date(reg, run):
    rid = new(run, reg, "2026-09-15")
    r = ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--by", "李四", "--date", "2026-09-24")
    assert "警告[Q304]" in r.stderr and "条例第三十条" in r.stderr and "7 个工作日" in r.stderr
    r, found = check(run, reg)
    f = only(found, "Q304")
    assert r.exit_code == 0 and f["severity"] == "warning"
    assert f["path"] == f"requests/2026/{rid}.yaml"
    assert f["line"] == lines_of(request_file(reg, rid), "date: 2026-09-24")[0]
    text = run("check", cwd=reg).stderr
    assert f"requests/2026/{rid}.yaml:{f['line']}:" in text and "warning[Q304]" in text


def test_q305_a_step_the_command_would_have_refused(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "reply", rid, "--result", "予以公开", "--provide", "电子邮件", "--by", "李四", "--date", "2026-09-18")
    path = request_file(reg, rid)
    path.write_text(path.read_text(encoding="utf-8")
                    + "- action: archive\n  date: 2026-09-21\n  by: 李四\n", encoding="utf-8")
    r, found = check(run, reg)
    f = only(found, "Q305")
    assert r.exit_code == 1 and "未送达答复书就记录了归档" in f["message"]
    assert f["line"] == lines_of(path, "action: archive")[0]


def test_q305_payment_that_does_not_match_the_notice(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "fee", rid, "--pages", "150", "--by", "李四", "--date", "2026-09-16")
    ok(run, reg, "request", "paid", rid, "--by", "李四", "--date", "2026-09-18")
    path = request_file(reg, rid)
    head, sep, tail = path.read_text(encoding="utf-8").rpartition("amount: 1700")  # the payment, not the notice
    assert head.count("amount: 1700") == 1
    path.write_text(head + "amount: 1" + tail, encoding="utf-8")
    r, found = check(run, reg)
    f = only(found, "Q305")
    assert "缴费金额 1 元与收费通知的 1700 元不符" in f["message"]
    assert f["line"] == lines_of(path, "action: paid")[0]


def message_file(reg, mid) -> Path:
    return reg / "messages" / mid.split("-")[1] / f"{mid}.yaml"


def new_message(run, reg):
    r = ok(run, reg, "message", "new", "--type", "咨询", "--received", "2026-11-02", "--citizen", "王五",
           "--content", "补贴何时发放", "--by", "李四", "--date", "2026-11-02")
    return r.stdout.strip()


def test_m301_m302_m303(reg, run):
    mid = new_message(run, reg)
    ok(run, reg, "message", "reply", mid, "--text", "12月发放", "--signed-by", "钱副局长", "--by", "赵六",
       "--date", "2026-11-04")
    path = message_file(reg, mid)
    # M302: a second reply without reopening; M301: dated before the first
    path.write_text(path.read_text(encoding="utf-8") + "- action: reply\n  date: 2026-11-03\n  by: 赵六\n"
                    "  text: 再次答复\n  signed_by: 钱副局长\n", encoding="utf-8")
    (reg / "messages" / "2025").mkdir()
    shutil.copy(path, reg / "messages" / "2025" / path.name)  # M303 in both files
    r, found = check(run, reg)
    assert r.exit_code == 1
    mine = [f for f in found if f["path"] == f"messages/2026/{mid}.yaml"]
    got = {f["code"]: f["line"] for f in mine}
    assert got["M301"] == lines_of(path, "date: 2026-11-03")[0]
    assert got["M302"] == lines_of(path, "action: reply")[1]
    assert got["M303"] == 1
    assert {f["path"] for f in found if f["code"] == "M303"} == {f"messages/2026/{mid}.yaml",
                                                                   f"messages/2025/{mid}.yaml"}
