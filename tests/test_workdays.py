"""The 工作日 calendar and the counting convention (domain.md §10)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dwgk.workdays import (ADJUSTED, DAYS, HOLIDAY, WEEKEND, WORKDAY, Calendar, Span, YearData,
                           library_data, step)

D = date.fromisoformat
CAL = Calendar()


@pytest.mark.parametrize("start, n, due", [
    # Spring Festival 2024: 02-10..02-17 off, 02-04 (Sun) and 02-18 (Sun) worked.
    ("2024-02-08", 1, "2024-02-09"),  # 除夕 is only "encouraged" off: a 工作日
    ("2024-02-08", 2, "2024-02-18"),  # the 调休上班 Sunday counts
    ("2024-02-03", 1, "2024-02-04"),  # Saturday start; Sunday 02-04 is 调休上班
    ("2024-02-04", 1, "2024-02-05"),  # start on a 调休上班 Sunday: not counted
    ("2024-02-12", 1, "2024-02-18"),  # start inside the holiday
    ("2024-02-12", 0, "2024-02-18"),  # 0 days from a rest day: next 工作日
    # Spring Festival 2025 (01-28..02-04; 01-26 Sun and 02-08 Sat worked)
    ("2025-01-24", 1, "2025-01-26"),
    ("2025-01-27", 1, "2025-02-05"),
    ("2025-02-07", 1, "2025-02-08"),
    # Spring Festival 2026 (02-15..02-23; 02-14 Sat and 02-28 Sat worked)
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-13", 2, "2026-02-24"),
    ("2026-02-27", 1, "2026-02-28"),
    ("2026-02-28", 1, "2026-03-02"),  # start on a 调休上班 Saturday
    # Labour Day 2024 (05-01..05-05; 04-28 Sun, 05-11 Sat worked), 2026 (05-01..05; 05-09 Sat)
    ("2024-04-27", 1, "2024-04-28"),
    ("2024-04-30", 1, "2024-05-06"),
    ("2024-05-10", 1, "2024-05-11"),
    ("2026-04-30", 1, "2026-05-06"),
    ("2026-05-08", 1, "2026-05-09"),
    # National Day 2024 (10-01..10-07; 09-29 Sun, 10-12 Sat), 2025 (10-01..10-08; 09-28, 10-11)
    ("2024-09-27", 1, "2024-09-29"),
    ("2024-09-30", 1, "2024-10-08"),
    ("2024-10-12", 1, "2024-10-14"),  # start on a 调休上班 Saturday
    ("2025-09-30", 1, "2025-10-09"),
    ("2025-10-10", 1, "2025-10-11"),
    ("2026-09-24", 5, "2026-10-09"),  # 中秋 09-25..27 + 国庆 10-01..07 skipped
    ("2026-10-09", 1, "2026-10-10"),
    # Year ends
    ("2023-12-29", 1, "2024-01-02"),
    ("2024-12-31", 1, "2025-01-02"),
    ("2025-12-31", 1, "2026-01-04"),  # 2026-01-01..03 off, Sunday 01-04 worked
    ("2026-12-31", 1, "2027-01-04"),  # 2027: provisional; 元旦 01-01 is a fixed date, then a weekend
    ("2028-04-28", 1, "2028-05-03"),  # provisional 劳动节 05-01/02 (Mon, Tue) …
    ("2027-09-30", 1, "2027-10-04"),  # … 国庆节 10-01..03 (Fri-Sun)
    ("2027-02-05", 1, "2027-02-08"),  # the lunar festivals cannot be placed without the notice
    # Ordinary weeks
    ("2026-11-20", 1, "2026-11-23"),
    ("2026-11-23", 10, "2026-12-07"),
])
def test_add_workdays(start, n, due):
    assert CAL.add_workdays(D(start), n) == D(due)


def test_labour_day_count_by_hand():
    # 2026-05-01 (rest) + 5: 05-06, 05-07, 05-08, 05-09 (调休上班 Sat), 05-11
    assert CAL.add_workdays(D("2026-05-01"), 5) == D("2026-05-11")


@pytest.mark.parametrize("start, n, due", [
    ("2026-09-24", 7, "2026-10-08"),  # ends 10-01 (国庆) → next 工作日
    ("2025-01-25", 3, "2025-02-05"),  # ends 01-28 (春节 01-28..02-04)
    ("2026-11-20", 3, "2026-11-23"),  # ends Monday
    ("2026-11-18", 3, "2026-11-23"),  # ends Saturday → Monday
    ("2024-02-01", 3, "2024-02-04"),  # ends on a 调休上班 Sunday: that is a 工作日
    ("2026-02-07", 7, "2026-02-14"),
])
def test_add_days(start, n, due):
    assert CAL.add_days(D(start), n) == D(due)


def test_workdays_between():
    assert CAL.workdays_between(D("2026-11-20"), D("2026-11-23")) == 1
    assert CAL.workdays_between(D("2026-11-23"), D("2026-11-20")) == -1
    assert CAL.workdays_between(D("2026-09-30"), D("2026-10-10")) == 3  # 10-08, 09, 10
    assert CAL.workdays_between(D("2026-01-01"), D("2026-01-01")) == 0
    assert CAL.workdays_between(D("2025-12-31"), D("2026-12-31")) == 248 + 0


def test_kinds_and_names():
    assert CAL.kind(D("2026-10-01")) == HOLIDAY and CAL.day_name(D("2026-10-01")) == "国庆节"
    assert CAL.kind(D("2026-10-10")) == ADJUSTED
    assert CAL.kind(D("2026-11-21")) == WEEKEND and CAL.day_name(D("2026-11-21")) == "周六"
    assert CAL.kind(D("2026-11-23")) == WORKDAY


def test_agrees_with_library_everywhere():
    import chinese_calendar

    d, end = D("2004-01-01"), D("2026-12-31")
    while d <= end:
        assert CAL.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_sources_and_provisional():
    assert CAL.year_source(2026).kind == "library"
    assert CAL.is_provisional(2027) and CAL.year_source(2027).kind == "provisional"
    s = step(CAL, D("2026-12-10"), 20)
    # 元旦 2027-01-01 (a fixed date in 全国年节及纪念日放假办法) is a rest day even provisionally
    assert s.due == D("2027-01-08") and s.provisional and s.provisional_years == (2027,)
    assert D("2027-01-01") in [d.date for d in s.skipped] and CAL.kind(D("2027-01-01")) == HOLIDAY
    assert CAL.day_name(D("2027-01-01")) == "元旦（暂定）"
    assert not step(CAL, D("2026-11-10"), 20).provisional
    # the fixed dates stand in for a notice only: in 2012 劳动节 was 04-29..05-01, 05-02 a 工作日
    assert CAL.is_workday(D("2012-05-02")) and not CAL.is_workday(D("2028-05-01"))


def test_register_years_take_precedence():
    y2027 = YearData(2027, (Span(D("2027-01-01"), D("2027-01-03"), "元旦"),),
                     ((D("2027-01-09"), "元旦"),), notice="测试")
    cal = Calendar({2027: y2027})
    assert cal.year_source(2027).kind == "holidays.yaml" and not cal.is_provisional(2027)
    assert cal.add_workdays(D("2026-12-10"), 20) == D("2027-01-08")
    assert cal.is_workday(D("2027-01-09"))
    # overriding a library year replaces the library's data for it entirely
    cal = Calendar({2026: YearData(2026)})
    assert cal.is_workday(D("2026-10-01")) and not cal.is_workday(D("2026-10-10"))
    assert Calendar().is_workday(D("2026-10-10"))


def test_spans_reaching_into_previous_year_apply():
    y = YearData(2030, (Span(D("2029-12-31"), D("2030-01-01"), "元旦"),))
    cal = Calendar({2030: y})
    assert not cal.is_workday(D("2029-12-31"))


def test_step_lists_what_it_stepped_over():
    s = step(CAL, D("2026-02-13"), 2)
    assert [d.date for d in s.counted] == [D("2026-02-14")]
    assert D("2026-02-15") in [d.date for d in s.skipped]
    assert s.due == D("2026-02-24")
    s = step(CAL, D("2026-09-24"), 7, DAYS)
    assert s.due == D("2026-10-08") and s.rolled_from == D("2026-10-01")
    # a zero-length period steps over nothing: the start day (a 调休上班 Saturday) is not counted
    for unit in (DAYS, "workdays"):
        s = step(CAL, D("2026-02-14"), 0, unit)
        assert s.due == D("2026-02-14") and s.counted == () and s.skipped == ()


def test_far_dates_and_errors():
    assert CAL.add_workdays(D("1999-01-01"), 1) == D("1999-01-04")
    assert CAL.add_workdays(D("2040-06-01"), 260) > D("2041-05-01")
    assert CAL.workdays_between(D("1990-01-01"), D("2040-01-01")) > 10000
    with pytest.raises(ValueError):
        CAL.add_workdays(D("2026-01-01"), -1)


def test_library_read_once():
    assert library_data() is library_data()


dates = st.dates(min_value=D("2003-06-01"), max_value=D("2028-12-31"))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(0, 60), unit=st.sampled_from(["workdays", "days"]))
def test_due_is_always_a_workday(start, n, unit):
    due = CAL.add(start, n, unit)
    assert CAL.is_workday(due)
    assert due >= start


@settings(max_examples=300, deadline=None)
@given(start=dates, later=st.integers(0, 40), n=st.integers(0, 60),
       unit=st.sampled_from(["workdays", "days"]))
def test_due_never_moves_earlier(start, later, n, unit):
    assert CAL.add(start + timedelta(days=later), n, unit) >= CAL.add(start, n, unit)


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(1, 60))
def test_add_and_count_agree(start, n):
    due = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, due) == n
    assert CAL.workdays_between(start, due - timedelta(days=1)) == n - 1
