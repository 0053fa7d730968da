"""依申请公开 requests as pure domain code: building, the reply clock, guards, outcomes.

Expected dates are written by hand from the official calendar (2026 notice: 中秋 09-25..27,
国庆 10-01..07, 调休上班 Sunday 09-20 and Saturday 10-10; 2025: 国庆/中秋 10-01..08, 调休上班
Sunday 09-28 and Saturday 10-11), counting from the day after the start (民法典 art. 201).
"""

from __future__ import annotations

from datetime import date

import pytest

from dwgk import requests as rq
from dwgk.clock import MET, OPEN, PAUSED, run, state
from dwgk.diag import Refused
from dwgk.fields import Findings
from dwgk.model import Config, Register
from dwgk.profile import load_profile
from dwgk.workdays import Calendar

D = date.fromisoformat
TODAY = D("2026-11-20")
CAL = Calendar()


def register(profile="national", requests=()):
    return Register(root="/nonexistent", config=Config(org="东林市科学技术局", code="00254311-7", profile=profile),
                    profile=load_profile(profile), records={"requests": tuple(requests)})


class Flow:
    """Runs the pure actions one after another, as the cli does (without files or git)."""

    def __init__(self, received="2026-09-15", channel="当面", profile="national", today=TODAY,
                 applicant="张三", rid="YS-2026-000001", **kw):
        self.profile, self.today, self.id = profile, today, rid
        args = dict(request_id=rid, received=D(received) if received else None, channel=channel, applicant=applicant,
                    applicant_type="自然人", content="申请公开2025年度科技项目立项清单", by="李四", role="",
                    when=None, today=today)
        args.update(kw)
        self.raw, self.change = rq.new(register(profile), **args)

    @property
    def req(self):
        return rq.validate(self.raw, self.id)

    @property
    def reg(self):
        return register(self.profile, [self.req])

    def do(self, action, when, **kw):
        self.raw, self.change = getattr(rq, action)(self.reg, self.req, self.raw, by="李四", role="",
                                                    when=D(when), today=self.today, **kw)
        return self

    def clock(self):
        rule = rq.rule_for(self.reg.profile, self.req.received)
        return run(rq.reply_clock(self.req, rule, CAL, today=self.today), CAL, trace=True)

    @property
    def due(self):
        return self.clock().due

    def refused(self, action, when, code, **kw):
        before = dict(self.raw)
        with pytest.raises(Refused) as e:
            self.do(action, when, **kw)
        assert e.value.code == code, e.value
        assert self.raw == before
        return e.value


def amend(f, when="2026-09-18", **kw):
    return f.do("amend", when, points=kw.pop("points", ["写明所需信息的名称或文号"]), period=kw.pop("period", None), **kw)


def consult(f, when, party="东林精密仪器有限公司", kind="第三方"):
    return f.do("consult", when, party=party, party_kind=kind)


def consulted(f, when, opinion="同意", reasons="", party=""):
    return f.do("consulted", when, party=party, opinion=opinion, reasons=reasons)


def extend(f, when, days=20, approved_by="沈主任"):
    return f.do("extend", when, days=days, approved_by=approved_by, reasons="涉及档案数量大，需调取检索", told=None)


def reply(f, when, result="予以公开", reasons="", basis="", **kw):
    basis = basis or kw.get("basis", "")
    disclosing = result in ("予以公开", "部分公开") and not kw.get("since")
    return f.do("reply", when, result=result, basis=basis, reasons=reasons, where=kw.get("where", ""),
                body=kw.get("body", ""), withheld=kw.get("withheld", ""), since=kw.get("since"),
                provide=kw.get("provide", "电子邮件" if disclosing else ""),
                exemption=kw.get("exemption", "第三方权益" if result == "部分公开" else ""),
                body_contact=kw.get("body_contact", ""))


# ---------------------------------------------------------------- the calendar, day by day

