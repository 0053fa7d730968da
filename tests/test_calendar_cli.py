"""dwgk calendar status / add / check / import."""

import json
import re

import pytest
import subprocess
from pathlib import Path

from conftest import snapshot

NOTICES = Path(__file__).parent / "data" / "notices"
N2027 = NOTICES / "2027_test_fixture.txt"


def test_add_outside_a_register(run, tmp_path):
    r = run("calendar", "add", "2026-02-13", "2", cwd=tmp_path)
    assert r.exit_code == 0, r
    assert "2026-02-24（周二）" in r.stdout
    assert "2026-02-14 春节调休上班" in r.stdout
    assert "2026-02-15 至 2026-02-23 春节（9 天）" in r.stdout
    r = run("calendar", "add", "2026-02-13", "2", "--format", "json", cwd=tmp_path)
    data = json.loads(r.stdout)
    assert data["due"] == "2026-02-24" and data["provisional"] is False
    assert data["workdays"] == ["2026-02-14"]
    assert "2026-02-15" in data["rest_days"] and "2026-02-14" not in data["rest_days"]


def test_add_calendar_days(run, tmp_path):
    data = json.loads(run("calendar", "add", "2026-09-24", "7", "--days", "--format", "json",
                          cwd=tmp_path).stdout)
    assert data["due"] == "2026-10-08" and data["unit"] == "days"
    assert data["rest_days"][0] == "2026-10-01" and len(data["rest_days"]) == 7


def test_add_into_2027_is_provisional(run, tmp_path):
    r = run("calendar", "add", "2026-12-10", "20", cwd=tmp_path)
    assert r.exit_code == 0
    assert "2027-01-08（周五，暂定）" in r.stdout and "元旦（暂定）" in r.stdout
    assert "dwgk calendar import" in r.stderr
    from dwgk.cli.textfmt import width
    assert all(width(line) <= 80 for line in r.stderr.splitlines()), r.stderr
    data = json.loads(run("calendar", "add", "2026-12-10", "20", "--format", "json", cwd=tmp_path).stdout)
    assert data["provisional"] is True and data["provisional_years"] == [2027]
    r = run("calendar", "add", "2026-12-10", "20", "--strict", cwd=tmp_path)
    assert r.exit_code == 1 and "H131" in r.stderr and r.stdout == ""


def test_bad_input_is_a_usage_error(run, tmp_path):
    r = run("calendar", "add", "2026-02-30", "3", cwd=tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert "起算日“2026-02-30”无效" in r.stderr  # the argument's name, not "起算日 的日期"
    r = run("calendar", "add", "2026-02-01", "--", "-3", cwd=tmp_path)
    assert r.exit_code == 2 and "天数不能为负数" in r.stderr and "Invalid" not in r.stderr
    r = run("calendar", "add", "2026-02-01", "1001", cwd=tmp_path)  # capped: answers stay instant
    assert r.exit_code == 2 and "H134" in r.stderr and "1000" in r.stderr and r.stdout == ""
    assert run("calendar", "add", "2026-02-01", "1000", cwd=tmp_path).exit_code == 0
    r = run("due", "--within", "-1", cwd=tmp_path)
    assert r.exit_code == 2 and "不能为负数" in r.stderr


@pytest.mark.parametrize("day, code, words", [
    ("2026-10-10", 0, "国庆节调休上班）是工作日"),  # a 调休上班 Saturday
    ("2026-10-01", 1, "国庆节）是休息日"),  # a statutory holiday on a Thursday
    ("2026-11-21", 1, "周六）是休息日"),
    ("2026-11-20", 0, "周五）是工作日"),
])
def test_is_workday_for_cron(run, tmp_path, day, code, words):
    r = run("calendar", "is-workday", day, cwd=tmp_path)
    assert r.exit_code == code and words in r.stdout, r
    r = run("calendar", "is-workday", day, "-q", cwd=tmp_path)
    assert r.exit_code == code and r.stdout == ""


def test_is_workday_defaults_to_today_and_knows_provisional_years(run, tmp_path, reg):
    assert run("calendar", "is-workday", "-q", cwd=tmp_path).exit_code == 0  # DWGK_TODAY 2026-11-20, a Friday
    assert run("calendar", "is-workday", "-q", "--today", "2026-11-22", cwd=tmp_path).exit_code == 1
    r = run("calendar", "is-workday", "2027-02-08", cwd=tmp_path)  # 春节 2027, unknown without the notice
    assert r.exit_code == 0 and "暂定" in r.stdout and "dwgk calendar import" in r.stderr
    assert run("calendar", "is-workday", "2027-02-08", "--strict", cwd=tmp_path).exit_code == 1
    assert run("calendar", "import", N2027, cwd=reg).exit_code == 0
    r = run("calendar", "is-workday", "2027-02-08", cwd=reg)
    assert r.exit_code == 1 and "春节" in r.stdout and r.stderr == ""


def test_import_reads_bu_ban_lines(run, tmp_path):
    text = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。\n"
            "二、春节：2月5日至12日放假调休，共8天。\n2月20日（周六）补班。\n2月21日（周日）需上班。\n")
    r = run("calendar", "import", "-", "--dry-run", cwd=tmp_path, input=text)
    assert r.exit_code == 0 and "调休上班 2 天" in r.stdout, r


