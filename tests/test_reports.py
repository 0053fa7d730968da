"""The 公开目录 and the reports: public filtering, the national annual report's tables and
identities, the 党务 通报 and the period summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from dwgk import reports
from dwgk.diag import Refused
from dwgk.model import SCOPE_PUBLIC, SCOPES, Config, Entry, Event, Item, Register
from dwgk.profile import load_profile
from dwgk.render import Renderer, render_document
from test_render_support import (REPORT_2025, docx_cells, gov_register, html_cells, party_register,
                                 write_register)

TODAY = date(2026, 11, 20)


@pytest.fixture
def gov(tmp_path):
    return gov_register(tmp_path / "gov")


@pytest.fixture
def party(tmp_path):
    return party_register(tmp_path / "party")


def annual_json(run, root, year=2025, *extra):
    r = run("report", "annual", "--year", year, "--format", "json", *extra, cwd=root)
    assert r.exit_code == 0, r
    return json.loads(r.stdout)


def section(data, number):
    return next(s for s in data["sections"] if s["number"] == number)


# ================================================================ the national format

def test_result_rows_follow_the_requests_module():
    from dwgk import requests as rq
    assert reports.OUTCOME_CODES == rq.OUTCOMES
    for code, group, label in reports.RESULT_ROWS:
        g, sub = rq.OUTCOME_ROWS[code]
        assert (group, label) == ((g, sub) if sub else ("", g))
    assert reports.APPLICANT_COLUMNS == rq.APPLICANT_TYPES
    assert len(reports.RESULT_ROWS) == 21


def independent_count(root: Path, year: int) -> dict[str, Counter]:
    """Section 三 counted straight from the request files, without dwgk's request model."""
    rows: dict[str, Counter] = {k: Counter() for k in ("new", "carried_in", "carried_out", *reports.OUTCOME_CODES)}
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    for f in sorted((root / "requests").rglob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        received = date.fromisoformat(str(d["received"]))
        ends = [e for e in d["history"] if e["action"] in ("reply", "lapse")]
        closed = date.fromisoformat(str(ends[0]["date"])) if ends else None
        col = d["applicant_type"]
        if received.year == year:
            rows["new"][col] += 1
        if received < jan1 and not (closed and closed < jan1):
            rows["carried_in"][col] += 1
        if closed and jan1 <= closed <= dec31:
            rows[ends[0]["result"]][col] += 1
        if received <= dec31 and not (closed and closed <= dec31):
            rows["carried_out"][col] += 1
    return rows


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_section_three_matches_an_independent_count_row_by_row(gov, run, year):
    rd = {2025: REPORT_2025, 2024: REPORT_2025, 2026: REPORT_2025}
    root = gov_register(gov.parent / f"g{year}", reports=rd)
    table = section(annual_json(run, root, year), "三")["tables"][0]
    assert table["columns"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    expect = independent_count(root, year)
    by_key = {r["key"]: r for r in table["rows"]}
    assert list(by_key) == ["new", "carried_in", *reports.OUTCOME_CODES, "result_total", "carried_out"]
    for key, counter in expect.items():
        cells = by_key[key]["cells"]
        for col in reports.APPLICANT_COLUMNS:
            assert cells[col] == counter[col], (key, col)
        assert cells["总计"] == sum(counter.values()), key


def test_section_three_figures_for_2025(gov, run):
    data = annual_json(run, gov)
    rows = {r["key"]: r for r in section(data, "三")["tables"][0]["rows"]}
    assert rows["new"]["cells"]["总计"] == 7
    assert rows["carried_in"]["cells"] == {"自然人": 1, "商业企业": 0, "科研机构": 0, "社会公益组织": 0,
                                           "法律服务机构": 0, "其他": 0, "总计": 1}
    assert rows["result_total"]["cells"]["总计"] == 6
    assert rows["carried_out"]["cells"]["总计"] == 2  # b006 still open, b007 replied in 2026
    assert rows["予以公开"]["cells"]["自然人"] == 1
    assert rows["部分公开"]["cells"]["商业企业"] == 1
    assert rows["其他处理-逾期不补正"]["cells"]["自然人"] == 1
    assert rows["不予公开-第三方权益"]["label"] == "4.保护第三方合法权益"
    assert rows["不予公开-第三方权益"]["group"] == ["三、本年度办理结果", "（三）不予公开"]
    assert rows["result_total"]["label"] == "（七）总计"
    # the identity, column by column
    for col in reports.REQUEST_COLUMNS:
        assert (rows["new"]["cells"][col] + rows["carried_in"]["cells"][col]
                == rows["result_total"]["cells"][col] + rows["carried_out"]["cells"][col])


def test_section_four_counts_appeals_filed_in_the_year_as_they_stood_at_its_end(gov, run):
    t = section(annual_json(run, gov), "四")["tables"][0]
    assert t["columns"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = {r["label"]: r for r in t["rows"]}
    assert rows["行政复议"]["cells"] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1}
    # the lawsuit was decided (纠正) in 2026: at the end of 2025 it was still pending
    assert rows["未经复议直接起诉"]["group"] == ["行政诉讼"]
    assert rows["未经复议直接起诉"]["cells"] == {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1}
    assert rows["复议后起诉"]["cells"]["总计"] == 0


def test_section_two_comes_from_the_reports_file(gov, run):
    tables = section(annual_json(run, gov), "二")["tables"]
    assert [t["title"] for t in tables] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert tables[0]["rows"][1] == {"label": "行政规范性文件", "group": [], "key": "normative",
                                    "cells": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 15}}
    assert tables[1]["rows"][0]["cells"] == {"本年处理决定数量": 120}
    assert [r["label"] for r in tables[2]["rows"]] == ["行政处罚", "行政强制"]
    assert tables[3]["rows"][0]["cells"] == {"本年收费金额（单位：万元）": 0.35}


def test_all_six_sections_and_the_public_count(gov, run):
    data = annual_json(run, gov)
    assert [s["title"] for s in data["sections"]] == list(reports.SECTION_TITLES)
    assert section(data, "一")["text"][0].startswith("2025年，本局认真贯彻落实")
    assert section(data, "五")["text"] == ["一是政策解读形式较为单一；二是依申请公开答复的规范化水平有待提高。",
                                          "下一步，本局将丰富解读形式，加强业务培训。"]
    # 000001 and 000007 were published to society in 2025; 000005 was corrected and awaits review
    assert data["published"] == {"count": 2, "by_category": {"法规文件": 1, "行政执法": 1}}


def test_html_and_markdown_lay_out_the_official_tables(gov, run):
    r = run("report", "annual", "--year", "2025", cwd=gov)
    assert r.exit_code == 0, r
    html = r.stdout
    for h in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
              "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"<h2>{h}</h2>" in html
    assert 'rowspan="22"' in html and "三、本年度办理结果" in html  # the results block
    assert 'rowspan="8"' in html and "（三）不予公开" in html
    assert 'colspan="10"' in html and "行政诉讼" in html
    assert "本列数据的勾稽关系为" in html
    md = run("report", "annual", "--year", "2025", "--format", "md", cwd=gov).stdout
    assert "| 三、本年度办理结果 （三）不予公开 4.保护第三方合法权益 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |" in md
    assert "| 行政诉讼 未经复议直接起诉 | 0 | 0 | 0 | 1 | 1 |" in md


def test_docx_annual_report_has_the_tables_and_figures_of_the_html(gov, run, tmp_path):
    out = tmp_path / "年报.docx"
    assert run("report", "annual", "--year", "2025", "--format", "docx", "-o", out, cwd=gov).exit_code == 0
    html = run("report", "annual", "--year", "2025", cwd=gov).stdout
    strip = lambda cells: [c.replace(" ", "") for c in cells]  # noqa: E731
    assert strip(docx_cells(out)) == strip(html_cells(html))
    import docx
    d = docx.Document(str(out))
    assert len(d.tables) == 3
    t3 = d.tables[1]
    assert len(t3.rows) == 3 + 25 and len(t3.columns) == 10
    assert t3.cell(3, 0).text == "一、本年新收政府信息公开申请数量" and t3.cell(3, 9).text == "7"
    assert t3.cell(5, 0).text == "三、本年度办理结果" and t3.cell(26, 0).text == "三、本年度办理结果"  # merged
    heads = [p.text for p in d.paragraphs if p.text.startswith(("一、", "二、", "三、", "四、", "五、", "六、"))]
    assert heads == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


# ---------------------------------------------------------------- refusing rather than rendering wrong

def test_this_years_carried_over_must_equal_what_last_year_published(gov, run):
    rep = dict(REPORT_2025, carried_over=3)
    root = gov_register(gov.parent / "g2", reports={2025: rep})
    r = run("report", "annual", "--year", "2025", "--format", "md", cwd=root)
    assert r.exit_code == 1, r
    assert r.stdout == ""
    assert "错误[T020]" in r.stderr and "“本年二=上年四”" in r.stderr
    assert "上年年度报告公布的结转数为 3" in r.stderr


def test_a_request_closed_without_a_countable_outcome_breaks_the_identity():
    @dataclass
    class R:
        id: str
        received: date
        applicant_type: str
        closed: date | None
        result: str | None
        path: str = ""

    class Api:
        OUTCOMES = reports.OUTCOME_CODES
        outcome = staticmethod(lambda r: r.result)
        closed_on = staticmethod(lambda r: r.closed)
        appeals = staticmethod(lambda r: [])

    reqs = [R("A", date(2025, 1, 5), "自然人", date(2025, 1, 20), "予以公开"),
            R("B", date(2025, 2, 5), "自然人", date(2025, 2, 20), "撤回", path="requests/2025/B.yaml")]
    reg = Register(root="/x", config=Config(org="测试局"), profile=load_profile("national"), requests=tuple(reqs),
                   annual={2025: REPORT_2025})
    with pytest.raises(Refused) as e:
        reports.annual_gov_document(reg, 2025, TODAY, api=Api)
    assert e.value.code == "T020"
    assert "“一+二=（七）总计+四”" in e.value.message and "“自然人”列" in e.value.message
    assert any(d.path == "requests/2025/B.yaml" and "撤回" in d.message for d in e.value.diagnostics)


def test_identities_catch_a_table_that_does_not_add_up():
    rc = reports.RequestCounts(2025)
    rc.new["自然人"] = 2
    rc.results["予以公开"]["自然人"] = 1
    t = reports.request_table(rc)
    t.row("result_total")["cells"]["总计"] = 5  # a corrupted total
    ap = reports.count_appeals([], 2025, None)
    ap.rows[0]["cells"]["总计"] = 1
    names = {f.identity for f in reports.check_identities(t, ap, {c: 0 for c in reports.REQUEST_COLUMNS})}
    assert names == {"一+二=（七）总计+四", "总计列=六类申请人之和", "（七）总计=各办理结果之和", "第四部分总计=前四项之和"}


def test_missing_reports_file_is_refused_with_lines_and_draft_renders(gov, run):
    rep = {"overview": "文字", "proactive": {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                                             "licensing": -1, "typo": 3}}
    root = gov_register(gov.parent / "g3", reports={2025: rep})
    r = run("report", "annual", "--year", "2025", cwd=root)
    assert r.exit_code == 1, r
    assert "错误[T021]" in r.stderr and "reports/2025.yaml 不完整" in r.stderr
    assert "reports/2025.yaml:" in r.stderr and "未知字段“typo”" in r.stderr
    assert "缺少 normative" in r.stderr and "行政许可 不能为负数" in r.stderr and "缺少 problems" in r.stderr
    r = run("report", "annual", "--year", "2024", "--format", "md", cwd=root)
    assert r.exit_code == 1 and "缺少 proactive" in r.stderr
    r = run("report", "annual", "--year", "2024", "--format", "md", "--draft", cwd=root)
    assert r.exit_code == 0, r
    assert "（草稿）" in r.stdout and "【待填写】" in r.stdout


def test_request_files_with_errors_stop_the_annual_report(gov, run):
    p = gov / "requests" / "2025" / "YS-2025-00b005.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("applicant_type: 社会公益组织", "applicant_type: 协会"),
                 encoding="utf-8")
    r = run("report", "annual", "--year", "2025", cwd=gov)
    assert r.exit_code == 1
    assert "错误[T023]" in r.stderr and "YS-2025-00b005.yaml" in r.stderr