# The 20 工作日 after 2026-09-15 (Tue), written out from the 2026 notice.
COUNTED_2026 = ["09-16", "09-17", "09-18", "09-20", "09-21", "09-22", "09-23", "09-24",  # 09-19 Sat off, 09-20 Sun 调休上班
                "09-28", "09-29", "09-30",                                              # 09-25..27 中秋
                "10-08", "10-09", "10-10", "10-12", "10-13", "10-14", "10-15", "10-16",  # 10-01..07 国庆, 10-10 Sat 调休上班
                "10-19"]


def test_plain_reply_clock_counts_day_by_day_across_national_day():
    f = Flow("2026-09-15")
    counted = [D(f"2026-{d}") for d in COUNTED_2026]
    assert [CAL.add_workdays(D("2026-09-15"), k) for k in range(1, 21)] == counted
    r = f.clock()
    assert r.due == D("2026-10-19") and not r.provisional
    # every day from receipt to due: open, with exactly the counted days still ahead
    day = D("2026-09-15")
    while day <= r.due:
        s = state(r, CAL, day)
        assert s.status == OPEN and s.days_left == sum(1 for c in counted if c > day), day
        day = date.fromordinal(day.toordinal() + 1)
    assert state(r, CAL, D("2026-10-20")).days_late == 1
    assert state(r, CAL, D("2026-10-24")).days_late == 4  # 10-20..23; Saturday 10-24 is not counted
    assert state(r, CAL, D("2026-11-20"), done=D("2026-10-19")).status == MET


def test_2025_national_day_and_the_2008_rules_of_seed_002():
    # 2025-09-26 (Fri): 09-28 Sun 调休上班 (1), 29, 30 (3), 10-01..08 off, 10-09, 10 (5),
    # 10-11 Sat 调休上班 (6), 13-17 (11), 20-24 (16), 27, 28, 29, 30 (20)
    assert Flow("2025-09-26").due == D("2025-10-30")
    # seed 002 (2008 rules): 15 工作日 — the 15th counted day of 2026 above
    f = Flow("2026-09-15", profile="s002_shikejiju")
    assert f.due == D("2026-10-12")
    assert rq.rule_for(f.reg.profile, f.req.received).extension == 15


def test_rules_in_force_on_the_date_of_receipt():
    p = load_profile("national")
    assert rq.rule_for(p, D("2019-05-14")).reply == 15  # 2007 条例 still in force
    assert rq.rule_for(p, D("2019-05-15")).reply == 20
    assert rq.rule_for(p, D("2008-04-30")) is None
    old = Flow("2019-05-14", rid="YS-2019-000001")
    assert old.due == CAL.add_workdays(D("2019-05-14"), 15)
    new = Flow("2019-05-15", rid="YS-2019-000002")
    assert new.due == CAL.add_workdays(D("2019-05-15"), 20)


# ---------------------------------------------------------------- each clock operation alone


def test_amend_pauses_then_restarts_from_the_amended_request():
    f = amend(Flow("2026-09-15"), "2026-09-18")
    r = f.clock()
    assert r.due is None and r.paused_since == D("2026-09-18")
    assert state(r, CAL, D("2026-11-20")).status == PAUSED
    f.do("amended", "2026-09-29", content="所需信息为2025年度市级科技计划立项清单")
    # restart 09-29: 30 (1), 10-08, 09, 10, 12..16 (9), 19..23 (14), 26..30 (19), 11-02 (20)
    assert f.due == D("2026-11-02")
    kinds = [t.kind for t in f.clock().trace if t.kind not in ("skip", "adjusted")]
    assert kinds == ["start", "pause", "restart", "due"]


