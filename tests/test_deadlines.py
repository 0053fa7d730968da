"""Deadline rules over a Register built in memory (no files, no clock)."""

import time
from datetime import date

import pytest

from dwgk import deadlines as dl
from dwgk.clock import MET, MISSED, OPEN
from dataclasses import replace

from dwgk.items.model import Item, ItemEvent
from dwgk.model import Config, Entry, Register
from dwgk.profile import load_profile

D = date.fromisoformat


def ev(action, day, step="", result="", **data):
    dates = {k: D(v) for k, v in data.items() if k in ("until", "meeting_date")}
    return ItemEvent(action, D(day), "张三", step=step, result=result, **{**data, **dates})


def item(id, *events, **kw):
    kw.setdefault("title", f"事项{id}")
    kw.setdefault("department", "办公室")
    kw.setdefault("proposer", "张三")
    kw.setdefault("kind", "政务")
    hist = tuple(replace(e, index=i) for i, e in enumerate(events))
    return Item(id=id, content="正文", entry=kw.pop("entry", None), scope="向社会公开",
                channels=("政府网站",), history=hist, path=f"items/2026/{id}.yaml", **kw)


def register(profile="national", items=(), catalogue=(), start="2026-01-01", holidays=None,
             annual=None, overrides=None):
    p = load_profile(profile, overrides)
    return Register(root="/nonexistent", config=Config(org="测试局", profile=profile,
                                                       start=D(start) if start else None),
                    profile=p, catalogue=tuple(catalogue), records={"items": tuple(items)},
                    holidays=holidays, annual=annual or {})


def by_rule(rows, rule, subject=None):
    return [r for r in rows if r.deadline.rule == rule and (subject is None or r.deadline.subject == subject)]


def test_seed_002_publish_within_10_workdays_of_secrecy_review():
    reg = register("s002_shikejiju", [
        item("A", ev("submit", "2026-09-20"), ev("review", "2026-09-24", "保密审查", "可以公开")),
        item("B", ev("submit", "2026-11-02"), ev("review", "2026-11-03", "保密审查", "可以公开"),
             ev("publish", "2026-11-10", channel="市政府门户网站")),
        item("C", ev("submit", "2026-11-02"), ev("review", "2026-11-03", "保密审查", "不予公开")),
    ])
    rows = dl.rows(reg, D("2026-11-23"))
    (a,) = by_rule(rows, "publish_after_secrecy", "A")
    # 09-28, 29, 30, 10-08, 09, 10 (调休上班 Sat), 12, 13, 14, 15
    assert a.due == D("2026-10-15") and a.state.status == MISSED and a.overdue
    assert a.state.days_late == 27 and a.serious  # 27 > 2 × 10
    assert a.deadline.clock.source == "第六条"
    (b,) = by_rule(rows, "publish_after_secrecy", "B")
    assert b.state.status == MET and b.state.done == D("2026-11-10")
    assert not by_rule(rows, "publish_after_secrecy", "C")  # never passed secrecy review


def test_national_publish_within_20_workdays_of_formation():
    reg = register(items=[
        item("A", ev("submit", "2026-11-02"), doc_date=D("2026-10-30")),
        item("B", ev("submit", "2026-11-02")),
        item("C", ev("submit", "2026-11-02"), attribute="依申请公开"),
        item("P", ev("submit", "2026-11-02"), kind="党务"),
    ])
    rows = dl.rows(reg, D("2026-11-23"))
    (a,) = by_rule(rows, "publish_after_formed", "A")
    assert a.deadline.clock.start == D("2026-10-30") and a.deadline.clock.start_event == "成文日期"
    assert a.due == D("2026-11-27") and a.state.status == OPEN and a.state.days_left == 4
    (b,) = by_rule(rows, "publish_after_formed", "B")
    assert b.deadline.clock.start == D("2026-11-02")
    assert not by_rule(rows, "publish_after_formed", "C")
    assert not by_rule(rows, "publish_after_formed", "P")