# ================================================================ the public filter (safety)

PROFILE = load_profile("national")
ENTRIES = tuple(Entry(code=f"Z{i:02d}", category=(f"类别{i % 3}",), name=f"目录条目{i}", scope=s)
                for i, s in enumerate(SCOPES * 2))


@st.composite
def items(draw, n):
    out = []
    for i in range(n):
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
        scope = draw(st.sampled_from(SCOPES))
        secrecy = draw(st.sampled_from([None, "可以公开", "部分公开", "不予公开", "提请审定"]))
        approvals = draw(st.booleans())
        pub = draw(st.lists(st.sampled_from(SCOPES), max_size=2))
        withheld = draw(st.booleans())
        revised = draw(st.booleans())
        archived = draw(st.booleans())
        events = [Event("submit", day, "甲")]
        if secrecy:
            events.append(Event("review", day, "乙", step="保密审查", result=secrecy,
                                data={"exemption": "工作秘密"} if secrecy in ("部分公开", "不予公开") else {}))
        if approvals:
            events += [Event("review", day, "丙", step="审核", result="同意"),
                       Event("review", day, "丁", step="审批", result="同意")]
        events += [Event("publish", day, "戊", data={"scope": s, "channel": "政府网站"}) for s in pub]
        if withheld:
            events.append(Event("withhold", day, "戊", data={"reasons": "r", "basis": "b"}))
        if revised:
            events.append(Event("revise", day, "甲", data={"kind": "更正"}))
        if archived:
            events.append(Event("archive", day, "戊"))
        events = [Event(e.action, e.date, e.by, step=e.step, result=e.result, data=e.data, index=k)
                  for k, e in enumerate(events)]
        out.append(Item(id=f"GK-2025-{i:06x}", title=f"事项标题{i:03d}", content="c",
                        entry=draw(st.sampled_from([e.code for e in ENTRIES])), scope=scope,
                        channels=("政府网站",), department="办公室", proposer="甲", history=tuple(events)))
    return out