def test_consultation_pauses_and_resumes_with_the_days_left():
    f = consult(Flow("2026-09-15"), "2026-09-22")  # used 16, 17, 18, 20, 21, 22 = 6
    # open: the pause lasts at most 15 工作日 (to 10-20), then the 14 days left run to 11-09
    assert f.due == D("2026-11-09")
    consulted(f, "2026-10-13")  # stopped 09-23..10-13: 23, 24, 28, 29, 30, 10-08, 09, 10, 12, 13
    # 14 left from 10-13: 14, 15, 16 (3), 19..23 (8), 26..30 (13), 11-02 (14)
    assert f.due == D("2026-11-02")
    r = f.clock()
    assert any(t.kind == "resume" and "暂停期间 10 个工作日不计入" in t.text for t in r.trace)


def test_a_late_answer_does_not_stretch_the_pause():
    f = consult(Flow("2026-09-15"), "2026-09-22")
    consulted(f, "2026-10-27", opinion="同意")
    assert f.due == D("2026-11-09")  # resumed on 10-20, when the 15 工作日 ran out
    assert "超出部分计入答复期限" in f.change.summary


def test_extension_alone():
    f = extend(Flow("2026-09-15"), "2026-10-14")
    # 10-19 + 20: 20..23 (4), 26..30 (9), 11-02..06 (14), 09..13 (19), 16 (20)
    assert f.due == D("2026-11-16")
    assert f.clock().extended == 20


def test_fee_notice_pauses_until_payment():
    f = Flow("2026-11-02")
    f.do("fee", "2026-11-05", pages=150)  # used 03, 04, 05 = 3
    assert f.req.history[-1].amount == 1700
    assert f.due is None
    f.do("paid", "2026-11-12", amount=None)
    # 17 left from 11-12: 13 (1), 16..20 (6), 23..27 (11), 30 (12), 12-01..04 (16), 07 (17)
    assert f.due == D("2026-12-07")


def test_combined_amend_then_consultation_then_extension():
    f = Flow("2026-09-15", channel="邮寄", signed=D("2026-09-15"), arrived=D("2026-09-14"))
    assert f.due == D("2026-10-19")
    amend(f, "2026-09-18")
    assert f.due is None
    f.do("amended", "2026-09-22", content="")
    # 23, 24 (2), 28, 29, 30 (5), 10-08, 09, 10, 12 (9), 13..16 (13), 19..23 (18), 26, 27 (20)
    assert f.due == D("2026-10-27")
    consult(f, "2026-09-24")  # used 23, 24
    # open until 10-22 (15 工作日), then 18 left: 23 (1), 26..30 (6), 11-02..06 (11), 09..13 (16), 16, 17
    assert f.due == D("2026-11-17")
    consulted(f, "2026-10-12")
    # 18 left from 10-12: 13..16 (4), 19..23 (9), 26..30 (14), 11-02..05 (18)
    assert f.due == D("2026-11-05")
    extend(f, "2026-10-20")
    # +20 after 11-05: 06 (1), 09..13 (6), 16..20 (11), 23..27 (16), 30, 12-01, 02, 03 (20)
    assert f.due == D("2026-12-03")
    r = f.clock()
    steps = [(t.on.isoformat(), t.kind) for t in r.trace if t.kind not in ("skip", "adjusted")]
    assert steps == [("2026-09-15", "start"), ("2026-09-18", "pause"), ("2026-09-22", "restart"),
                     ("2026-09-24", "pause"), ("2026-10-12", "resume"), ("2026-10-20", "extend"),
                     ("2026-12-03", "due")]
    assert "条例第三十一条" in r.trace[0].text and "签收" in r.trace[0].text


def test_combined_reply_is_met_and_explained():
    f = Flow("2026-09-15", today=D("2026-12-10"))
    amend(f, "2026-09-18")
    f.do("amended", "2026-09-22", content="")
    consult(f, "2026-09-24")
    consulted(f, "2026-10-12")
    extend(f, "2026-10-20")
    reply(f, "2026-12-02", result="部分公开", reasons="含商业秘密", withheld="供应商报价")
    assert rq.closed_on(f.req) == D("2026-12-02") and rq.outcome(f.req) == "部分公开"
    rows = rq.request_deadlines(f.reg, f.req, CAL)
    from dwgk import deadlines as dl
    by_rule = {r.deadline.rule: r for r in dl.evaluate(rows, CAL, D("2026-12-10"))}
    assert by_rule["request_reply"].state.status == MET and by_rule["request_reply"].due == D("2026-12-03")
    assert by_rule["request_amend_notice"].due == D("2026-09-23")  # 7 工作日: 16, 17, 18, 20, 21, 22, 23
    assert by_rule["request_consult"].due == D("2026-10-22")
    assert by_rule["request_amend_period"].state.status == MET