def test_status_outside_and_inside(run, tmp_path, reg):
    data = json.loads(run("calendar", "status", "--format", "json", cwd=tmp_path).stdout)
    kinds = {y["year"]: y["source"] for y in data["years"]}
    assert kinds[2026] == "library" and kinds[2027] == "provisional"
    r = run("calendar", "status", cwd=tmp_path)
    assert "2027  暂定" in r.stdout and "dwgk calendar import" in r.stderr
    assert run("calendar", "import", N2027, cwd=reg).exit_code == 0
    r = run("calendar", "status", cwd=reg)
    assert "2027  holidays.yaml（国办发明电〔2026〕99号）" in r.stdout
    # inside the register, arithmetic uses holidays.yaml: 2027-01-01 is now a rest day
    data = json.loads(run("calendar", "add", "2026-12-10", "20", "--format", "json", cwd=reg).stdout)
    assert data["due"] == "2027-01-08" and data["provisional"] is False
    assert "2027-01-01" in data["rest_days"]


def test_import_dry_run_json_reproduces_the_library(run, tmp_path):
    import chinese_calendar.constants as c
    for year in (2024, 2025, 2026):
        r = run("calendar", "import", NOTICES / f"{year}.txt", "--dry-run", "--format", "json", cwd=tmp_path)
        assert r.exit_code == 0, r
        data = json.loads(r.stdout)
        assert set(data) == {"year", "rest_days", "workdays"}
        assert data["year"] == year
        assert data["rest_days"] == sorted(d.isoformat() for d in c.holidays if d.year == year)
        assert data["workdays"] == sorted(d.isoformat() for d in c.workdays if d.year == year)
    assert not (tmp_path / "holidays.yaml").exists()