def test_correction_restarts_from_the_change():
    reg = register(items=[item("A", ev("submit", "2026-06-01"), ev("publish", "2026-06-10"),
                               ev("revise", "2026-11-16"))])
    (a,) = by_rule(dl.rows(reg, D("2026-11-23")), "publish_after_formed")
    assert a.deadline.clock.start == D("2026-11-16") and a.state.status == OPEN


def test_periodic_entries_need_one_publication_per_period():
    entry = Entry(code="Z08", category=("工作动态",), name="工作进展", timing="定期", cadence="每季度",
                  department="业务科", path="catalogue.yaml")
    items = [item("Q1", ev("submit", "2026-03-01"), ev("publish", "2026-03-10"), entry="Z08"),
             item("Q2", ev("submit", "2026-07-20"), ev("publish", "2026-08-01"), entry="Z08")]
    rows = by_rule(dl.rows(register(items=items, catalogue=[entry]), D("2026-11-23")), "periodic")
    assert [r.deadline.period for r in rows] == ["2026年第1季度", "2026年第2季度", "2026年第3季度",
                                                 "2026年第4季度"]
    q1, q2, q3, q4 = rows
    assert q1.state.status == MET
    assert q2.state.status == MISSED and q2.state.done == D("2026-08-01")  # late, but done
    assert not q2.overdue
    # Q3 ended 09-30; 20 工作日 grace (national) → 11-03; nothing published since
    assert q3.due == D("2026-11-03") and q3.overdue and q3.state.days_late == 14
    assert q3.deadline.department == "业务科" and q3.deadline.kind == "entry"
    assert q4.state.status == OPEN


def test_periodic_counts_from_the_entry_or_register_start_only():
    entry = Entry(code="Z04", category=("规划",), name="年度计划", timing="定期", cadence="每年",
                  since=D("2026-05-01"))
    rows = by_rule(dl.rows(register(items=[], catalogue=[entry], start="2010-01-01"), D("2026-11-23")),
                   "periodic")
    assert [r.deadline.period for r in rows] == ["2026年"]
    half = Entry(code="C01", category=("组织",), name="党费", timing="定期", cadence="每半年")
    rows = by_rule(dl.rows(register("s000_kejiju", catalogue=[half], start="2026-03-01"),
                           D("2026-11-23")), "periodic")
    assert [r.deadline.period for r in rows] == ["2026年上半年", "2026年下半年"]


def test_policy_interpretation_three_days_after_its_document():
    reg = register(items=[
        item("DOC", ev("submit", "2026-11-18"), doc_date=D("2026-11-18")),
        item("JD", ev("submit", "2026-11-19"), interprets="DOC"),
    ])
    (r,) = by_rule(dl.rows(reg, D("2026-11-23")), "policy_interpretation")
    # 11-21 is a Saturday: the period ends on the next 工作日
    assert r.due == D("2026-11-23") and r.state.status == OPEN and r.state.describe() == "今日到期"


def test_prepublish_is_a_minimum_period():
    reg = register("s002_shikejiju", [
        item("M", ev("submit", "2026-11-01"), ev("prepublish", "2026-11-10"),
             ev("prepublish", "2026-11-13", result="结束"), major=True),
        item("N", ev("submit", "2026-11-01"), ev("prepublish", "2026-11-20"), major=True),
    ])
    rows = dl.rows(reg, D("2026-11-23"))
    (m,) = by_rule(rows, "prepublish_min", "M")
    assert m.state.status == dl.EARLY and not m.overdue
    (n,) = by_rule(rows, "prepublish_min", "N")
    assert n.due == D("2026-11-27") and n.state.status == OPEN
    codes = [d.code for d in dl.check_calendar(reg, D("2026-11-23"))]
    assert "D101" in codes