def test_overlapping_stops_make_one_pause():
    f = Flow("2026-11-02")
    consult(f, "2026-11-03")  # used 1 (11-03)
    consult(f, "2026-11-04", party="东林市财政局", kind="其他机关")
    f.do("fee", "2026-11-05", count=12)
    e = f.refused("consulted", "2026-11-06", "Q234", party="", opinion="同意", reasons="")
    assert "--party" in e.hint
    consulted(f, "2026-11-06", party="东林精密仪器有限公司")
    assert rq.progress(f.req).stage == "awaiting_fee"
    consulted(f, "2026-11-09", party="东林市财政局")
    f.do("paid", "2026-11-10", amount=None)
    assert rq.progress(f.req).stage == "processing"
    r = f.clock()
    assert [(e.kind, e.on.isoformat()) for e in r.clock.events] == [("pause", "2026-11-03"), ("resume", "2026-11-10")]
    # 19 left from 11-10: 11..13 (3), 16..20 (8), 23..27 (13), 30 (14), 12-01..04 (18), 07 (19)
    assert r.due == D("2026-12-07")


# ---------------------------------------------------------------- refusals and flags


def test_reply_before_receipt_is_refused():
    f = Flow("2026-09-15")
    e = f.refused("reply", "2026-09-14", "Q207", result="予以公开", basis="", reasons="", where="", body="",
                  withheld="")
    assert "早于收到申请之日" in e.message


def test_resume_without_a_pause_is_refused():
    f = Flow("2026-09-15")
    f.refused("consulted", "2026-09-20", "Q233", party="", opinion="同意", reasons="")
    f.refused("paid", "2026-09-20", "Q249", amount=None)
    f.refused("amended", "2026-09-20", "Q226", content="")


def test_second_extension_and_extension_beyond_the_cap_are_refused():
    f = Flow("2026-09-15")
    e = f.refused("extend", "2026-10-14", "Q239", days=21, approved_by="沈主任", reasons="x", told=None)
    assert "最长可延长 20 个工作日" in e.message
    extend(f, "2026-10-14", days=10)
    e = f.refused("extend", "2026-10-15", "Q238", days=5, approved_by="沈主任", reasons="x", told=None)
    assert "只能延长 1 次" in e.message
    g = Flow("2026-09-15", profile="s002_shikejiju")
    g.refused("extend", "2026-10-09", "Q239", days=16, approved_by="主任", reasons="x", told=None)


def test_extension_after_the_period_ran_out_is_refused():
    f = Flow("2026-09-15")
    f.refused("extend", "2026-10-20", "Q243", days=5, approved_by="沈主任", reasons="x", told=None)


def test_unknown_outcome_code_is_refused_with_the_group():
    f = Flow("2026-09-15")
    e = f.refused("reply", "2026-09-20", "Q254", result="不予公开", basis="", reasons="x", where="", body="",
                  withheld="")
    assert "不予公开-国家秘密" in e.hint and "予以公开、" not in e.hint
    f.refused("reply", "2026-09-20", "Q255", result="其他处理-逾期不补正", basis="", reasons="x", where="",
              body="", withheld="")