def test_import_writes_and_commits(run, reg):
    before = snapshot(reg)
    r = run("calendar", "import", N2027, "--dry-run", cwd=reg)
    assert r.exit_code == 0 and "未写入" in r.stdout and snapshot(reg) == before
    r = run("calendar", "import", N2027, "--by", "办公室小王", cwd=reg)
    assert r.exit_code == 0, r
    assert "已写入 holidays.yaml" in r.stdout
    text = (reg / "holidays.yaml").read_text(encoding="utf-8")
    assert "国办发明电〔2026〕99号" in text and "2027-01-01" in text
    log = subprocess.run(["git", "-C", str(reg), "log", "-1", "--format=%s%n%b"], capture_output=True,
                         text=True).stdout
    assert "导入 2027 年节假日安排" in log and "Dwgk-Action: calendar-import" in log
    assert subprocess.run(["git", "-C", str(reg), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == ""
    assert run("calendar", "check", cwd=reg).exit_code == 0
    # importing the same notice again changes nothing
    count = snapshot(reg)["count"]
    r = run("calendar", "import", N2027, cwd=reg)
    assert r.exit_code == 0 and "无需修改" in r.stdout and snapshot(reg)["count"] == count


def test_import_refuses_unreadable_lines_and_writes_nothing(run, reg, tmp_path):
    bad = tmp_path / "bad.txt"
    text = N2027.read_text(encoding="utf-8").replace("4月25日（周日）", "4月25日（周六）")
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "4月25日" in ln)
    before = snapshot(reg)
    r = run("calendar", "import", bad, cwd=reg)
    assert r.exit_code == 1
    assert f"第 {line} 行" in r.stderr and "周日" in r.stderr and "H121" in r.stderr
    assert snapshot(reg) == before


def test_import_gbk_notice(run, tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(N2027.read_text(encoding="utf-8").replace("〔", "[").replace("〕", "]").encode("gb18030"))
    r = run("calendar", "import", p, "--dry-run", "--format", "json", cwd=tmp_path)
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["year"] == 2027


def test_import_disagreeing_with_the_library_needs_a_reason(run, reg, tmp_path):
    p = tmp_path / "2026x.txt"
    p.write_text((NOTICES / "2026.txt").read_text(encoding="utf-8").replace(
        "5月1日（周五）至5日（周二）放假调休，共5天。", "5月1日（周五）至4日（周一）放假调休，共4天。"), encoding="utf-8")
    before = snapshot(reg)
    r = run("calendar", "import", p, cwd=reg)
    assert r.exit_code == 1 and "H108" in r.stderr and "2026-05-05" in r.stderr
    assert snapshot(reg) == before
    r = run("calendar", "import", p, "--reason", "测试：本地另有安排", cwd=reg)
    assert r.exit_code == 0, r
    assert run("calendar", "check", cwd=reg).exit_code == 0
    assert "reason: 测试：本地另有安排" in (reg / "holidays.yaml").read_text(encoding="utf-8")


def test_check_reports_file_line_col(run, reg):
    (reg / "holidays.yaml").write_text(
        "years:\n  2027:\n    notice: 测试\n    rest:\n    - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n"
        "    workdays:\n    - 2027-01-05\n", encoding="utf-8")
    r = run("calendar", "check", cwd=reg)
    assert r.exit_code == 1
    assert "holidays.yaml:7:7: error[H106]" in r.stderr
    data = json.loads(run("calendar", "check", "--format", "json", cwd=reg).stdout)
    assert data["ok"] is False and data["findings"][0]["code"] == "H106"
    # dwgk check (the lead's command) includes the calendar findings too
    assert "H106" in run("check", cwd=reg).stderr


def test_check_without_holidays_file(run, tmp_path):
    r = run("calendar", "check", cwd=tmp_path)
    assert r.exit_code == 0 and "没有 holidays.yaml" in r.stdout


def test_broken_holidays_yaml_is_refused_for_arithmetic(run, reg):
    (reg / "holidays.yaml").write_text("years: [\n", encoding="utf-8")
    r = run("calendar", "add", "2026-12-10", "20", cwd=reg)
    assert r.exit_code == 1 and "H100" in r.stderr and "Traceback" not in r.stderr


def test_wrap_for_the_terminal():
    from dwgk.cli.textfmt import width, wrap
    text = "注意：2027 年尚无节假日数据，结果暂按周末和固定日期的节日计算（暂定）。导入通知：dwgk calendar import 通知.txt（标 * 的为暂定）"
    lines = wrap(text, 40, "  ")
    assert all(width(ln) <= 40 for ln in lines) and len(lines) > 2
    assert "".join(ln.strip() for ln in lines).replace(" ", "") == text.replace(" ", "")
    assert not any(ln.strip()[0] in "），。" for ln in lines)  # no line starts with closing punctuation
    assert any("dwgk calendar import" in ln for ln in lines) or any("通知.txt" in ln for ln in lines)
    # a number is never cut, even where the comma after it may not start a line
    counts = "公开事项 10000 项：已提出 168，审核中 177，已审批 142，已公开 3691，已归档 4719，不公开 757，已退回 148"
    for cols in range(30, 80):
        lines = wrap(counts, cols, "  ")
        assert all(width(ln) <= cols for ln in lines)
        assert [w for ln in lines for w in re.findall(r"\d+", ln)] == re.findall(r"\d+", counts), cols
        assert all(ln.endswith(("，", "：")) for ln in lines[:-1]), lines  # words stay whole
