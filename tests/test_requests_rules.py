"""A request is judged by the rules in force on its date of receipt — fees and wording
included: the 109号 tiers only from 2021-01-01, the 2007 条例's cost fees and its silence on
补正 and consultation periods, seed 002's own articles (第三十五条, 第四十条)."""

from __future__ import annotations

from datetime import date

import pytest

from dwgk import fees as F
from dwgk import requests as rq
from dwgk.profile import load_profile
from test_requests import CAL, D, Flow, amend, consult
from test_requests_cli import new, ok
from test_requests_stops import refused, show


# ---------------------------------------------------------------- fees by date of receipt


@pytest.mark.parametrize("profile, received, scheme, source", [
    ("national", "2010-03-01", F.COST, "政府信息公开条例（2007）第二十七条、第二十八条"),
    ("national", "2019-05-14", F.COST, "政府信息公开条例（2007）第二十七条、第二十八条"),
    ("national", "2019-05-15", F.FREE, "政府信息公开条例（2019）第四十二条（信息处理费标准施行前）"),
    ("national", "2020-12-31", F.FREE, "政府信息公开条例（2019）第四十二条（信息处理费标准施行前）"),
    ("national", "2021-01-01", F.PROCESSING, F.SOURCE),
    ("s002_shikejiju", "2025-06-09", F.COST, "第四十条"),
    ("s003_gaoxinqu", "2020-06-01", None, None),
    ("s003_gaoxinqu", "2021-01-04", F.PROCESSING, F.SOURCE),
])
def test_the_fee_rule_in_force_on_the_date_of_receipt(profile, received, scheme, source):
    rule = rq.rule_for(load_profile(profile), D(received))
    assert (rule.fees.scheme if rule.fees else None) == scheme
    assert (rule.fees.source if rule.fees else None) == source


def test_109_tiers_only_for_requests_received_from_2021():
    old = Flow("2020-06-01", today=D("2020-12-31"))
    e = old.refused("fee", "2020-06-02", "Q244", pages=100)
    assert "不收取费用" in e.message and "第四十二条" in e.message
    s003 = Flow("2020-06-01", profile="s003_gaoxinqu", today=D("2020-12-31"))
    e = s003.refused("fee", "2020-06-02", "Q244", pages=100)
    assert "尚无收费规则" in e.message and "2021-01-01" in e.message
    now = Flow("2021-01-04", today=D("2021-03-01"))
    now.do("fee", "2021-01-05", pages=100)
    e = now.req.history[-1]
    assert (e.mode, e.quantity, e.amount, e.items) == ("按量", 100, 700, "")


def test_2008_requests_pay_the_stated_cost_and_cite_the_2007_article():
    f = Flow("2010-03-01", today=D("2010-06-30"))
    e = f.refused("fee", "2010-03-02", "Q246", pages=100)
    assert "--amount" in e.hint
    f.do("fee", "2010-03-02", amount=35, items="复制费50页、邮寄费10元")
    e = f.req.history[-1]
    assert (e.mode, e.quantity, e.amount, e.items) == ("成本费", None, 35, "复制费50页、邮寄费10元")
    assert "2007）第二十七条" in f.change.summary and "35元" in f.change.summary
    fee = next(d for d in rq.request_deadlines(f.reg, f.req, CAL) if d.rule == "request_fee")
    assert fee.clock.source == "政府信息公开条例（2007）第二十七条、第二十八条"
    pause = next(e for e in rq.reply_clock(f.req, rq.rule_for(f.reg.profile, f.req.received), CAL).events
                 if e.kind == "pause")
    assert pause.source == "政府信息公开条例（2007）第二十七条、第二十八条"
    f.do("lapse", "2010-04-01", reasons="")  # 20 工作日 after 03-02: 03-30
    ctx = rq.reply_context(f.reg, f.req)
    assert ctx["basis"].startswith("《中华人民共和国政府信息公开条例》（2007年）第二十七条")
    assert "成本费用" in ctx["decision"] and "视为放弃申请" not in ctx["decision"]


def test_seed_002_charges_cost_fees_with_the_head_waiving(tmp_path, run):
    from conftest import make_register
    reg = make_register(tmp_path / "s002", run, "s002_shikejiju")
    rid = new(run, reg, "2026-09-15")
    refused(run, reg, "Q246", "成本费用", "request", "fee", rid, "--pages", "150", "--by", "李四",
            "--date", "2026-09-16")
    refused(run, reg, "Q247", "无效", "request", "fee", rid, "--amount", "-5", "--by", "李四", "--date", "2026-09-16")
    r = ok(run, reg, "request", "fee", rid, "--amount", "42.5", "--items", "复制费、邮寄费", "--by", "李四",
           "--date", "2026-09-16")
    assert "42.5元" in r.stdout and "第四十条" in r.stdout
    refused(run, reg, "Q251", "政府信息公开工作机构主要负责人", "request", "waive", rid, "--approved-by", " ",
            "--reason", "经济困难", "--by", "李四", "--date", "2026-09-17")
    ok(run, reg, "request", "paid", rid, "--by", "李四", "--date", "2026-09-18")
    data = show(run, reg, rid)
    assert data["rule"]["fees"] == {"since": "2008-05-01", "scheme": "成本费", "source": "第四十条", "payment": 20,
                                    "waiver": "政府信息公开工作机构主要负责人"}
    assert run("check", cwd=reg).exit_code == 0