def test_rereview_and_transfers_seed_002():
    reg = register("s002_shikejiju", [
        item("R", ev("submit", "2025-06-01"), attribute="依申请公开"),
        item("T", ev("submit", "2026-10-12"), ev("review", "2026-10-13", "保密审查", "可以公开"),
             ev("publish", "2026-10-14")),
    ])
    rows = dl.rows(reg, D("2026-11-23"))
    r, coming = by_rule(rows, "rereview", "R")
    assert r.due == D("2026-03-31") and r.overdue
    # next year's re-review is already an open deadline, so that it shows up as it comes due
    assert coming.due == D("2027-03-31") and coming.state.status == OPEN and coming.deadline.period == "2027年"
    (e,) = by_rule(rows, "transfer_electronic", "T")
    assert e.due == D("2026-11-11") and e.deadline.clock.start == D("2026-10-14")  # from publication
    (p,) = by_rule(rows, "transfer_paper", "T")
    assert p.due == D("2026-11-10") and p.overdue  # paper copies by the 10th of next month


def test_annual_report_by_profile():
    rows = by_rule(dl.rows(register(start="2024-06-01"), D("2026-11-23")), "annual_report")
    # this year's report is already there, open, so that ``due`` shows it coming
    assert [r.due for r in rows] == [D("2025-03-31"), D("2026-03-31"), D("2027-03-31")]
    assert rows[0].deadline.title == "2024年政府信息公开工作年度报告"
    assert rows[-1].state.status == OPEN and rows[-1].deadline.period == "2026年"
    rows = by_rule(dl.rows(register(start="2025-06-01", annual={2025: {"published": "2026-03-20"}}),
                           D("2026-11-23")), "annual_report")
    assert rows[0].state.status == MET
    rows = by_rule(dl.rows(register("s000_kejiju", start="2025-06-01"), D("2026-11-23")), "annual_report")
    assert rows[0].due == D("2026-02-02") and "党务公开情况通报" in rows[0].deadline.title  # 01-31 is a Saturday


def test_deadline_into_2027_is_provisional_until_the_notice_is_imported():
    items = [item("A", ev("submit", "2026-12-10"), doc_date=D("2026-12-10"))]
    today = D("2026-12-15")
    (a,) = by_rule(dl.rows(register(items=items), today), "publish_after_formed")
    assert a.due == D("2027-01-08") and a.provisional and a.to_json()["provisional"] is True
    s = dl.summary(register(items=items), today, within=20)
    assert s["provisional"] == 1 and s["provisional_years"] == [2027]
    assert any(d.code == "H130" for d in dl.check_calendar(register(items=items), today))
    assert any(d.code == "H130" and d.severity == "error"
               for d in dl.check_calendar(register(items=items), today, strict=True))
    holidays = {"years": {2027: {"notice": "测试", "rest": [{"name": "元旦", "from": "2027-01-01",
                                                               "to": "2027-01-03"}]}}}
    (a,) = by_rule(dl.rows(register(items=items, holidays=holidays), today), "publish_after_formed")
    assert a.due == D("2027-01-08") and not a.provisional
    # the lunar festivals only come with the notice: it moves a provisional due date
    spring = [item("S", ev("submit", "2027-01-25"), doc_date=D("2027-01-25"))]
    (s,) = by_rule(dl.rows(register(items=spring), D("2027-01-26")), "publish_after_formed")
    assert s.due == D("2027-02-22") and s.provisional
    holidays["years"][2027]["rest"].append({"name": "春节", "from": "2027-02-05", "to": "2027-02-11"})
    (s,) = by_rule(dl.rows(register(items=spring, holidays=holidays), D("2027-01-26")),
                   "publish_after_formed")
    assert s.due == D("2027-03-01") and not s.provisional


