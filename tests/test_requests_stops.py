"""The reply clock's stops through the CLI: the public-interest override after a refusal,
the consulted party's period from its receipt of the letter, the clock standing still
while a consultation runs, fees and payments (today is 2026-11-20, conftest).

Dates by hand from the 2026 notice (中秋 09-25..27, 国庆 10-01..07, 调休上班 09-20 and 10-10)."""

from __future__ import annotations

import json

from conftest import snapshot
from test_requests_cli import load, new, ok


def refused(run, reg, code, text, *args):
    before = snapshot(reg)
    r = run(*args, cwd=reg)
    assert r.exit_code == 1, (args, r)
    assert f"错误[{code}]" in r.stderr and text in r.stderr, (args, r)
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert snapshot(reg) == before, args
    return r


def show(run, reg, rid):
    return json.loads(ok(run, reg, "request", "show", rid, "--format", "json").stdout)


def refusing_party(run, reg):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "consult", rid, "--party", "东林精密仪器有限公司", "--by", "李四", "--date", "2026-09-16")
    ok(run, reg, "request", "consulted", rid, "--opinion", "不同意", "--reason", "涉及个人隐私", "--by", "李四",
       "--date", "2026-09-22")
    return rid


# ---------------------------------------------------------------- the public-interest override


def test_override_can_be_recorded_after_the_refusal(reg, run):
    rid = refusing_party(run, reg)
    r = refused(run, reg, "Q258", "dwgk request override", "request", "reply", rid, "--result", "予以公开", "--provide", "电子邮件",
                "--by", "李四", "--date", "2026-09-23")
    assert f"dwgk request override {rid} --party 东林精密仪器有限公司" in r.stderr  # a hint that can be followed
    refused(run, reg, "Q272", "须写明", "request", "override", rid, "--reason", " ", "--by", "李四",
            "--date", "2026-09-23")
    refused(run, reg, "Q273", "早于登记日期", "request", "override", rid, "--reason", "x", "--notified", "2026-09-22",
            "--by", "李四", "--date", "2026-09-23")
    refused(run, reg, "Q273", "晚于今天", "request", "override", rid, "--reason", "x", "--notified", "2026-12-01",
            "--by", "李四", "--date", "2026-09-23")
    refused(run, reg, "Q271", "没有正在征求其他单位的意见", "request", "override", rid, "--party", "其他单位",
            "--reason", "x", "--by", "李四", "--date", "2026-09-23")
    r = ok(run, reg, "request", "override", rid, "--reason", "涉及公共安全，不公开会对公共利益造成重大影响",
           "--notified", "2026-09-25", "--by", "李四", "--date", "2026-09-23")
    assert "2026-09-25 书面告知东林精密仪器有限公司" in r.stdout and "条例第三十二条" in r.stdout
    assert load(reg, rid)["history"][-1] == {
        "action": "override", "date": "2026-09-23", "by": "李四", "role": "政府信息公开工作机构",
        "party": "东林精密仪器有限公司", "reasons": "涉及公共安全，不公开会对公共利益造成重大影响", "notified": "2026-09-25"}
    refused(run, reg, "Q270", "已于 2026-09-23 决定公开", "request", "override", rid, "--reason", "x",
            "--by", "李四", "--date", "2026-09-24")
    # disclosure waits for the written notice to the third party
    refused(run, reg, "Q274", "2026-09-25 才书面告知", "request", "reply", rid, "--result", "予以公开", "--provide", "电子邮件",
            "--by", "李四", "--date", "2026-09-24")
    ok(run, reg, "request", "reply", rid, "--result", "予以公开", "--provide", "电子邮件", "--by", "李四", "--date", "2026-09-28")
    letter = ok(run, reg, "form", rid, "--kind", "答复书", "--format", "md").stdout
    assert ("本机关认为涉及公共安全，不公开会对公共利益造成重大影响，决定予以公开，并于2026年9月25日将决定公开的"
            "政府信息内容和理由书面告知东林精密仪器有限公司。") in letter
    # disclosed in the public interest after a third party's refusal: 第十五条、第三十二条
    assert "依据《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（二）项的规定" in letter
    assert run("check", cwd=reg).exit_code == 0


def test_override_needs_a_reasoned_refusal(reg, run):
    rid = new(run, reg, "2026-09-15")
    refused(run, reg, "Q236", "无需以公共利益为由决定公开", "request", "override", rid, "--reason", "x",
            "--by", "李四", "--date", "2026-09-16")
    ok(run, reg, "request", "consult", rid, "--party", "甲公司", "--by", "李四", "--date", "2026-09-16")
    ok(run, reg, "request", "consulted", rid, "--opinion", "同意", "--by", "李四", "--date", "2026-09-17")
    refused(run, reg, "Q236", "无需以公共利益为由决定公开", "request", "override", rid, "--reason", "x",
            "--by", "李四", "--date", "2026-09-18")
    # the option on consulted is gone: the decision is its own record
    r = run("request", "consulted", rid, "--opinion", "同意", "--override", "x", "--by", "李四", cwd=reg)
    assert r.exit_code == 2


def test_check_flags_a_hand_written_override_without_a_refusal(reg, run):
    rid = new(run, reg, "2026-09-15")
    path = reg / "requests" / "2026" / f"{rid}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- action: override\n  date: 2026-09-16\n  by: 李四\n"
                    "  party: 甲公司\n  reasons: 公共利益\n", encoding="utf-8")
    r = run("check", "--format", "json", cwd=reg)
    codes = [(f["code"], f["message"]) for f in json.loads(r.stdout)["findings"]]
    assert r.exit_code == 1 and any(c == "Q305" and "决定公开" in m for c, m in codes), codes