def test_late_amend_notice_is_allowed_but_flagged():
    f = Flow("2026-09-15")
    amend(f, "2026-09-24")  # due 09-23 (7 工作日)
    assert f.change.extra[rq.WARNING].startswith("Q304 补正告知逾期：应于 2026-09-23 前发出（条例第三十条：")
    diags = rq.check(f.reg, TODAY, lambda path, kp: (1, 1))
    assert [(d.code, d.severity) for d in diags] == [("Q304", "warning")]
    ctx = rq.reply_context(f.reg, f.req)
    assert ctx["amend"]["late"] is True and ctx["amend"]["notice_due"] == "2026-09-23"
    # a second notice is refused: all points at once
    f.refused("amend", "2026-09-25", "Q222", points=["另一项"], period=None)


def test_lapse_only_after_the_period():
    f = amend(Flow("2026-09-15"), "2026-09-18", period=10)
    # 10 工作日 after 09-18: 20 Sun 调休 (1), 21..24 (5), 28..30 (8), 10-08, 09 (10)
    assert rq.amend_until(rq.progress(f.req), rq.rule_for(f.reg.profile, f.req.received), CAL) == D("2026-10-09")
    e = f.refused("lapse", "2026-10-09", "Q253", reasons="")
    assert "2026-10-09" in e.message
    f.do("lapse", "2026-10-12", reasons="")
    assert rq.outcome(f.req) == "其他处理-逾期不补正" and rq.closed_on(f.req) == D("2026-10-12")
    assert rq.progress(f.req).stage == "lapsed"
    f.refused("reply", "2026-10-13", "Q210", result="予以公开", basis="", reasons="", where="", body="",
              withheld="")


def test_third_party_refusal_blocks_unless_overridden():
    f = consult(Flow("2026-09-15"), "2026-09-16")
    consulted(f, "2026-09-22", opinion="不同意", reasons="涉及本公司核心技术参数，属于商业秘密")
    f.refused("reply", "2026-09-23", "Q258", result="予以公开", basis="", reasons="", where="", body="",
              withheld="")
    reply(f, "2026-09-23", result="不予公开-第三方权益", reasons="第三方有理由不同意公开")
    assert rq.outcome(f.req) == "不予公开-第三方权益"
    g = consult(Flow("2026-09-15"), "2026-09-16")
    consulted(g, "2026-09-22", opinion="不同意", reasons="商业秘密")
    g.do("override", "2026-09-23", party="", reasons="涉及公共安全，不公开会对公共利益造成重大影响", notified=None)
    assert "书面告知东林精密仪器有限公司" in g.change.summary and "条例第三十二条" in g.change.summary
    reply(g, "2026-09-23")
    assert rq.outcome(g.req) == "予以公开"


def test_other_bodys_silence_counts_as_consent():
    f = consult(Flow("2026-09-15"), "2026-09-16", party="东林市财政局", kind="其他机关")
    # 15 工作日 after 09-16: 17, 18, 20, 21..24 (7), 28..30 (10), 10-08, 09, 10, 12, 13 (15)
    f.refused("consulted", "2026-10-13", "Q235", party="", opinion="未答复", reasons="")
    consulted(f, "2026-10-14", opinion="未答复")
    assert "视为同意" in f.change.summary
    c = rq.progress(f.req).consults[0]
    assert c.describe_opinion() == "东林市财政局逾期未提出意见，视为同意公开" and not c.blocks


def test_reply_needs_reasons_and_a_basis():
    f = Flow("2026-09-15")
    f.refused("reply", "2026-09-20", "Q260", result="不予公开-国家秘密", basis="", reasons="", where="", body="",
              withheld="")
    reply(f, "2026-09-21", result="不予公开-国家秘密", reasons="经保密审查确定为秘密级")
    ev = f.req.history[-1]
    assert ev.basis == "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"
    g = Flow("2026-09-15", profile="s002_shikejiju")  # 2008 rules: no default basis
    g.refused("reply", "2026-09-20", "Q259", result="不予公开-国家秘密", basis="", reasons="x", where="",
              body="", withheld="")