def test_fee_schedules_parse_and_legacy_true():
    assert F.schedules(True) == (F.Schedule(date(2021, 1, 1), F.PROCESSING, F.SOURCE),)
    assert F.schedules(False) == () and F.schedules(None) == ()
    table = F.schedules([{"since": "2021-01-01", "scheme": "信息处理费"}, {"since": "2008-05-01", "scheme": "成本费"},
                         {"since": "x", "scheme": "成本费"}, {"since": "2019-05-15", "scheme": "按页"},
                         {"since": "2019-05-15", "scheme": "不收费", "payment": 0}])
    assert [(s.since.year, s.scheme) for s in table] == [(2008, "成本费"), (2021, "信息处理费")]
    assert F.schedule_for(table, D("2008-04-30")) is None
    assert F.schedule_for(table, D("2020-01-01")).scheme == "成本费"
    assert F.per_page(F.MAX_PAGES).amount <= F.MAX_AMOUNT
    assert F.amount_value(float("inf")) is None and F.amount_value(12.345) is None and F.amount_value(12.5) == 12.5


# ---------------------------------------------------------------- the 2007 条例's wording


def test_2008_rules_have_no_amend_notice_limit_and_no_consultation_period(reg, run):
    rid = new(run, reg, "2010-03-01")
    r = ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--by", "李四", "--date", "2010-03-31")
    assert "警告" not in r.stderr and "条例第三十条" not in r.stdout + r.stderr  # 2007: no 7 工作日 limit
    data = show(run, reg, rid)
    assert data["rule"]["amend_notice"] is None and data["rule"]["consult"] is None
    assert "request_amend_notice" not in {d["rule"] for d in data["deadlines"]}
    assert data["rule"]["articles"]["amend"] == "条例（2007）第二十一条第（四）项"
    letter = ok(run, reg, "form", rid, "--kind", "补正告知书", "--format", "md").stdout
    assert "《中华人民共和国政府信息公开条例》（2007年）第二十一条第（四）项" in letter
    assert "视为放弃申请" not in letter and "第三十条" not in letter
    text = ok(run, reg, "request", "show", rid).stdout
    assert "第三十一条第一项" not in text and "参照现行条例第三十一条确定" in text
    assert "依据：政府信息公开条例（2007）第二十四条" in text  # the reply clock's start
    assert run("check", cwd=reg).exit_code == 0  # a "late" notice is no finding under 2007


def test_2008_consultation_waits_for_the_answer():
    f = consult(Flow("2010-03-01", today=D("2010-12-31")), "2010-03-02")
    c = rq.progress(f.req).consults[0]
    assert rq.consult_due(c, rq.rule_for(f.reg.profile, f.req.received), CAL) is None
    assert f.due is None  # still paused months later: no period to run out
    assert "request_consult" not in {d.rule for d in rq.request_deadlines(f.reg, f.req, CAL)}
    f.do("consulted", "2010-03-05", party="", opinion="未答复", reasons="")  # no period: the office stops waiting
    assert f.due is not None


def test_2019_rules_keep_their_limits_and_articles():
    f = amend(Flow("2026-09-15"), "2026-09-24")
    assert f.change.extra[rq.WARNING].startswith("Q304 补正告知逾期：应于 2026-09-23 前发出（条例第三十条")
    ctx = rq.reply_context(f.reg, f.req)
    assert ctx["amend"]["basis"] == "《中华人民共和国政府信息公开条例》第三十条"
    assert "视为放弃申请" in ctx["amend"]["consequence"]
    assert ctx["receipt_rule"].endswith("（条例第三十一条第一项）")


def test_seed_002_cites_its_own_articles(tmp_path, run):
    from conftest import make_register
    reg = make_register(tmp_path / "s002", run, "s002_shikejiju")
    rid = new(run, reg, "2026-09-15")
    ok(run, reg, "request", "amend", rid, "--reason", "写明文件名称", "--by", "李四", "--date", "2026-09-30")
    letter = ok(run, reg, "form", rid, "--kind", "补正告知书", "--format", "md").stdout
    assert "根据《市科学技术局政务信息公开制度》第三十五条（五）的规定" in letter
    text = ok(run, reg, "explain", rid).stdout
    assert "依据：第三十五条（五）" in text and "条例第三十条" not in text