def oracle_public(it: Item) -> bool:
    """Written independently of reports.py: 向社会公开 + secrecy passed + published to society,
    all in the current version, and not withheld."""
    start = max([i for i, e in enumerate(it.history) if e.action == "revise"], default=0)
    current = it.history[start:]
    secrecy = [e for e in current if e.action == "review" and e.step == "保密审查"]
    return (it.scope == SCOPE_PUBLIC
            and bool(secrecy) and secrecy[-1].result in ("可以公开", "部分公开")
            and any(e.action == "publish" and e.data.get("scope") == SCOPE_PUBLIC for e in current)
            and not any(e.action == "withhold" for e in current))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items(12))
def test_no_non_public_item_ever_reaches_a_public_output(its):
    reg = Register(root="/x", config=Config(org="测试局"), profile=PROFILE, catalogue=ENTRIES, items=tuple(its),
                   annual={2025: REPORT_2025})
    public = reports.public_items(reg)
    assert {i.id for i in public} == {i.id for i in its if oracle_public(i)}
    # the annual report counts only those
    doc = reports.annual_gov_document(reg, 2025, TODAY, api=None)
    assert doc.data["published"]["count"] == sum(1 for i in its if oracle_public(i))
    # the 党务 通报 names only items members may see
    party = reports.annual_party_document(reg, 2025, TODAY, draft=True)
    named = {r["id"] for r in party.data["items"]}
    for i in its:
        if i.id in named:
            assert i.scope in ("党内公开", "向社会公开")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SCOPES), st.text(alphabet="甲乙丙丁戊己庚辛<>&|", min_size=1, max_size=8)),
                min_size=1, max_size=10))