def test_days_late_over_a_provisional_year_are_provisional():
    items = [item("A", ev("submit", "2026-11-02"), doc_date=D("2026-11-02"))]  # due 2026-11-30
    (a,) = by_rule(dl.rows(register(items=items), D("2027-01-12")), "publish_after_formed")
    assert a.due == D("2026-11-30") and not a.result.provisional  # the due date is official …
    assert a.state.provisional_years == (2027,) and a.provisional  # … the count of days late is not
    assert a.brief_json()["provisional"] is True and a.to_json()["provisional_years"] == [2027]
    assert "（暂定）" in a.state.describe()
    (a,) = by_rule(dl.rows(register(items=items), D("2026-12-31")), "publish_after_formed")
    assert not a.provisional


def test_overdue_is_at_least_one_workday_late():
    items = [item("A", ev("submit", "2026-10-23"), doc_date=D("2026-10-23"))]  # due Fri 2026-11-20
    (a,) = by_rule(dl.rows(register(items=items), D("2026-11-21")), "publish_after_formed")
    assert a.due == D("2026-11-20") and a.overdue and a.state.days_late == 1  # Saturday
    (a,) = by_rule(dl.rows(register(items=items), D("2026-11-23")), "publish_after_formed")
    assert a.state.days_late == 1  # Monday: one 工作日 past
    (a,) = by_rule(dl.rows(register(items=items), D("2026-11-20")), "publish_after_formed")
    assert not a.overdue and a.state.describe() == "今日到期"


def test_overdue_order_groups_and_summary():
    reg = register("s002_shikejiju", [
        item("A", ev("submit", "2026-09-20"), ev("review", "2026-09-24", "保密审查", "可以公开"),
             department="规划科", proposer="李四"),
        item("B", ev("submit", "2026-11-02"), ev("review", "2026-11-05", "保密审查", "可以公开"),
             department="规划科", proposer="王五"),
        item("C", ev("submit", "2026-10-02"), ev("review", "2026-10-08", "保密审查", "可以公开"),
             department="局办公室", proposer="李四"),
    ], overrides={"limits": {"transfer_electronic": None, "transfer_paper": None}})
    rows = dl.rows(reg, D("2026-11-23"))
    late = dl.overdue(rows)
    assert [r.deadline.subject for r in late] == ["A", "C", "B"]
    groups = dl.grouped(late)
    # by department, then person: 规划科 (its worst row, A, is the worst of all) stays together
    assert [g for g, _ in groups] == [("规划科", "李四"), ("规划科", "王五"), ("局办公室", "李四")]
    s = dl.summary(reg, D("2026-11-23"))
    assert s["overdue"] == 3 and s["serious"] == 2  # A: 27 late, C: 22 late (> 2 × 10)


def test_explain_has_traces():
    reg = register(items=[item("A", ev("submit", "2026-09-20"), doc_date=D("2026-09-20"))])
    (r,) = dl.explain(reg, "A", D("2026-11-23"))
    texts = [t.text for t in r.result.trace]
    assert "国庆节放假，跳过" in "\n".join(texts) and "调休上班，计入" in "\n".join(texts)
    assert r.to_json(trace=True)["trace"][0]["kind"] == "start"


def test_requests_hook(monkeypatch):
    import dwgk.requests as rq
    from dwgk.clock import Clock, ClockEvent

    def deadlines(register, calendar, today):
        yield dl.Deadline("Q-1", "request", "申请", Clock(
            "reply", "答复申请", "条例第三十三条", D("2026-10-09"), 20,
            events=(ClockEvent("pause", D("2026-10-12")), ClockEvent("resume", D("2026-10-20")))),
            department="办公室", person="赵六")
    kinds = tuple(replace(k, deadlines=deadlines) if k is rq.KIND else k for k in dl.KINDS)
    monkeypatch.setattr(dl, "KINDS", kinds)
    (r,) = [r for r in dl.rows(register(), D("2026-11-23")) if r.deadline.kind == "request"]
    assert r.deadline.subject == "Q-1" and r.due is not None


