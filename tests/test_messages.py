"""政民互动 messages: limits per type (seed 002 第四十四条), sign-off (第四十五条), reopening
(第四十六条), the period summary, and the ``dwgk message`` commands."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import make_register, snapshot
from dwgk import messages as ms
from dwgk.clock import run as run_clock
from dwgk.diag import Refused
from dwgk.fields import Findings
from dwgk.model import Config, Register
from dwgk.profile import load_profile
from dwgk.workdays import Calendar

D = date.fromisoformat
CAL = Calendar()
TODAY = D("2026-11-20")


def register(messages=(), profile="s002_shikejiju"):
    return Register(root="/x", config=Config(org="市科技局", profile=profile), profile=load_profile(profile),
                    records={"messages": tuple(messages)})


def message(kind="咨询", received="2026-09-30", *events):
    hist = [{"action": "receive", "date": received, "by": "李四"}, *events]
    data = {"id": "LY-2026-000001", "type": kind, "received": received, "citizen": "王五",
            "content": "请问…", "history": hist}
    f = Findings("messages/2026/LY-2026-000001.yaml")
    m = ms.build_message(data, f, "LY-2026-000001")
    return m, f.pending


def dues(m, profile="s002_shikejiju"):
    return [run_clock(d.clock, CAL).due for d in ms.message_deadlines(register([m], profile), m)]


def test_limits_per_type_across_national_day():
    # 咨询 3 工作日 after 09-30: 10-01..07 off, 10-08 (1), 10-09 (2), 10-10 Sat 调休上班 (3)
    assert dues(message("咨询")[0]) == [D("2026-10-10")]
    # 建议 15 工作日 after 09-30: 10-08, 09, 10, 12..16 (8), 19..23 (13), 26, 27 (15)
    assert dues(message("建议")[0]) == [D("2026-10-27")]
    assert dues(message("投诉")[0]) == [D("2026-10-27")]


def test_reopen_starts_a_new_round():
    m, pending = message("咨询", "2026-09-30",
                         {"action": "reply", "date": "2026-10-09", "by": "赵六", "text": "不办公", "signed_by": "钱"},
                         {"action": "reopen", "date": "2026-10-12", "by": "李四", "reasons": "不满意"},
                         {"action": "reply", "date": "2026-10-16", "by": "赵六", "text": "说明", "signed_by": "钱"})
    assert not pending
    st = ms.state(m)
    assert [r.number for r in st.rounds] == [1, 2] and st.stage == "replied"
    # second round: 3 工作日 after 10-12 → 10-15; replied 10-16: late
    assert dues(m) == [D("2026-10-10"), D("2026-10-15")]
    s = ms.summary(register([m]), CAL, D("2026-01-01"), D("2026-12-31"), TODAY)
    assert s["types"]["咨询"]["replied"] == 1 and s["types"]["咨询"]["on_time"] == 0
    assert s["types"]["咨询"]["reopened"] == 1 and s["total"]["reply_rate"] == 1.0
    assert s["total"]["on_time_rate"] == 0.0


def test_builder_needs_sign_off_and_known_type():
    m, pending = message("表扬", "2026-09-30",
                         {"action": "reply", "date": "2026-09-29", "by": "赵六"})
    codes = sorted(d.code for _, d in pending)
    assert codes == ["M107", "M113", "M114", "M115"]


def test_national_profile_limits_and_missing_limits():
    assert ms.limits(load_profile("national")).days == {"咨询": 3, "建议": 15, "投诉": 15}
    assert ms.limits(load_profile("s000_kejiju")) is None


def _flow(**kw):
    reg = register()
    raw, ch = ms.new(reg, message_id="LY-2026-000001", kind=kw.get("kind", "咨询"), received=D("2026-11-02"),
                     citizen="王五", subject="办事时间", content="请问周末办公吗", channel="网站留言", contact="",
                     by="李四", role="", when=None, today=TODAY)
    return raw, ch


def test_actions_refuse_before_writing():
    raw, ch = _flow()
    assert "应于 2026-11-05 前答复" in ch.summary
    m = ms.validate(raw, "LY-2026-000001")
    reg = register([m])
    with pytest.raises(Refused) as e:
        ms.reply(reg, m, raw, text="不办公", signed_by="", explanation="", by="赵六", role="", when=D("2026-11-03"),
                 today=TODAY)
    assert e.value.code == "M216"
    with pytest.raises(Refused) as e:
        ms.reopen(reg, m, raw, reasons="不满意", by="李四", role="", when=D("2026-11-03"), today=TODAY)
    assert e.value.code == "M217"
    with pytest.raises(Refused) as e:
        ms.reply(reg, m, raw, text="x", signed_by="钱", explanation="", by="赵六", role="", when=D("2026-11-01"),
                 today=TODAY)
    assert e.value.code == "M205"
    with pytest.raises(Refused) as e:
        ms.new(register(profile="s000_kejiju"), message_id="LY-2026-000002", kind="咨询", received=D("2026-11-02"),
               citizen="王五", subject="", content="x", channel="", contact="", by="李四", role="", when=None,
               today=TODAY)
    assert e.value.code == "M207"


def test_message_commands(tmp_path, run):
    reg = make_register(tmp_path / "s002", run, "s002_shikejiju")
    r = run("message", "new", "--type", "建议", "--received", "2026-10-26", "--citizen", "王五",
            "--subject", "增加周末办事窗口", "--content", "建议周六上午开放办事窗口", "--channel", "网站留言",
            "--department", "局办公室", "--handler", "赵六", "--by", "李四", cwd=reg)
    assert r.exit_code == 0, r
    mid = r.stdout.strip()
    assert mid.startswith("LY-2026-")
    assert (reg / "messages" / "2026" / f"{mid}.yaml").is_file()
    r = run("message", "new", "--type", "咨询", "--received", "2026-11-16", "--citizen", "赵七",
            "--content", "补贴何时发放", "--by", "李四", cwd=reg)
    late = r.stdout.strip()
    before = snapshot(reg)
    r = run("message", "reopen", mid, "--reason", "不满意", "--by", "李四", cwd=reg)
    assert r.exit_code == 1 and "M217" in r.stderr and snapshot(reg) == before
    r = run("message", "new", "--type", "表扬", "--citizen", "x", "--content", "x", "--by", "李四", cwd=reg)
    assert r.exit_code == 1 and "M208" in r.stderr and snapshot(reg) == before
    r = run("message", "reply", mid, "--text", "已研究，自12月起试行", "--signed-by", "钱副局长",
            "--by", "赵六", "--date", "2026-11-13", cwd=reg)
    assert r.exit_code == 0 and "按时完成" in r.stdout, r
    r = run("message", "reopen", mid, "--reason", "试行时间太晚", "--by", "李四", "--date", "2026-11-16", cwd=reg)
    assert r.exit_code == 0, r
    data = json.loads(run("message", "show", mid, "--format", "json", cwd=reg).stdout)
    assert data["stage"] == "reopened" and data["rounds"] == 2
    # 15 工作日 after 11-16: 17..20 (4), 23..27 (9), 30, 12-01..04 (14), 07 (15)
    assert data["due"] == "2026-12-07" and data["department"] == "局办公室"
    # the 咨询 received 11-16 was due 11-19 (3 工作日): overdue today
    over = json.loads(run("overdue", "--format", "json", cwd=reg).stdout)["overdue"]
    assert [(o["id"], o["due"], o["days_late"]) for o in over if o["kind"] == "message"] == [(late, "2026-11-19", 1)]
    assert mid in run("explain", mid, cwd=reg).stdout
    s = json.loads(run("message", "summary", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "json",
                       cwd=reg).stdout)
    assert s["total"]["received"] == 2 and s["total"]["replied"] == 0 and s["total"]["overdue"] == 1
    assert s["limits"] == {"咨询": 3, "建议": 15, "投诉": 15}
    text = run("message", "summary", cwd=reg).stdout
    assert "答复率" in text and "按时率" in text
    rows = json.loads(run("message", "list", "--format", "json", cwd=reg).stdout)
    assert {r["id"] for r in rows} == {mid, late}
    assert run("check", cwd=reg).exit_code == 0


def test_a_message_entered_with_only_date_was_received_that_day(tmp_path, run):
    # A clerk entering yesterday's letter writes --date; the day of receipt follows it
    # instead of defaulting to today and then refusing "登记日期早于收到日期".
    reg = make_register(tmp_path / "s002", run, "s002_shikejiju")
    r = run("message", "new", "--type", "咨询", "--citizen", "赵七", "--content", "补贴何时发放",
            "--by", "李四", "--date", "2026-11-16", cwd=reg)
    assert r.exit_code == 0, r
    data = json.loads(run("message", "show", r.stdout.strip(), "--format", "json", cwd=reg).stdout)
    assert data["received"] == "2026-11-16" and data["due"] == "2026-11-19"
