"""Deadline clocks: start, length, pause/resume/restart/extend, state and trace."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dwgk.clock import (MET, MISSED, OPEN, PAUSED, Clock, ClockEvent, run, serious, state)
from dwgk.workdays import Calendar

D = date.fromisoformat
CAL = Calendar()


def clock(start="2026-09-15", length=20, unit="workdays", events=(), cap=None):
    return Clock("reply", "答复申请", "条例第三十三条", D(start), length, unit,
                 start_event="收到申请", events=tuple(events), extension_cap=cap)


def test_plain_clock():
    r = run(clock(), CAL)
    # 09-16..09-24 (7), 09-28..30 (3; 09-20 Sun worked = 8 → incl.), then 10-08 …
    assert r.due == CAL.add_workdays(D("2026-09-15"), 20)
    assert not r.provisional and r.trace == ()


def test_pause_and_resume_do_not_count_the_stop():
    events = [ClockEvent("pause", D("2026-09-18"), note="征求第三方意见"),
              ClockEvent("resume", D("2026-10-09"))]
    r = run(clock(events=events), CAL, trace=True)
    # used 09-16, 17, 18 = 3; 17 left counted after 10-09
    assert r.due == CAL.add_workdays(D("2026-10-09"), 17)
    kinds = [t.kind for t in r.trace]
    assert kinds[0] == "start" and "pause" in kinds and "resume" in kinds and kinds[-1] == "due"
    assert any("10 个工作日不计入" in t.text for t in r.trace)


def test_resume_with_stated_remaining_days():
    events = [ClockEvent("pause", D("2026-09-18")), ClockEvent("resume", D("2026-10-09"), days=10)]
    r = run(clock(events=events), CAL)
    assert r.due == CAL.add_workdays(D("2026-10-09"), 10)
    assert r.problems  # the stated figure differs from the computed one


def test_paused_clock_has_no_due_date():
    r = run(clock(events=[ClockEvent("pause", D("2026-09-18"))]), CAL)
    assert r.due is None and r.paused_since == D("2026-09-18")
    assert state(r, CAL, D("2026-12-31")).status == PAUSED


def test_restart_counts_again_from_the_new_start():
    events = [ClockEvent("extend", D("2026-09-16"), days=5, by="主任"),
              ClockEvent("restart", D("2026-10-12"), note="补正后重新受理")]
    r = run(clock(events=events), CAL, trace=True)
    assert r.due == CAL.add_workdays(D("2026-10-12"), 20) and r.extended == 0
    assert any(t.kind == "restart" for t in r.trace)


def test_extension_is_capped_and_needs_to_come_in_time():
    r = run(clock(events=[ClockEvent("extend", D("2026-10-15"), days=25, by="张主任")], cap=20), CAL,
            trace=True)
    assert r.extended == 20 and r.due == CAL.add_workdays(D("2026-09-15"), 40)
    assert any("张主任" in t.text for t in r.trace) and r.problems
    two = [ClockEvent("extend", D("2026-09-20"), days=15, by="甲"),
           ClockEvent("extend", D("2026-09-21"), days=15, by="乙")]
    assert run(clock(events=two, cap=20), CAL).extended == 20
    late = run(clock(events=[ClockEvent("extend", D("2026-12-20"), days=20, by="甲")], cap=20), CAL)
    assert late.extended == 0 and late.due == CAL.add_workdays(D("2026-09-15"), 20)
    assert late.problems


def test_pause_after_expiry_does_not_rescue():
    r = run(clock(events=[ClockEvent("pause", D("2026-12-01")),
                          ClockEvent("resume", D("2026-12-20"))]), CAL)
    assert r.due == CAL.add_workdays(D("2026-09-15"), 20) and r.problems


def test_calendar_day_clock_rolls_forward():
    r = run(clock(start="2026-09-24", length=7, unit="days"), CAL, trace=True)
    assert r.due == D("2026-10-08")
    assert any(t.kind == "roll" for t in r.trace)
    assert not any(t.kind == "skip" for t in r.trace)  # calendar days count rest days


def test_states():
    r = run(clock(start="2026-11-02", length=10), CAL)  # due 2026-11-16
    assert r.due == D("2026-11-16")
    s = state(r, CAL, D("2026-11-12"))
    assert s.status == OPEN and s.days_left == 2
    assert state(r, CAL, D("2026-11-16")).describe() == "今日到期"
    s = state(r, CAL, D("2026-11-23"))
    assert s.status == MISSED and s.days_late == 5 and s.overdue
    s = state(r, CAL, D("2026-11-23"), done=D("2026-11-13"))
    assert s.status == MET and "按时" in s.describe()
    s = state(r, CAL, D("2026-11-23"), done=D("2026-11-18"))
    assert s.status == MISSED and s.days_late == 2 and not s.overdue


def test_serious_tier():
    r = run(clock(start="2026-10-12", length=5), CAL)  # due 10-19
    assert not serious(r, state(r, CAL, D("2026-10-29")))  # 8 late
    assert serious(r, state(r, CAL, D("2026-11-03")))  # 11 late > 10


def test_provisional_clock_into_2027():
    r = run(Clock("publish", "主动公开", "条例第二十六条", D("2026-12-10"), 20), CAL, trace=True)
    assert r.due == D("2027-01-08") and r.provisional and r.provisional_years == (2027,)
    assert any(t.kind == "provisional" and "dwgk calendar import" in t.text for t in r.trace)
    # the due line itself says 暂定, and the note follows it (not at 1 January, mid-count)
    kinds = [t.kind for t in r.trace]
    assert kinds[-2:] == ["due", "provisional"]
    assert "（周五，暂定）" in r.trace[-2].text


def test_trace_names_holidays_and_adjusted_days():
    r = run(Clock("publish", "主动公开", "002 第六条", D("2026-09-24"), 10), CAL, trace=True)
    texts = "\n".join(t.text for t in r.trace)
    assert "中秋节放假，跳过" in texts and "国庆节放假，跳过" in texts
    assert "2026-10-10 国庆节调休上班，计入" in texts
    assert "期限 10 个工作日" in texts


@settings(max_examples=200, deadline=None)
@given(start=st.dates(D("2024-01-01"), D("2026-12-31")), n=st.integers(1, 30),
       p=st.integers(0, 40), q=st.integers(0, 40))
def test_pausing_never_makes_a_clock_due_earlier(start, n, p, q):
    from datetime import timedelta
    plain = run(Clock("r", "r", "s", start, n), CAL).due
    pause = start + timedelta(days=p)
    events = (ClockEvent("pause", pause), ClockEvent("resume", pause + timedelta(days=q)))
    r = run(Clock("r", "r", "s", start, n, events=events), CAL)
    assert r.due >= plain and CAL.is_workday(r.due)


def test_minimum_periods_do_not_roll():
    c = Clock("prepublish_min", "预公开期限", "第二十一条", D("2026-11-14"), 7, "days", roll=False)
    assert run(c, CAL).due == D("2026-11-21")  # a Saturday: "at least 7 days" simply ends then
    assert run(Clock("x", "x", "x", D("2026-11-14"), 7, "days"), CAL).due == D("2026-11-23")
