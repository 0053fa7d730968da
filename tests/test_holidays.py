"""holidays.yaml (build/check) and the State Council notice importer."""

from datetime import date
from pathlib import Path

import pytest

from dwgk.diag import Refused
from dwgk.holidays import build, calendar, check, disagreements, merge, parse_notice, render
from dwgk.workdays import library_year
from dwgk.yamlread import parse

NOTICES = Path(__file__).parent / "data" / "notices"
D = date.fromisoformat


def notice(name: str):
    return parse_notice((NOTICES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_notices_reproduce_the_library_exactly(year):
    n = notice(f"{year}.txt")
    lib = library_year(year)
    assert n.data.year == year
    assert n.data.rest_days() == lib.rest_days()
    assert n.data.work_days() == lib.work_days()
    assert n.data.notice.startswith("国办发明电〔")
    assert disagreements({year: n.data}) == {}
    assert n.to_json() == {"year": year, "notice": n.data.notice,
                           "rest_days": [d.isoformat() for d in lib.rest_days()],
                           "workdays": [d.isoformat() for d in lib.work_days()]}


def test_2024_encouraged_day_off_is_not_a_holiday():
    n = notice("2024.txt")
    assert D("2024-02-09") not in n.data.rest_days()
    assert [line for line, _ in n.ignored] == [7] and "鼓励" in n.ignored[0][1]


def test_2023_merged_festivals_and_span_across_the_year_end():
    n = notice("2023.txt")
    spans = {s.name: s for s in n.data.rest}
    assert spans["中秋节、国庆节"].start == D("2023-09-29") and spans["中秋节、国庆节"].end == D("2023-10-06")
    assert spans["元旦"].start == D("2022-12-31") and spans["元旦"].end == D("2023-01-02")
    # The library files 2023-12-30/31 (weekend days) under 2023; the 工作日 status agrees.
    assert disagreements({2023: n.data}) == {}


def test_variant_wordings():
    n = notice("variants_2030_test_fixture.txt")
    rest, work = n.data.rest_days(), n.data.work_days()
    assert D("2030-01-01") in rest  # 放假1天，不调休 (星期二)
    assert D("2030-04-05") in rest and D("2030-04-06") not in rest  # 与周末连休: only the named day
    assert {D("2030-04-30"), D("2030-05-01"), D("2030-05-04")} <= set(rest)  # across a month end
    assert {D("2030-04-28"), D("2030-05-11")} <= set(work)  # from a wrapped line (周日/周六)
    assert D("2030-06-05") in rest  # full-width digits
    assert D("2030-02-01") not in rest  # only encouraged
    assert {D("2030-01-27"), D("2030-02-09")} <= set(work)  # 星期日 / 周六
    assert len([d for d in rest if D("2030-09-29") <= d <= D("2030-10-06")]) == 8


def _refused(text: str) -> Refused:
    with pytest.raises(Refused) as e:
        parse_notice(text)
    return e.value


HEAD = "国务院办公厅关于2026年部分节假日安排的通知\n国办发明电〔2025〕7号\n"


@pytest.mark.parametrize("body, line, words", [
    ("一、元旦：1月1日（周三）至3日放假调休，共3天。", 3, "周四"),  # wrong weekday
    ("一、元旦：1月1日至3日放假调休，共4天。", 3, "共 4 天"),
    ("一、元旦：1月1日至3日放假调休，共3天。\n二、春节：2月30日放假。", 4, "不存在"),
    ("一、元旦：1月1日至3日放假调休。1月5日（周一）上班。", 3, "不是周末"),
    ("一、元旦：1月1日至3日放假调休。1月3日（周六）上班。", 3, "放假区间内"),
    ("一、元旦：1月1日起开始放假。", 3, "读不懂"),
    ("一、元旦：1月1日至3日，请各单位安排。", 3, "既不是放假也不是上班"),
    ("1月1日至3日放假调休。", 3, "编号的节日条目"),
    ("一、元旦：3日放假。", 3, "没有月份"),
    ("一、元旦：1月1日至3日放假调休。1月4日（周日）或1月10日（周六）上班。", 3, "顿号"),
    ("一、元旦：1月1日至3日放假。\n二、春节：1月2日至5日放假。", 4, "重叠"),
    # a line continuing the items must be read: one that is not is refused, never skipped
    ("一、元旦：1月1日至3日放假。\n二、春节：2月15日至23日放假。\n2月22日（周日）照常营业。", 5,
     "既不是放假也不是上班"),
    ("一、元旦：1月1日至3日放假。\n2月28日（周六）需要加班。", 4, "既不是放假也不是上班"),
    # a festival item or a line about days off with no date it can read is refused too
    ("一、元旦：1月1日至3日放假。\n二、春节：2月某日放假。", 4, "没有读到放假或上班的日期"),
    ("一、元旦：1月1日至3日放假。\n二、春节：2月15日至23日放假。\n另有一天补班，时间另行通知。", 5,
     "没有读到日期"),
])
def test_refuses_with_the_line_number(body, line, words):
    r = _refused(HEAD + body + "\n")
    assert f"第 {line} 行" in r.message and words in r.message
    assert r.code == "H121" and r.diagnostics[0].line == line


def test_working_days_worded_as_bu_ban_or_xu_shang_ban():
    text = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。\n"
            "二、春节：2月5日至12日放假调休，共8天。\n2月20日（周六）补班。\n2月21日（周日）需上班。\n"
            "三、国庆节：10月1日至7日放假。10月9日（周六）照常上班。\n\n国务院办公厅\n2026年11月5日\n")
    n = parse_notice(text)
    assert n.data.work_days() == [D("2027-02-20"), D("2027-02-21"), D("2027-10-09")]
    assert [n.lines[("workdays", i)] for i in range(3)] == [4, 5, 6]


def test_preamble_and_signature_dates_are_not_schedule():
    text = ("国务院办公厅关于2025年部分节假日安排的通知\n"
            "经党中央、国务院批准，根据2024年11月10日新修订的《全国年节及纪念日放假办法》，现将安排通知如下。\n"
            "一、元旦：1月1日（周三）放假1天，不调休。\n国务院办公厅\n2024年11月12日（此件公开发布）\n")
    assert parse_notice(text).data.rest_days() == [D("2025-01-01")]


def test_refuses_without_year_or_items():
    assert _refused("一、元旦：1月1日放假。\n").code == "H122"
    assert _refused(HEAD + "节假日期间，各地区要安排好值班。\n").code == "H122"


# ---------------------------------------------------------------------------------------
# holidays.yaml

GOOD = """\
years:
  2027:
    notice: 国办发明电〔2026〕99号
    rest:
    - name: 元旦
      from: 2027-01-01
      to: 2027-01-03
    - name: 端午节
      from: 2027-06-09
    workdays:
    - date: 2027-02-20
      name: 春节
    - 2027-05-08
"""


def _check(text: str):
    data, diags = parse(text, "holidays.yaml")
    assert diags == []
    return check(data, text, "holidays.yaml")


def test_good_file_builds_and_checks_clean():
    data, _ = parse(GOOD, "holidays.yaml")
    years, diags = build(data, GOOD)
    assert diags == [] and _check(GOOD) == []
    y = years[2027]
    assert y.rest_days()[:3] == [D("2027-01-01"), D("2027-01-02"), D("2027-01-03")]
    assert y.work_days() == [D("2027-02-20"), D("2027-05-08")]
    cal = calendar(data, GOOD)
    assert not cal.is_provisional(2027) and not cal.is_workday(D("2027-06-09"))
    assert cal.year_source(2027).notice == "国办发明电〔2026〕99号"


@pytest.mark.parametrize("change, code, line", [
    (("to: 2027-01-03", "to: 2027-1-3"), "H103", 7),
    (("to: 2027-01-03", "to: 2026-12-30"), "H104", 7),
    (("from: 2027-06-09", "from: 2027-01-03"), "H105", 8),
    (("- 2027-05-08", "- 2027-05-07"), "H106", 13),
    (("- 2027-05-08", "- 2027-01-02"), "H107", 13),
    (("- 2027-05-08", "- 2027-02-20"), "H111", 13),
    (("- 2027-05-08", "- 2025-05-08"), "H110", 13),
    (("    notice: 国办发明电〔2026〕99号\n", "    notice: x\n    colour: red\n"), "H109", 4),
    (("  2027:", "  20x7:"), "H102", 2),
])
def test_findings_have_codes_and_lines(change, code, line):
    text = GOOD.replace(*change)
    found = [d for d in _check(text) if d.code == code]
    assert found, _check(text)
    assert found[0].line == line and found[0].path == "holidays.yaml"


def test_missing_notice_is_a_warning():
    text = GOOD.replace("    notice: 国办发明电〔2026〕99号\n", "")
    (d,) = _check(text)
    assert d.code == "H112" and d.severity == "warning"


def test_structure():
    assert [d.code for d in _check("- 2027-01-01\n")] == ["H101"]
    assert build(None)[0] == {}


LIB_2026 = """\
years:
  2026:
    notice: 国办发明电〔2025〕7号
    rest:
    - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
    workdays: [2026-01-04]
"""


def test_disagreeing_with_the_library_needs_a_reason():
    (d,) = _check(LIB_2026)
    assert d.code == "H108" and d.line == 2 and "2026-02-16" in d.message
    assert _check(LIB_2026 + "    reason: 本地另有规定（测试）\n") == []


def test_merge_and_render_round_trip():
    n = notice("2027_test_fixture.txt")
    data, _ = parse("years:\n  2031:\n    notice: 测试\n    rest: []\n", "h")
    text = render(merge(data, n.data))
    assert text.startswith("#")
    again, diags = parse(text, "holidays.yaml")
    assert diags == []
    years, diags = build(again, text)
    assert diags == [] and sorted(years) == [2027, 2031]
    assert years[2027].rest_days() == n.data.rest_days()
    assert years[2027].work_days() == n.data.work_days()
    assert check(again, text) == []
    # importing the same year again replaces it
    assert list(merge(again, n.data)["years"]) == [2027, 2031]