def test_fees_follow_the_profile():
    g = Flow("2026-11-02")
    g.refused("fee", "2026-11-03", "Q248", pages=30)  # within the free pages
    e = g.refused("fee", "2026-11-03", "Q248")  # 1st request this month
    assert "本月第 1 件申请" in e.message


def test_fee_lapse():
    g = Flow("2026-09-15")
    g.do("fee", "2026-09-16", count=12)
    assert g.req.history[-1].amount == 100
    # 20 工作日 after 09-16: 17, 18, 20, 21..24 (7), 28..30 (10), 10-08..10 (13), 12..16 (18), 19, 20
    g.refused("lapse", "2026-10-20", "Q253", reasons="")
    g.do("lapse", "2026-10-21", reasons="")
    assert rq.outcome(g.req) == "其他处理-逾期未缴费"
    # the letter that ends it is the 终止办理告知书 the commands name, and its remedies say so
    ctx = rq.reply_context(g.reg, g.req)
    assert ctx["title"] == "政府信息公开申请终止办理告知书"
    assert all(r["text"].startswith("自收到本终止办理告知书之日起") for r in ctx["remedies"])


# ---------------------------------------------------------------- every outcome code


def _outcome_flow(code):
    f = Flow("2026-03-02", applicant="东林律师事务所", applicant_type="法律服务机构")
    if code == "其他处理-逾期不补正":
        amend(f, "2026-03-03")
        return f.do("lapse", "2026-04-20", reasons="")
    if code == "其他处理-逾期未缴费":
        f.do("fee", "2026-03-03", pages=80)
        return f.do("lapse", "2026-04-20", reasons="")
    if code == "无法提供-补正后仍不明确":
        amend(f, "2026-03-03")
        f.do("amended", "2026-03-10", content="仍未写明文件名称")
    if code == "不予公开-第三方权益":
        consult(f, "2026-03-03")
        consulted(f, "2026-03-10", opinion="不同意", reasons="商业秘密")
    extra = {"where": "东林市科学技术局门户网站“政府信息公开”栏目", "since": D("2026-01-05")} if code == "予以公开" else {}
    if code == "无法提供-不掌握":
        extra = {"body": "东林市财政局", "body_contact": "电话 0000-1234567"}
    if code == "其他处理-其他":
        extra = {"basis": "《中华人民共和国政府信息公开条例》第三十六条"}  # no default basis for 其他
    return reply(f, "2026-03-20", result=code, reasons="" if code == "予以公开" else f"理由：{code}", **extra)


@pytest.mark.parametrize("code", rq.OUTCOMES)
def test_every_outcome_code(code):
    f = _outcome_flow(code)
    req = f.req
    assert rq.outcome(req) == code
    assert rq.closed_on(req) == (D("2026-04-20") if code in rq.LAPSES else D("2026-03-20"))
    ctx = rq.reply_context(f.reg, req)
    assert ctx["result"] == code and ctx["decision"] and ctx["basis"]
    assert ctx["report_row"] == (rq.OUTCOME_ROWS[code][1] or rq.OUTCOME_ROWS[code][0])
    assert [r["kind"] for r in ctx["remedies"]] == ["行政复议", "行政诉讼"]
    assert f.reg.requests[0].applicant_type == "法律服务机构"


def test_outcomes_match_the_annual_report_rows():
    assert len(rq.OUTCOMES) == 21 and len(set(rq.OUTCOMES)) == 21
    from dwgk.gov_report import RESULT_ROWS as rows  # the national report's table 三
    assert tuple(c for c, _, _ in rows) == rq.OUTCOMES
    for code, group, label in rows:
        g, r = rq.OUTCOME_ROWS[code]
        assert (r or g) == label and (not r or g == group)