def test_the_public_catalogue_never_shows_a_non_public_entry(rows):
    entries = tuple(Entry(code=f"K{i}", category=("类",), name=f"条目{i}号{name}", scope=scope)
                    for i, (scope, name) in enumerate(rows))
    reg = Register(root="/x", config=Config(org="测试局"), profile=PROFILE, catalogue=entries)
    doc = reports.catalogue_document(reg, "社会", TODAY)
    shown = {r["code"] for r in doc.data["rows"]}
    assert shown == {e.code for e in entries if e.scope == SCOPE_PUBLIC}
    r = Renderer(None)
    for fmt in ("html", "md"):
        out = render_document(r, doc, fmt)
        for e in entries:
            if e.scope != SCOPE_PUBLIC:
                assert f"条目{e.code[1:]}号" not in out


def test_catalogue_versions_and_audiences(gov, run):
    r = run("catalogue", "render", "--audience", "党内", "--format", "md", cwd=gov)
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# 青河市科学技术局政务公开目录（党内版）\n")
    assert "版本：第 2 版" in r.stdout and "报市政务公开办备案日期：2025年1月15日" in r.stdout
    assert "编制日期：2026年11月20日" in r.stdout
    assert "| 序号 | 类别 | 公开事项 | 公开内容 | 公开范围 | 公开形式 | 公开时限 | 责任部门 |" in r.stdout
    assert "| 4 | 规划计划 | 年度工作计划和总结 | 年度工作要点、工作总结 | 向社会公开 | 政府网站 | 定期公开（每年） | 办公室 |" in r.stdout
    root = party_register(gov.parent / "p")
    inner = run("catalogue", "render", "--audience", "党内", "--format", "md", cwd=root).stdout
    public = run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=root).stdout
    assert "发展党员" in inner and "重要决策部署" in inner
    assert "发展党员" not in public and "重要决策部署" not in public and "党风廉政建设责任制" in public
    assert "共 3 项" in public


