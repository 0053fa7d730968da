"""What a request looks like: ``explain`` gives every clock step its date and rule, ``show``
keeps the timeline in date order, a lapsed request is shown as ended (and its notice can be
delivered), warnings come at entry, and the letters label their reasons."""

from __future__ import annotations

import json

from test_requests_cli import load, new, ok


def full_procedure(run, reg):
    rid = new(run, reg, "2026-09-15", "网络", "--confirmed", "2026-09-15")
    for args in (("amend", rid, "--reason", "写明文件名称", "--date", "2026-09-18"),
                 ("amended", rid, "--date", "2026-09-22", "--content", "2025年度市级科技计划立项清单"),
                 ("consult", rid, "--party", "东林精密仪器有限公司", "--date", "2026-09-24"),
                 ("consulted", rid, "--opinion", "不同意", "--reason", "涉及商业秘密", "--date", "2026-10-12"),
                 ("extend", rid, "--days", "20", "--approved-by", "沈主任", "--reason", "需逐项区分处理",
                  "--date", "2026-10-20"),
                 ("reply", rid, "--result", "部分公开", "--provide", "电子邮件", "--exemption", "第三方权益", "--reason", "涉及第三方商业秘密的部分不予公开",
                  "--withheld", "供应商报价明细", "--date", "2026-11-19")):
        ok(run, reg, "request", *args, "--by", "李四")
    return rid


def test_explain_gives_every_clock_step_its_date_and_rule(reg, run):
    rid = full_procedure(run, reg)
    text = ok(run, reg, "explain", rid).stdout
    block = text.split("■ ")[1]  # the reply clock
    lines = [line.strip() for line in block.splitlines()]

    def line(start, word):
        hits = [x for x in lines if x.startswith(start) and word in x]
        assert len(hits) == 1, (start, word, block)
        return hits[0]

    assert "依据：条例第三十一条" in line("2026-09-15", "起算日")
    assert "依据：条例第三十条" in line("2026-09-18", "暂停计时")
    assert "依据：条例第三十条" in line("2026-09-22", "重新计时")
    assert "依据：条例第三十二条、第三十四条" in line("2026-09-24", "暂停计时")
    assert "依据：条例第三十二条、第三十四条" in line("2026-10-12", "恢复计时")
    assert "依据：条例第三十三条第二款" in line("2026-10-20", "延长期限")
    assert "依据：政府信息公开条例（2019）" in line("2026-12-03", "到期日")
    replied = line("2026-11-19", "答复：部分公开")
    # a third party was consulted and the withheld part is its commercial secret: 第十五条、第三十二条 too
    assert "依据：《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项、第三十七条" in replied
    assert lines.index(replied) < lines.index(line("2026-12-03", "到期日"))  # in date order
    data = json.loads(ok(run, reg, "explain", rid, "--format", "json").stdout)
    reply = next(d for d in data["deadlines"] if d["rule"] == "request_reply")
    assert reply["done_event"].startswith("答复：部分公开，依据：")
    events = json.loads(ok(run, reg, "request", "show", rid, "--format", "json").stdout)["clock"]["events"]
    assert all(e["source"] for e in events)


def test_show_keeps_the_timeline_in_date_order(reg, run):
    rid = full_procedure(run, reg)
    text = ok(run, reg, "request", "show", rid).stdout
    timeline = text.split("  计时：\n")[1].split("  其他时限：")[0].splitlines()
    dates = [line.split()[0] for line in timeline]
    assert dates == sorted(dates), timeline
    assert any(line.strip().startswith("2026-11-19  答复：部分公开") for line in timeline)
    assert timeline[-1].strip().startswith("2026-12-03  到期日")


def test_a_lapsed_request_is_shown_as_ended_and_its_notice_delivered(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--period", "10", "--by", "李四",
       "--date", "2026-09-16")
    ok(run, reg, "request", "lapse", rid, "--by", "李四", "--date", "2026-10-09")
    data = json.loads(ok(run, reg, "request", "show", rid, "--format", "json").stdout)
    assert (data["due"], data["status"], data["stage"]) == (None, "lapsed", "lapsed")
    assert data["status_text"] == "申请人逾期未补正，已于 2026-10-09 终止办理，不再计算答复期限"
    assert "deliver" in data["next"]
    text = ok(run, reg, "request", "show", rid).stdout
    assert "答复期限：申请人逾期未补正，已于 2026-10-09 终止办理" in text
    assert "暂停计时中" not in text.split("下一步")[0] and "按时完成" not in text.split("下一步")[0]
    assert "不再计算" in ok(run, reg, "request", "list").stdout
    # the clock ended while it stood still: no "waiting to resume" line after the end
    assert "2026-09-16  暂停计时" in text and "计时暂停中" not in text
    assert "计时暂停中" not in ok(run, reg, "explain", rid).stdout.split("■ ")[1]
    r = ok(run, reg, "request", "deliver", rid, "--method", "邮寄", "--by", "李四", "--date", "2026-10-10")
    assert "送达终止办理告知书" in r.stdout
    assert load(reg, rid)["history"][-1]["action"] == "deliver"
    data = json.loads(ok(run, reg, "request", "show", rid, "--format", "json").stdout)
    assert data["stage"] == "delivered" and data["delivered"] == "2026-10-10" and data["result"] == "其他处理-逾期不补正"
    ok(run, reg, "request", "archive", rid, "--by", "李四", "--date", "2026-10-12")
    explain = ok(run, reg, "explain", rid).stdout
    assert "2026-10-09  终止办理：其他处理-逾期不补正" in explain and "按时完成" not in explain.split("■ ")[1]
    assert run("check", cwd=reg).exit_code == 0
    letter = ok(run, reg, "form", rid, "--kind", "答复书", "--format", "md").stdout
    assert ("本机关于2026年9月16日向您发出补正告知书，请您在10个工作日内（至2026年9月30日止）作出补正。"
            "补正期限届满，您未补正，也未说明正当理由。现依据《中华人民共和国政府信息公开条例》第三十条的规定，告知如下："
            "您的申请视为放弃，本机关不再处理该政府信息公开申请。") in letter
    assert "特此告知。" in letter and "理由：" not in letter