def test_reply_context_for_the_letter_and_the_amend_notice():
    f = Flow("2026-09-15", channel="网络", confirmed=D("2026-09-15"), contact="zhang@example.org")
    amend(f, "2026-09-17", points=["写明所需文件的名称", "写明文件的大致形成时间"], period=15)
    ctx = rq.reply_context(f.reg, f.req)
    a = ctx["amend"]
    assert a["points"] == ["写明所需文件的名称", "写明文件的大致形成时间"] and a["period"] == 15
    # 15 工作日 after 09-17: 18, 20, 21..24 (6), 28..30 (9), 10-08..10 (12), 12, 13, 14 (15)
    assert a["until"] == "2026-10-14" and a["until_cn"] == "2026年10月14日" and a["late"] is False
    assert "第三十条" in a["basis"] and "视为放弃申请" in a["consequence"]
    f.do("amended", "2026-09-25", content="")
    reply(f, "2026-10-09", result="无法提供-不掌握", reasons="经检索本机关未制作该信息", body="东林市统计局",
          body_contact="东林市人民路2号")
    ctx = rq.reply_context(f.reg, f.req)
    assert ctx["org"] == "东林市科学技术局" and ctx["applicant"] == "张三"
    assert ctx["received"] == "2026-09-15" and ctx["received_cn"] == "2026年9月15日"
    assert "双方确认之日" in ctx["receipt_rule"]
    assert "东林市统计局" in ctx["decision"] and ctx["replied_cn"] == "2026年10月9日"
    review, suit = ctx["remedies"]
    assert review["days"] == 60 and review["basis"] == "《中华人民共和国行政复议法》第二十条"
    assert suit["months"] == 6 and suit["basis"] == "《中华人民共和国行政诉讼法》第四十六条"
    assert "60日内" in ctx["remedies_text"] and "6个月内" in ctx["remedies_text"]
    assert rq.review_basis(D("2023-12-29")) == "《中华人民共和国行政复议法》第九条"


def test_appeals_update_by_case():
    f = reply(Flow("2026-03-02"), "2026-03-20", result="不予公开-过程性信息", reasons="属于讨论记录")
    f.do("deliver", "2026-03-21", method="邮寄")
    f.do("appeal", "2026-05-06", kind="行政复议", after_review=False, result="未审结", case="东复〔2026〕12号", note="")
    f.do("appeal", "2026-07-01", kind="行政复议", after_review=False, result="维持", case="东复〔2026〕12号", note="")
    f.do("appeal", "2026-07-20", kind="行政诉讼", after_review=True, result="未审结", case="", note="")
    f.refused("appeal", "2026-07-21", "Q268", kind="行政复议", after_review=True, result="维持", case="", note="")
    f.refused("appeal", "2026-07-21", "Q269", kind="行政诉讼", after_review=False, result="驳回", case="", note="")
    review, suit = rq.appeals(f.req)
    assert (review.kind, review.result, review.date, review.decided) == ("行政复议", "维持", D("2026-05-06"), D("2026-07-01"))
    assert review.result_on(D("2026-06-30")) == "未审结" and review.result_on(D("2026-05-01")) is None
    assert (suit.kind, suit.after_review, suit.result, suit.decided) == ("行政诉讼", True, "未审结", None)
    g = Flow("2026-03-02")
    g.refused("appeal", "2026-03-05", "Q266", kind="行政复议", after_review=False, result="未审结", case="", note="")


def test_deliver_and_archive_order():
    f = Flow("2026-03-02")
    f.refused("deliver", "2026-03-03", "Q262", method="邮寄")
    reply(f, "2026-03-04")
    f.refused("archive", "2026-03-05", "Q265", note="")
    f.refused("deliver", "2026-03-05", "Q264", method="快递")
    f.do("deliver", "2026-03-05", method="电子邮件").do("archive", "2026-03-06", note="2026-依申请-001")
    assert rq.progress(f.req).stage == "archived"
    f.refused("archive", "2026-03-07", "Q209", note="")


# ---------------------------------------------------------------- receipt and building