# ================================================================ 党务 通报 and the period summary

def test_party_annual_report(party, run):
    data = annual_json(run, party)
    assert data["kind"] == "党务" and data["title"] == "青河经济技术开发区科学技术局机关党委2025年度党务公开情况通报"
    assert data["proposed"] == 6 and data["published"] == 4 and data["publications"] == 4
    assert data["by_scope"] == {"向社会公开": 2, "党内公开": 1, "对特定对象公开": 1}
    assert data["by_channel"] == {"门户网站": 2, "简报": 1, "党务公开栏": 1}
    assert data["by_category"] == {"党组织决议决定及执行": 1, "思想建设": 1, "组织建设": 1, "联系服务群众": 1}
    assert data["by_timing"] == {"定期公开": 2, "及时公开": 2}
    assert data["refused"] == {"保密审查不予公开（工作秘密）": 1}
    assert data["feedback"] == {"received": 2, "handled": 1, "result_published": 1}
    # 对特定对象公开 items are counted but not named
    assert [i["id"] for i in data["items"]] == ["GK-2025-100001", "GK-2025-100002", "GK-2025-100005"]
    md = run("report", "annual", "--year", "2025", "--format", "md", cwd=party).stdout
    assert "2025年发展对象公示" not in md and "干部年度考核初步意见" not in md
    assert "| 保密审查不予公开（工作秘密） | 1 |" in md


def test_party_report_by_default_for_a_party_profile_and_gov_on_request(party, run):
    r = run("report", "annual", "--year", "2025", "--format", "md", cwd=party)
    assert "党务公开情况通报" in r.stdout
    r = run("report", "annual", "--year", "2025", "--kind", "政务", "--format", "md", cwd=party)
    assert r.exit_code == 1 and "T021" in r.stderr  # the 政务 report needs its figures


