"""舆情 and 应急 (issue 18): hour clocks across weekends and holidays, each step and its
refusals (nothing changed on disk), ``--now``, the summaries, the form, and ``check``."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from conftest import make_register, snapshot
from dwgk import opinions as op
from dwgk.clock import HOURS, MET, MISSED, OPEN, WORKDAYS, Clock, run as run_clock, serious, state
from dwgk.deadline import Deadline, evaluate
from dwgk.fields import Findings
from dwgk.workdays import Calendar

CAL = Calendar()
T = datetime.fromisoformat


def hour_clock(start: str, hours: int) -> Clock:
    s = T(start)
    return Clock("opinion_respond", "回应", "国办发〔2016〕61号", s.date(), hours, HOURS, start_at=s)


# ---------------------------------------------------------------- the clock


def test_hour_clock_runs_through_a_weekend():
    # found Friday 2026-11-20 20:00: 48 hours end Sunday 20:00, not on the next 工作日
    r = run_clock(hour_clock("2026-11-20 20:00", 48), CAL, trace=True)
    assert r.due_at == T("2026-11-22 20:00") and r.due == date(2026, 11, 22)
    assert not r.provisional
    text = "\n".join(t.text for t in r.trace)
    assert "2026-11-21 周六、2026-11-22 周日 为休息日，照常计时" in text
    # the same 2 days in 工作日 would end on Tuesday: the day clocks are untouched
    day = Clock("x", "x", "", date(2026, 11, 20), 2, WORKDAYS)
    assert run_clock(day, CAL).due == date(2026, 11, 24)


def test_hour_clock_runs_through_national_day():
    # 2026-10-01..07 is the National Day holiday (with 10-10 a working Saturday)
    r = run_clock(hour_clock("2026-09-30 18:00", 48), CAL, trace=True)
    assert r.due_at == T("2026-10-02 18:00")
    assert "国庆节" in "".join(t.text for t in r.trace)
    five = run_clock(hour_clock("2026-10-01 23:00", 5), CAL)
    assert five.due_at == T("2026-10-02 04:00")  # overnight, on a holiday


def test_hour_state_to_the_minute():
    r = run_clock(hour_clock("2026-11-20 09:30", 5), CAL)
    met = state(r, CAL, date(2026, 11, 20), done_at=T("2026-11-20 14:30"))
    assert met.status == MET and met.describe() == "已于 2026-11-20 14:30 按时完成"
    late = state(r, CAL, date(2026, 11, 20), done_at=T("2026-11-20 14:31"))
    assert late.status == MISSED and late.minutes_late == 1 and late.late_text() == "1 分钟"
    open_ = state(r, CAL, date(2026, 11, 20), now=T("2026-11-20 12:10"))
    assert open_.status == OPEN and open_.minutes_left == 140
    assert "还剩 2 小时 20 分钟" in open_.describe()
    missed = state(r, CAL, date(2026, 11, 22), now=T("2026-11-22 09:30"))
    assert missed.status == MISSED and missed.done is None and missed.minutes_late == 43 * 60
    assert missed.describe().startswith("已逾期 43 小时")
    assert serious(r, missed)  # 43 hours late on a 5-hour limit
    # without a moment, "today" means its end
    assert state(r, CAL, date(2026, 11, 20)).status == MISSED


def test_hour_clock_refuses_events_and_needs_a_start():
    with pytest.raises(ValueError):
        Clock("x", "x", "", date(2026, 1, 1), 5, HOURS)


# ---------------------------------------------------------------- the cli


@pytest.fixture
def s002(tmp_path, run):
    root = make_register(tmp_path / "reg", run, "s002")
    return root


def new(run, root, *args, now="2026-11-20 18:00"):
    r = run("--now", now, "opinion", "new", "--found", "2026-11-20 09:30", "--source", "微博",
            "--summary", "网传某项目资金被挪用", "--head", "王局长", "--by", "张三", *args, cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def step(run, root, *args, now="2026-11-20 18:00", ok=True):
    r = run("--now", now, "opinion", *args, cwd=root)
    if ok:
        assert r.exit_code == 0, r
    return r


def test_a_major_opinion_from_found_to_close(run, s002):
    oid = new(run, s002)
    assert oid.startswith("YQ-2026-")
    step(run, s002, "assess", oid, "--value", "有回应价值", "--level", "重大", "--plan", "一号预案", "--by", "王局长",
         "--role", "主要负责人", "--at", "2026-11-20 10:00")
    step(run, s002, "report", oid, "--to", "局政务公开工作领导小组", "--to", "市网信办", "--by", "张三", "--at", "2026-11-20 10:10")
    step(run, s002, "coordinate", oid, "--unit", "市财政局", "--statement", "资金拨付情况以财政局核实为准", "--by", "张三",
         "--at", "2026-11-20 11:00")
    r = step(run, s002, "respond", oid, "--channel", "市政府门户网站", "--text", "经核实，资金按规定拨付", "--by", "张三",
             "--at", "2026-11-20 13:00")
    assert "用时 3 小时 30 分钟，时限 5 小时，按时" in r.stdout
    # the press conference (24 hours) is still open on Saturday morning, late by Monday
    o = run("--now", "2026-11-21 08:00", "overdue", "--format", "json", cwd=s002)
    assert json.loads(o.stdout)["count"] == 0
    due = run("--now", "2026-11-21 08:00", "due", cwd=s002)
    assert "11-21 09:30" in due.stdout and "剩 1时30分" in due.stdout
    late = run("--now", "2026-11-23 09:00", "overdue", "--format", "json", cwd=s002)
    rows = json.loads(late.stdout)["overdue"]
    assert [(x["rule"], x["due_at"], x["minutes_late"]) for x in rows] == [("opinion_press", "2026-11-21 09:30",
                                                                           47 * 60 + 30)]
    assert rows[0]["person"] == "王局长" and rows[0]["tier"] == ""  # 47.5 hours: not yet twice 24
    text = run("--now", "2026-11-23 09:00", "overdue", cwd=s002).stdout
    assert "11-21 09:30" in text and "47:30" in text
    md = run("--now", "2026-11-23 09:00", "overdue", "--format", "md", cwd=s002).stdout
    assert "2026-11-21 09:30" in md and "47 小时 30 分钟" in md
    ex = run("--now", "2026-11-23 09:00", "explain", oid, cwd=s002).stdout
    assert "期间 2026-11-21 周六 为休息日，照常计时" in ex and "已逾期 47 小时 30 分钟" in ex
    st = run("--now", "2026-11-23 09:00", "status", cwd=s002).stdout
    assert "超期 1 项" in st
    step(run, s002, "respond", oid, "--channel", "新闻发布会", "--text", "通报核查结果", "--by", "张三",
         "--at", "2026-11-21 15:00", now="2026-11-23 09:00")
    step(run, s002, "follow", oid, "--note", "转发量下降", "--by", "张三", "--at", "2026-11-22 10:00", now="2026-11-23 09:00")
    step(run, s002, "close", oid, "--outcome", "谣言澄清，舆情平息", "--held", "是", "--by", "王局长",
         "--at", "2026-11-23 08:00", now="2026-11-23 09:00")
    data = json.loads(run("--now", "2026-11-23 09:00", "show", oid, "--format", "json", cwd=s002).stdout)
    assert data["stage"] == "closed" and data["releases"] == 2 and data["head"] == "王局长"
    assert [(d["rule"], d["status"], d["late_text"]) for d in data["deadlines"]] == [
        ("opinion_respond", "met", ""), ("opinion_press", "missed", "5 小时 30 分钟")]
    log = run("log", oid, cwd=s002).stdout
    assert log.count("\n") == 8 and "王局长（主要负责人）" in log
    assert run("check", cwd=s002).exit_code == 0


def test_an_emergency_with_its_level_and_releases(run, s002):
    oid = new(run, s002, "--type", "应急", "--level", "重大", "--department", "规划科")
    r = step(run, s002, "respond", oid, "--channel", "局政务微博", "--text", "首发：已启动应急预案", "--by", "张三",
             "--at", "2026-11-20 12:00")
    assert r.stdout.startswith("已登记：首发") and "首发权威信息（重大，5 小时内）用时 2 小时 30 分钟" in r.stdout
    r = step(run, s002, "respond", oid, "--channel", "局政务微博", "--text", "续报：伤亡情况", "--by", "张三",
             "--at", "2026-11-20 17:00")
    assert r.stdout.startswith("已登记：续报（第 1 次）")
    shown = run("--now", "2026-11-20 18:00", "opinion", "show", oid, cwd=s002).stdout
    assert "级别：重大" in shown and "首发权威信息（重大，5 小时内）：2026-11-20 14:30 到期  按时完成" in shown
    # the generic show and log work on the kind
    assert run("--now", "2026-11-20 18:00", "show", oid, cwd=s002).stdout == shown


def test_unassessed_runs_on_48_hours(run, s002):
    oid = new(run, s002)
    d = json.loads(run("--now", "2026-11-20 18:00", "opinion", "show", oid, "--format", "json", cwd=s002).stdout)
    assert d["due_at"] == "2026-11-22 09:30" and d["level"] is None  # Sunday: hours, not 工作日
    assert d["status_text"] == "未到期，还剩 39 小时 30 分钟（2026-11-22 09:30 到期）"


REFUSALS = [
    # (setup steps, command, code)
    ((), ["new", "--found", "2026-11-20 19:00", "--source", "微博", "--summary", "x", "--head", "王局长", "--by", "张三"], "O201"),
    ((), ["new", "--type", "应急", "--level", "特大", "--source", "微博", "--summary", "x", "--head", "王局长", "--by", "张三"], "O204"),
    ((), ["new", "--source", "微博", "--summary", " ", "--head", "王局长", "--by", "张三"], "O209"),
    ((), ["new", "--source", "微博", "--summary", "x", "--by", "张三"], "O222"),
    ((), ["assess", "{id}", "--value", "有", "--level", "特大", "--plan", "p", "--by", "王"], "O204"),
    ((), ["assess", "{id}", "--value", "有", "--level", "一般", "--plan", " ", "--by", "王"], "O211"),
    ((), ["assess", "{id}", "--value", "有", "--level", "一般", "--plan", "p", "--by", "王", "--at", "2026-11-20 09:00"], "O205"),
    ((), ["assess", "{id}", "--value", "有", "--level", "一般", "--plan", "p", "--by", "王", "--at", "2026-11-20 18:01"], "O201"),
    ((), ["report", "{id}", "--to", "某某", "--by", "张三"], "O212"),
    ((), ["coordinate", "{id}", "--unit", "市财政局", "--statement", " ", "--by", "张三"], "O214"),
    ((), ["respond", "{id}", "--channel", "朋友圈", "--text", "t", "--by", "张三"], "O215"),
    ((), ["respond", "{id}", "--channel", "新闻发布会", "--text", "t", "--by", "张三", "--at", "2026-11-19 10:00"], "O205"),
    ((), ["respond", "{id}", "--channel", "新闻发布会", "--text", "t", "--item", "GK-2026-000000", "--by", "张三"], "O216"),
    ((), ["close", "{id}", "--outcome", "平息", "--held", "是", "--by", "张三"], "O219"),
    ((["follow", "{id}", "--note", "n", "--by", "张三", "--at", "2026-11-20 12:00"],),
     ["follow", "{id}", "--note", "n", "--by", "张三", "--at", "2026-11-20 11:00"], "O206"),
    ((["respond", "{id}", "--channel", "新闻发布会", "--text", "t", "--by", "张三", "--at", "2026-11-20 12:00"],),
     ["close", "{id}", "--outcome", "平息", "--held", "也许", "--by", "张三"], "O220"),
    ((["respond", "{id}", "--channel", "新闻发布会", "--text", "t", "--by", "张三", "--at", "2026-11-20 12:00"],
      ["close", "{id}", "--outcome", "平息", "--held", "是", "--by", "张三", "--at", "2026-11-20 13:00"]),
     ["follow", "{id}", "--note", "n", "--by", "张三"], "O207"),
]


@pytest.mark.parametrize("setup,cmd,code", REFUSALS, ids=[f"{c[1][0]}-{c[2]}" for c in REFUSALS])
def test_each_step_refuses_and_changes_nothing(run, s002, setup, cmd, code):
    oid = new(run, s002)
    for s in setup:
        step(run, s002, *[a.format(id=oid) for a in s])
    before = snapshot(s002)
    r = step(run, s002, *[a.format(id=oid) for a in cmd], ok=False)
    assert r.exit_code == 1, r
    assert f"错误[{code}]" in r.stderr, r
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr
    assert snapshot(s002) == before


def test_a_profile_without_the_kind_refuses(run, tmp_path):
    root = make_register(tmp_path / "r3", run, "s003")
    before = snapshot(root)
    r = run("--now", "2026-11-20 18:00", "opinion", "new", "--source", "微博", "--summary", "x", "--head", "王",
            "--by", "张三", cwd=root)
    assert r.exit_code == 1 and "错误[O203]" in r.stderr
    assert snapshot(root) == before


def test_now_and_today(run, s002):
    r = run("--now", "2026-11-20 25:00", "opinion", "list", cwd=s002)
    assert r.exit_code == 2 and "错误[D200]" in r.stderr
    r = run("--now", "2026-11-21 10:00", "--today", "2026-11-20", "opinion", "list", cwd=s002)
    assert r.exit_code == 2 and "错误[D201]" in r.stderr
    # an option beats the environment's DWGK_TODAY (set by the test fixture to 2026-11-20)
    assert run("--now", "2026-11-21 10:00", "opinion", "list", cwd=s002).exit_code == 0
    # DWGK_NOW is read like --now
    oid = new(run, s002)
    env = {"DWGK_NOW": "2026-11-22 09:31", "DWGK_TODAY": ""}
    late = run("overdue", "--format", "json", cwd=s002, env=env)
    assert json.loads(late.stdout)["overdue"][0]["minutes_late"] == 1, late
    r = run("opinion", "respond", oid, "--channel", "新闻发布会", "--text", "t", "--by", "张三",
            "--at", "2026-11-22 09:32", cwd=s002, env=env)
    assert r.exit_code == 1 and "错误[O201]" in r.stderr


def test_summaries_count_events_times_late_and_people(run, s002):
    a = new(run, s002)
    step(run, s002, "assess", a, "--value", "有", "--level", "重大", "--plan", "p", "--by", "王局长", "--at", "2026-11-20 10:00")
    step(run, s002, "respond", a, "--channel", "新闻发布会", "--text", "t", "--by", "李发布", "--at", "2026-11-20 16:30")
    b = new(run, s002, "--found", "2026-11-20 11:00")
    step(run, s002, "respond", b, "--channel", "局政务微博", "--text", "t", "--by", "张三", "--at", "2026-11-20 12:00")
    step(run, s002, "report", b, "--to", "局政务公开工作领导小组", "--by", "张三", "--at", "2026-11-20 12:10")
    step(run, s002, "close", b, "--outcome", "平息", "--held", "否", "--by", "张三", "--at", "2026-11-20 17:00")
    s = json.loads(run("--now", "2026-11-20 18:00", "opinion", "summary", "--format", "json", cwd=s002).stdout)
    assert (s["count"], s["responded"], s["late"], s["closed"], s["not_held"]) == (2, 2, 1, 1, 1)
    assert s["average_minutes"] == (420 + 60) // 2 and s["press_required"] == 1 and s["press_held"] == 1
    assert s["unreported"] == 1  # a was responded to without the 第五十一条 report
    assert {(p["name"], p["role"]) for p in s["responsible"]} == {("王局长", "第一责任人"), ("局办公室", "责任科室"),
                                                                   ("李发布", "发布人")}
    period = run("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "md", cwd=s002).stdout
    assert "## 七、舆情和应急处置情况" in period and "超过时限回应1起" in period and "李发布（发布人）1起" in period
    pj = json.loads(run("report", "period", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json",
                        cwd=s002).stdout)
    assert pj["opinions"]["late"] == 1 and pj["opinions"]["late_rows"][0]["id"] == a
    # the 政务 annual report is public: figures only, no names, no summaries
    gov = run("report", "annual", "--year", "2026", "--draft", "--format", "md", cwd=s002).stdout
    assert "共发现舆情2起" in gov and "王局长" not in gov and "挪用" not in gov
    gj = json.loads(run("report", "annual", "--year", "2026", "--draft", "--format", "json", cwd=s002).stdout)
    assert gj["opinions"]["late"] == 1 and "late_rows" not in gj["opinions"]


def test_party_report_names_people_for_members_only(run, tmp_path):
    root = make_register(tmp_path / "p", run, "s000")
    a = new(run, root)
    step(run, root, "assess", a, "--value", "有", "--level", "重大", "--plan", "p", "--by", "王局长", "--at", "2026-11-20 10:00")
    step(run, root, "respond", a, "--channel", "门户网站", "--text", "t", "--by", "张三", "--at", "2026-11-20 16:00")
    inner = run("report", "annual", "--year", "2026", "--draft", "--format", "md", cwd=root).stdout
    assert "## 六、舆情和应急处置情况" in inner and "王局长（第一责任人）" in inner
    public = run("report", "annual", "--year", "2026", "--draft", "--audience", "社会", "--format", "md", cwd=root).stdout
    assert "六、舆情和应急处置情况" in public and "王局长" not in public and "挪用" not in public
    # s000: a 重大 event must be reported to the 党工委
    found = json.loads(run("check", "--format", "json", cwd=root).stdout)["findings"]
    assert [f["code"] for f in found if f["code"].startswith("O")] == ["O306"]


def test_the_form_to_sign(run, s002):
    oid = new(run, s002)
    step(run, s002, "assess", oid, "--value", "有回应价值", "--level", "一般", "--plan", "p", "--by", "王局长",
         "--at", "2026-11-20 10:00")
    step(run, s002, "respond", oid, "--channel", "局政务微博", "--text", "澄清", "--by", "张三", "--at", "2026-11-20 12:00")
    md = run("--now", "2026-11-20 18:00", "form", oid, "--kind", "舆情处置记录表", "--format", "md", cwd=s002)
    assert md.exit_code == 0, md
    for text in ("# 舆情处置记录表", "2026-11-20 09:30", "有回应价值", "回应　2026-11-20 12:00　局政务微博（张三）：澄清",
                 "已于 2026-11-20 12:00 按时完成", "第一责任人（单位主要负责人）：王局长"):
        assert text in md.stdout
    html = run("--now", "2026-11-20 18:00", "form", oid, "--kind", "舆情处置记录表", "--format", "html", cwd=s002)
    assert "<h1 class=\"title form\">舆情处置记录表</h1>" in html.stdout
    wrong = run("form", "GK-2026-000000", "--kind", "舆情处置记录表", cwd=s002)
    assert wrong.exit_code == 2 and "错误[O226]" in wrong.stderr


def test_check_reads_hand_edits(run, s002):
    oid = new(run, s002)
    path = next((s002 / "opinions" / "2026").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("at: 2026-11-20 09:30", "at: 2026-11-20 9:30") + "level: 特大\n", encoding="utf-8")
    found = json.loads(run("check", "--format", "json", cwd=s002).stdout)["findings"]
    codes = sorted(f["code"] for f in found if f["code"].startswith("O"))
    assert codes == ["O104", "O304"], found
    bad = next(f for f in found if f["code"] == "O104")
    assert bad["path"] == f"opinions/2026/{oid}.yaml" and bad["line"] > 1


def test_builder_findings():
    f = Findings("opinions/2026/YQ-2026-000001.yaml")
    data = {"id": "YQ-2026-000001", "type": "传闻", "found": "2026-11-20 09:30", "source": "微博", "summary": "x",
            "history": [{"action": "found", "at": "2026-11-20 09:30", "by": "张三"},
                        {"action": "respond", "at": "2026-11-20 09:00", "by": "张三"}]}
    o = op.build_opinion(data, f, "YQ-2026-000001")
    codes = sorted(d.code for _, d in f.pending)
    assert codes == ["O107", "O113", "O114", "O114"] and o is not None and len(o.history) == 2