def test_date_of_receipt_follows_the_channel():
    f = Flow(None, channel="邮寄", signed=D("2026-09-15"), arrived=D("2026-09-14"))
    assert f.req.received == D("2026-09-15")
    with pytest.raises(Refused) as e:
        Flow("2026-09-14", channel="邮寄", signed=D("2026-09-15"))
    assert e.value.code == "Q219" and "签收之日" in e.value.hint
    with pytest.raises(Refused) as e:
        Flow(None, channel="网络")
    assert e.value.code == "Q218" and "--confirmed" in e.value.hint
    with pytest.raises(Refused) as e:
        Flow("2026-11-21")
    assert e.value.code == "Q206"
    with pytest.raises(Refused):
        Flow("2026-09-15", channel="快递")


def _build(data):
    f = Findings("requests/2026/YS-2026-000001.yaml")
    return rq.build_request(data, f, "YS-2026-000001"), f.pending


GOOD = {"id": "YS-2026-000001", "received": "2026-09-15", "channel": "当面", "applicant": "张三",
        "applicant_type": "自然人", "content": "申请公开…",
        "history": [{"action": "receive", "date": "2026-09-15", "by": "李四"}]}


def test_builder_findings():
    req, pending = _build(GOOD)
    assert req is not None and not pending
    bad = dict(GOOD, channel="快递", applicant_type="个人", colour="red", signed="2026-13-01",
               history=[{"action": "receive", "date": "2026-09-15", "by": "李四"},
                        {"action": "reply", "date": "2026-09-14", "by": "李四", "result": "公开"},
                        {"action": "dance", "date": "2026-09-20", "by": "李四"},
                        {"action": "extend", "date": "2026-09-20", "by": "李四", "days": "二十"}])
    req, pending = _build(bad)
    codes = sorted(d.code for _, d in pending)
    assert codes == ["Q102", "Q104", "Q108", "Q109", "Q115", "Q117", "Q120", "Q122"]
    keypaths = {d.code: kp for kp, d in pending}
    assert keypaths["Q117"] == ("history", 1, "result") and keypaths["Q102"] == ("colour",)
    mism = dict(GOOD, channel="邮寄", signed="2026-09-16")
    assert [d.code for _, d in _build(mism)[1]] == ["Q110"]
    late = dict(GOOD, channel="平邮", arrived="2026-09-14", confirmed="2026-09-15")
    assert [(d.code, d.severity) for _, d in _build(late)[1]] == [("Q112", "warning")]


def test_check_replays_hand_edited_history():
    data = dict(GOOD, history=[
        {"action": "receive", "date": "2026-09-15", "by": "李四"},
        {"action": "consult", "date": "2026-09-16", "by": "李四", "party": "某公司"},
        {"action": "reply", "date": "2026-09-17", "by": "李四", "result": "予以公开", "basis": "x"},
        {"action": "extend", "date": "2026-09-16", "by": "李四", "days": 30, "approved_by": "沈"},
    ])
    req, pending = _build(data)
    assert not pending
    diags = rq.check(register(requests=[req, req]), TODAY, lambda path, kp: (len(kp), 1))
    msgs = sorted((d.code, d.message) for d in diags)
    codes = [c for c, _ in msgs]
    assert codes.count("Q303") == 2  # same ID twice
    assert "Q302" in codes  # dates out of order
    assert any(c == "Q305" and "征求意见尚未结束" in m for c, m in msgs)
    assert any(c == "Q305" and "答复或终止后又记录了延长答复期限" in m for c, m in msgs)


def test_deadlines_hook_and_provisional_2027():
    f = Flow("2026-12-10", today=D("2026-12-11"))
    rows = list(rq.deadlines(f.reg, CAL, D("2026-12-11")))
    assert [d.rule for d in rows] == ["request_reply"] and rows[0].subject == f.id
    r = run(rows[0].clock, CAL)
    if 2027 not in CAL.known_years():
        assert r.provisional and r.provisional_years == (2027,)
    assert rows[0].department == "政府信息公开工作机构"