def test_period_summary(party, run):
    r = run("report", "period", "--from", "2025-04-01", "--to", "2025-06-30", "--format", "json", cwd=party)
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert (d["from"], d["to"]) == ("2025-04-01", "2025-06-30")
    assert d["proposed"] == 3 and d["published"] == 2
    assert d["refused_total"] == 1 and d["feedback"]["received"] == 0
    steps = {(x["step"], x["result"]): x["count"] for x in d["reviews"]}
    assert steps[("保密审查", "不予公开")] == 1 and steps[("风险评估", "暂缓公开")] == 1
    assert d["late"] is not None and isinstance(d["late"]["count"], int)
    md = run("report", "period", "--from", "2025-04-01", "--to", "2025-06-30", "--format", "md", cwd=party).stdout
    assert md.startswith("# 青河经济技术开发区科学技术局机关党委公开工作情况（2025年4月1日至2025年6月30日）")
    r = run("report", "period", "--from", "2025-06-30", "--to", "2025-04-01", cwd=party)
    assert r.exit_code == 2


def test_period_counts_requests(gov, run):
    d = json.loads(run("report", "period", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json",
                       cwd=gov).stdout)
    assert d["requests"] == {"received": 7, "closed": 6}


def test_empty_register_reports(tmp_path, run):
    root = write_register(tmp_path / "e", org="空机关", code="", profile="national", items=[],
                          reports={2025: REPORT_2025})
    data = annual_json(run, root)
    t = section(data, "三")["tables"][0]
    assert all(v == 0 for r in t["rows"] for v in r["cells"].values())
    for fmt in ("html", "md"):
        assert run("report", "period", "--from", "2025-01-01", "--to", "2025-03-31", "--format", fmt,
                   cwd=root).exit_code == 0


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLES_WITH_REQUESTS = sorted(p.name for p in EXAMPLES.glob("*") if (p / "dwgk.yaml").is_file()
                                and any((p / "requests").rglob("*.yaml"))) if EXAMPLES.is_dir() else []


@pytest.mark.skipif(not EXAMPLES_WITH_REQUESTS, reason="no example register has requests yet")
@pytest.mark.parametrize("name", EXAMPLES_WITH_REQUESTS)
@pytest.mark.parametrize("year", [2025, 2026])
def test_example_annual_tables_match_an_independent_count(name, year, run, tmp_path):
    import shutil
    root = tmp_path / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns(".dwgk", ".git"))
    args = ["report", "annual", "--year", year, "--kind", "政务", "--format", "json"]
    r = run(*args, cwd=root)
    if r.exit_code == 1 and "错误[T021]" in r.stderr:
        r = run(*args, "--draft", cwd=root)
    assert r.exit_code == 0, r
    table = section(json.loads(r.stdout), "三")["tables"][0]
    by_key = {row["key"]: row["cells"] for row in table["rows"]}
    for key, counter in independent_count(root, year).items():
        for col in reports.APPLICANT_COLUMNS:
            assert by_key[key][col] == counter[col], (name, year, key, col)
        assert by_key[key]["总计"] == sum(counter.values())


@pytest.mark.parametrize("args", [["catalogue", "render", "--audience", "党内"],
                                  ["catalogue", "render", "--audience", "社会"],
                                  ["report", "annual", "--year", "2025"],
                                  ["report", "period", "--from", "2025-01-01", "--to", "2025-12-31"]])
def test_docx_has_the_tables_of_the_html(party, run, tmp_path, args):
    out = tmp_path / "doc.docx"
    assert run(*args, "--format", "docx", "-o", out, cwd=party).exit_code == 0
    html = run(*args, cwd=party).stdout
    strip = lambda cells: [c.replace(" ", "") for c in cells]  # noqa: E731
    assert strip(docx_cells(out)) == strip(html_cells(html))
    import docx
    d = docx.Document(str(out))
    from lxml import html as lh
    title = lh.document_fromstring(html).findtext(".//h1")
    assert d.paragraphs[0].text == title
    assert d.core_properties.title.startswith(title)
    # page numbers "— N —": a PAGE field in the odd and the even footer
    s = d.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert 'w:instr="PAGE"' in xml and "— " in footer.paragraphs[0].text