def test_ten_thousand_items_fast():
    items = [item(f"X{i}", ev("submit", f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}"),
                  ev("review", f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}", "保密审查", "可以公开"),
                  department=f"科室{i % 7}", proposer=f"人{i % 13}")
             for i in range(10_000)]
    reg = register("s002_shikejiju", items)
    t = time.process_time()  # CPU time: not skewed by other jobs on the machine
    late = dl.overdue(dl.rows(reg, D("2026-11-23")))
    elapsed = time.process_time() - t
    assert len(late) > 9000
    assert elapsed < 1.5, elapsed


@pytest.mark.parametrize("raw, expect", [
    ({"days": 10, "unit": "workday", "source": "x"}, (10, "workdays")),
    ({"days": 3, "unit": "day"}, (3, "days")),
    (5, (5, "workdays")),
])
def test_limit_parsing(raw, expect):
    p = load_profile("s000_kejiju", {"limits": {"meeting_notice": raw}})
    L = p.limit("meeting_notice")
    assert (L.days, L.unit) == expect
    assert p.limit("transfer_paper") is None


def test_domain_modules_stay_light():
    """Domain code imports neither typer nor rich, and chinese_calendar only when a calendar
    is first used."""
    import subprocess
    import sys
    code = ("import sys, dwgk.workdays, dwgk.holidays, dwgk.clock, dwgk.deadlines\n"
            "bad = [m for m in ('typer', 'rich', 'chinese_calendar', 'jinja2') if m in sys.modules]\n"
            "assert not bad, bad\n"
            "from datetime import date\n"
            "dwgk.workdays.Calendar().is_workday(date(2026, 1, 1))\n"
            "assert 'chinese_calendar' in sys.modules\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


# ---- findings of the issue-3 audit


def test_refused_items_have_no_proactive_deadline_but_deferred_and_returned_keep_it():
    reg = register(items=[
        item("NO", ev("submit", "2026-06-15"), ev("review", "2026-06-16", "保密审查", "不予公开")),
        item("RISK", ev("submit", "2026-06-15"), ev("review", "2026-06-16", "风险评估", "不公开")),
        item("REF", ev("submit", "2026-06-15"), ev("review", "2026-06-16", "保密审查", "提请审定")),
        item("BACK", ev("submit", "2026-06-15"), ev("review", "2026-06-16", "保密审查", "可以公开"),
             ev("review", "2026-06-17", "审批", "不同意")),
    ], overrides={"steps": [{"name": "保密审查", "kind": "secrecy", "role": "办公室"},
                            {"name": "风险评估", "kind": "risk", "role": "分管领导"},
                            {"name": "审批", "kind": "approve", "role": "主要负责人", "final": True}]})
    rows = dl.rows(reg, D("2026-11-20"))
    assert not by_rule(rows, "publish_after_formed", "NO")
    assert not by_rule(rows, "publish_after_formed", "RISK")
    # the statutory clock does not stop for a referral upwards or a return for revision
    assert by_rule(rows, "publish_after_formed", "REF")[0].overdue
    assert by_rule(rows, "publish_after_formed", "BACK")[0].overdue
    # a refused item is re-reviewed every year instead (from the year after the decision)
    assert [r.deadline.period for r in by_rule(dl.rows(reg, D("2027-04-01")), "rereview", "NO")] == ["2027年", "2028年"]


def test_rereview_is_due_every_year_until_it_is_done_or_published():
    reg = register("s002_shikejiju", [
        item("R", ev("submit", "2024-06-01"), ev("rereview", "2025-03-20", result="维持"),
             ev("rereview", "2026-04-10", result="维持"), attribute="依申请公开"),
        item("P", ev("submit", "2024-06-01"), ev("publish", "2025-09-01"), attribute="依申请公开"),
    ], start="2024-01-01")
    rows = by_rule(dl.rows(reg, D("2027-05-01")), "rereview", "R")
    assert [(r.deadline.period, r.due, r.state.status) for r in rows] == [
        ("2025年", D("2025-03-31"), MET), ("2026年", D("2026-03-31"), MISSED), ("2027年", D("2027-03-31"), MISSED),
        ("2028年", D("2028-03-31"), OPEN)]
    assert rows[1].state.done == D("2026-04-10") and not rows[1].overdue  # late, but done
    assert rows[2].overdue and rows[2].state.done is None
    # published in 2025 (reclassified): the 2025 round is closed by it, and no later round exists
    rows = by_rule(dl.rows(reg, D("2027-05-01")), "rereview", "P")
    assert [(r.deadline.period, r.state.done) for r in rows] == [("2025年", D("2025-09-01"))]


def test_transfers_are_done_by_records_of_the_current_publication():
    reg = register("s002_shikejiju", [
        item("T", ev("submit", "2026-09-01"), ev("review", "2026-09-02", "保密审查", "可以公开"),
             ev("publish", "2026-09-03", scope="向社会公开"), ev("transfer", "2026-09-04", medium="电子"),
             ev("transfer", "2026-10-09", medium="纸质")),
        item("C", ev("submit", "2026-06-01"), ev("review", "2026-06-02", "保密审查", "可以公开"),
             ev("publish", "2026-06-03"), ev("transfer", "2026-06-04", medium="电子"),
             ev("revise", "2026-10-12"), ev("review", "2026-10-13", "保密审查", "可以公开"),
             ev("publish", "2026-10-14")),
        item("IN", ev("submit", "2026-09-01"), ev("review", "2026-09-02", "保密审查", "可以公开"),
             ev("publish", "2026-09-03", scope="党内公开")),
    ])
    rows = dl.rows(reg, D("2026-11-20"))
    assert [r.state.status for r in rows if r.deadline.subject == "T" and r.deadline.rule.startswith("transfer")] == [MET, MET]
    # after a 更正 the old transfer does not count: the changed text must go again
    (e,) = by_rule(rows, "transfer_electronic", "C")
    assert e.deadline.clock.start == D("2026-10-14") and e.overdue
    assert not [r for r in rows if r.deadline.subject == "IN" and r.deadline.rule.startswith("transfer")]


def test_urgent_items_are_due_the_day_their_secrecy_review_passes():
    reg = register("s002_shikejiju", [
        item("U", ev("submit", "2026-11-06"), ev("review", "2026-11-06", "保密审查", "可以公开"), timing="随时"),
        item("W", ev("submit", "2026-11-06"), ev("review", "2026-11-07", "保密审查", "可以公开"), timing="随时"),
    ])
    rows = dl.rows(reg, D("2026-11-09"))
    (u,) = by_rule(rows, "publish_after_secrecy", "U")
    assert u.due == D("2026-11-06") and u.overdue and u.state.days_late == 1
    assert "立即公开" in u.deadline.clock.start_event
    (w,) = by_rule(rows, "publish_after_secrecy", "W")  # passed on a Saturday: the next 工作日
    assert w.due == D("2026-11-09") and w.state.status == OPEN


def test_meeting_notice_at_least_two_workdays_ahead():
    reg = register("s002_shikejiju", [
        item("OK", ev("submit", "2026-09-01"), ev("meeting", "2026-09-28", meeting_date="2026-10-09")),
        item("LATE", ev("submit", "2026-09-01"), ev("meeting", "2026-10-08", meeting_date="2026-10-09")),
    ])
    rows = dl.rows(reg, D("2026-11-20"))
    (ok,) = by_rule(rows, "meeting_notice", "OK")
    # two 工作日 before Friday 10-09: 10-08 (Thu) and 09-30 (Wed; 10-01..07 are 国庆节)
    assert ok.due == D("2026-09-30") and ok.state.status == MET
    (late,) = by_rule(rows, "meeting_notice", "LATE")
    assert late.state.status == MISSED and late.state.days_late == 1 and not late.overdue
    assert any(d.code == "D103" and "LATE" in d.message for d in dl.check_calendar(reg, D("2026-11-20")))
    assert not by_rule(dl.rows(register(items=reg.items), D("2026-11-20")), "meeting_notice")  # national: no rule


def test_annual_report_follows_org_type():
    rows = by_rule(dl.rows(register(start="2025-06-01", overrides={"org_type": "部门"}), D("2026-11-23")),
                   "annual_report")
    assert rows[0].due == D("2026-02-02")  # 01-31 is a Saturday


def test_periodic_publication_reports_on_its_own_period():
    entry = Entry(code="Z08", category=("工作动态",), name="工作进展", timing="定期", cadence="每季度",
                  department="业务科", path="catalogue.yaml")
    items = [
        # Q1 written in April, within Q1's grace: reports on Q1
        item("Q1", ev("submit", "2026-04-02"), ev("publish", "2026-04-03"), entry="Z08"),
        # Q2 missing; Q3 published in time: it must not be taken for Q2
        item("Q3", ev("submit", "2026-09-21"), ev("publish", "2026-09-25"), entry="Z08"),
        # a late Q2 report written in November says so explicitly
        item("L2", ev("submit", "2026-11-16"), ev("publish", "2026-11-18"), entry="Z08", period="2026Q2"),
    ]
    reg = register(items=items[:2], catalogue=[entry])
    rows = {r.deadline.period: r for r in by_rule(dl.rows(reg, D("2026-11-20")), "periodic")}
    assert rows["2026年第1季度"].state.status == MET
    assert rows["2026年第2季度"].overdue  # the missing period is the one blamed …
    assert rows["2026年第3季度"].state.done == D("2026-09-25")  # … not the next one
    reg = register(items=items, catalogue=[entry])
    rows = {r.deadline.period: r for r in by_rule(dl.rows(reg, D("2026-11-20")), "periodic")}
    assert rows["2026年第2季度"].state.done == D("2026-11-18") and not rows["2026年第2季度"].overdue
    assert rows["2026年第4季度"].state.status == OPEN  # L2 did not close Q4


def test_an_annual_plan_early_in_the_year_is_not_last_years():
    entry = Entry(code="Z04", category=("规划",), name="年度计划", timing="定期", cadence="每年")
    items = [item("P25", ev("submit", "2025-02-10"), ev("publish", "2025-02-12"), entry="Z04"),
             item("P26", ev("submit", "2026-01-05"), ev("publish", "2026-01-06"), entry="Z04")]
    rows = by_rule(dl.rows(register(items=items, catalogue=[entry], start="2025-01-01"), D("2026-11-20")),
                   "periodic")
    # P26 was written within 2025's grace, but 2025 already has its publication
    assert [(r.deadline.period, r.state.done) for r in rows] == [("2025年", D("2025-02-12")),
                                                                 ("2026年", D("2026-01-06"))]


def test_period_mismatch_is_a_check_finding():
    entry = Entry(code="Z08", category=("工作动态",), name="工作进展", timing="定期", cadence="每季度")
    reg = register(items=[item("H", ev("submit", "2026-07-02"), entry="Z08", period="2026H1")],
                   catalogue=[entry])
    from dwgk.items.deadlines import check_periods
    assert [d.code for d in check_periods(reg) if d.code == "D011"] == ["D011"]


def test_minimum_period_counts_calendar_days_left():
    reg = register("s002_shikejiju", [item("N", ev("submit", "2026-11-01"), ev("prepublish", "2026-11-20"),
                                          major=True)])
    (n,) = by_rule(dl.rows(reg, D("2026-11-24")), "prepublish_min", "N")
    assert n.due == D("2026-11-27") and n.state.days_left == 3  # calendar days, not 工作日