# ---------------------------------------------------------------- consultations


def test_the_party_counts_from_receipt_of_the_letter(reg, run):
    rid = new(run, reg, "2026-09-15")
    refused(run, reg, "Q275", "早于登记日期", "request", "consult", rid, "--party", "甲公司", "--delivered",
            "2026-09-15", "--by", "李四", "--date", "2026-09-16")
    r = ok(run, reg, "request", "consult", rid, "--party", "甲公司", "--delivered", "2026-09-18", "--by", "李四",
           "--date", "2026-09-16")
    # 15 工作日 after 09-18: 20 (调休), 21..24 (5), 28..30 (8), 10-08..10 (11), 12..15 (15)
    assert "应于 2026-10-15 前答复（自 2026-09-18 收到之日起 15 个工作日）" in r.stdout
    assert load(reg, rid)["history"][-1]["delivered"] == "2026-09-18"
    data = show(run, reg, rid)
    consult = next(d for d in data["deadlines"] if d["rule"] == "request_consult")
    assert consult["start"] == "2026-09-18" and consult["due"] == "2026-10-15"
    # silence can be recorded only after the period counted from receipt
    refused(run, reg, "Q235", "2026-10-15", "request", "consulted", rid, "--opinion", "未答复", "--by", "李四",
            "--date", "2026-10-15")


def test_the_clock_stands_still_while_the_party_may_answer(reg, run):
    rid = new(run, reg, "2026-10-27")
    ok(run, reg, "request", "consult", rid, "--party", "甲公司", "--by", "李四", "--date", "2026-11-02")
    data = show(run, reg, rid)
    # used 10-28..30, 11-02 = 4; the party has until 11-23 (15 工作日 from 11-02)
    assert (data["due"], data["status"], data["paused_since"]) == (None, "paused", "2026-11-02")
    # if the party takes all 15 days: 16 left from 11-23: 24..27 (4), 30, 12-01..04 (9), 07..11 (14), 14, 15
    assert data["projected_due"] == "2026-12-15" and data["clock"]["projected_due"] == "2026-12-15"
    assert "推算" in data["status_text"] and "甲公司" in data["status_text"]
    text = ok(run, reg, "request", "show", rid).stdout
    assert "答复期限：暂停计时中：自 2026-11-02 起征求甲公司意见（对方应于 2026-11-23 前答复）" in text
    assert "未到期" not in text.split("下一步")[0]
    listed = ok(run, reg, "request", "list").stdout
    assert "暂停计时" in listed and "2026-12-15" in listed
    # after the party's period ran out unanswered, the clock runs again from that day
    later = json.loads(ok(run, reg, "request", "show", rid, "--format", "json", "--today", "2026-11-30").stdout)
    assert later["status"] == "open" and later["due"] == "2026-12-15" and later["paused_since"] is None


# ---------------------------------------------------------------- fees and payments


def test_pages_counts_and_amounts_are_bounded(reg, run):
    rid = new(run, reg, "2026-09-15")
    refused(run, reg, "Q247", "页数 99999999999999 无效", "request", "fee", rid, "--pages", "99999999999999",
            "--by", "李四", "--date", "2026-09-16")
    refused(run, reg, "Q247", "件数 0 无效", "request", "fee", rid, "--count", "0", "--by", "李四",
            "--date", "2026-09-16")
    refused(run, reg, "Q246", "不能直接写金额", "request", "fee", rid, "--amount", "50", "--by", "李四",
            "--date", "2026-09-16")
    ok(run, reg, "request", "fee", rid, "--pages", "100000", "--by", "李四", "--date", "2026-09-16")
    assert load(reg, rid)["history"][-1]["amount"] == 700 + 2000 + 40 * (100000 - 200)


def test_a_payment_must_match_the_notice(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "fee", rid, "--pages", "150", "--by", "李四", "--date", "2026-09-16")
    refused(run, reg, "Q250", "缴费金额 1 元少于收费通知的 1700 元", "request", "paid", rid, "--amount", "1",
            "--by", "李四", "--date", "2026-09-18")
    refused(run, reg, "Q250", "多于收费通知的 1700 元", "request", "paid", rid, "--amount", "1700.5",
            "--by", "李四", "--date", "2026-09-18")
    refused(run, reg, "Q250", "无效", "request", "paid", rid, "--amount", "nan", "--by", "李四", "--date", "2026-09-18")
    ok(run, reg, "request", "paid", rid, "--amount", "1700", "--by", "李四", "--date", "2026-09-18")
    assert load(reg, rid)["history"][-1]["amount"] == 1700


def test_a_hand_edited_fee_beyond_the_bounds_is_reported(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "fee", rid, "--pages", "150", "--by", "李四", "--date", "2026-09-16")
    path = reg / "requests" / "2026" / f"{rid}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("quantity: 150", "quantity: 99999999999999"),
                    encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 1 and "error[Q121]" in r.stderr and "99999999999999" in r.stderr


def test_reply_with_a_lapse_code_names_the_lapse_command(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--period", "10", "--by", "李四",
       "--date", "2026-09-16")
    r = refused(run, reg, "Q255", f"须在期满后用 dwgk request lapse {rid} 登记终止办理", "request", "reply", rid,
                "--result", "其他处理-逾期不补正", "--reason", "x", "--by", "李四", "--date", "2026-09-17")
    assert "补正期限至 2026-09-30" in r.stderr