def test_a_late_ordinary_post_confirmation_is_warned_at_entry(reg, run):
    r = run("request", "new", "--channel", "平邮", "--arrived", "2025-09-12", "--confirmed", "2025-09-15",
            "--applicant", "赵六", "--applicant-type", "自然人", "--content", "某文件", "--by", "李四", cwd=reg)
    assert r.exit_code == 0, r
    assert "警告[Q112]" in r.stderr and "2025-09-12 收到，2025-09-15 才与申请人确认" in r.stderr
    rid = r.stdout.strip()
    assert load(reg, rid)["received"] == "2025-09-15"
    on_time = run("request", "new", "--channel", "平邮", "--arrived", "2025-09-12", "--confirmed", "2025-09-12",
                  "--applicant", "赵六", "--applicant-type", "自然人", "--content", "某文件", "--by", "李四", cwd=reg)
    assert on_time.exit_code == 0 and on_time.stderr == ""


def test_letters_are_prose_with_the_reasons_in_their_sentences(reg, run):
    rid = full_procedure(run, reg)
    for fmt in ("md", "html"):
        letter = ok(run, reg, "form", rid, "--kind", "答复书", "--format", fmt).stdout
        for label in ("理由：", "依据：", "不予公开的内容："):  # one letter, not a form of labelled fields
            assert label not in letter
        assert ("经审查，涉及第三方商业秘密的部分不予公开。现依据《中华人民共和国政府信息公开条例》第十五条、第三十二条、"
                "第三十六条第（三）项、第三十七条的规定，答复如下：您申请获取的政府信息中，供应商报价明细属于涉及商业秘密、"
                "个人隐私等公开会对第三方合法权益造成损害的政府信息，本机关不予公开；其余部分予以公开，现通过电子邮件向您提供。"
                ) in letter
        assert "因需逐项区分处理，经政府信息公开工作机构负责人同意，本机关将答复期限延长20个工作日" in letter
        assert "您于2026年9月22日提交了补正后的申请，申请获取“2025年度市级科技计划立项清单”。" in letter


def test_the_amend_notice_says_its_period_as_it_is_computed(reg, run):
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--period", "10", "--by", "李四",
       "--date", "2026-09-16")
    letter = ok(run, reg, "form", rid, "--kind", "补正告知书", "--format", "md").stdout
    # 10 工作日 from the notice: 17, 18, 20 (调休), 21..24 (7), 28..30 (10)
    assert "请您在本告知书发出之日起10个工作日内（至2026年9月30日止）向本机关提交补正后的申请。" in letter
    assert "自收到本告知书之日起" not in letter


def test_an_applicants_period_that_ran_out_is_the_offices_next_step_not_its_lateness(reg, run):
    # 补正 notice 2026-09-16 with 10 工作日 (to 2026-09-30); fee notice on another request.
    # Neither the applicant's silence nor a party's is the office being late: overdue lists
    # them apart with what to record next, and the period summary does not count them late.
    amend = new(run, reg, "2026-09-15", applicant="王五")
    ok(run, reg, "request", "amend", amend, "--reason", "写明文件名称", "--period", "10", "--by", "李四",
       "--date", "2026-09-16")
    data = json.loads(ok(run, reg, "overdue", "--format", "json").stdout)
    assert amend not in {o["id"] for o in data["overdue"]}
    [waiting] = data["expired_for_others"]
    assert (waiting["id"], waiting["rule"], waiting["due"], waiting["tier"]) == (
        amend, "request_amend_period", "2026-09-30", "")
    assert waiting["person"] != "王五"  # the applicant is nobody's 责任人 in the office
    text = ok(run, reg, "overdue").stdout
    assert "没有超期事项" in text and "不计超期" in text and "dwgk request lapse" in text
    html = ok(run, reg, "overdue", "--format", "html").stdout
    assert "不计超期" in html and f"<td>{amend}</td>" in html and "dwgk request lapse" in html
    period = json.loads(ok(run, reg, "report", "period", "--from", "2026-09-01", "--to", "2026-09-30",
                           "--format", "json").stdout)
    assert amend not in {x["subject"] for x in period["late"]["rows"]}
    # once the applicant's period is recorded as lapsed the list is empty
    ok(run, reg, "request", "lapse", amend, "--by", "李四", "--date", "2026-10-09")
    assert json.loads(ok(run, reg, "overdue", "--format", "json").stdout)["expired_for_others"] == []
