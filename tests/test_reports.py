"""The 公开目录 and the reports: public filtering, the national annual report's tables and
identities, the 党务 通报 and the period summary."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import sealed
from dwgk import gov_report, office, reports
from dwgk.diag import Refused
from dataclasses import replace

from dwgk.items.model import Item, ItemEvent as Event
from dwgk.model import Config, Entry, Register
from dwgk.vocab import SCOPE_PUBLIC, SCOPES
from dwgk.profile import load_profile
from dwgk.render import Renderer, render_document
from test_render_support import (GOV_OFFICE, REPORT_2025, docx_cells, gov_register, html_cells, party_register,
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


def by_column(cells):
    """Section 三's cells (keyed by header path, "申请人情况/法人或其他组织/商业企业") by column name."""
    return {k.rsplit("/", 1)[-1]: v for k, v in cells.items()}


# ================================================================ the national format

def test_result_rows_follow_the_requests_module():
    from dwgk import requests as rq
    assert gov_report.OUTCOME_CODES == rq.OUTCOMES
    for code, group, label in gov_report.RESULT_ROWS:
        g, sub = rq.OUTCOME_ROWS[code]
        assert (group, label) == ((g, sub) if sub else ("", g))
    assert gov_report.APPLICANT_COLUMNS == rq.APPLICANT_TYPES
    assert len(gov_report.RESULT_ROWS) == 21


def independent_count(root: Path, year: int) -> dict[str, Counter]:
    """Section 三 counted straight from the request files, without dwgk's request model."""
    rows: dict[str, Counter] = {k: Counter() for k in ("new", "carried_in", "carried_out", *gov_report.OUTCOME_CODES)}
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
    table = section(annual_json(run, root, year, *(["--draft"] if year == 2026 else [])), "三")["tables"][0]
    assert table["columns"] == ["申请人情况/自然人", "申请人情况/法人或其他组织/商业企业", "申请人情况/法人或其他组织/科研机构",
                                "申请人情况/法人或其他组织/社会公益组织", "申请人情况/法人或其他组织/法律服务机构",
                                "申请人情况/法人或其他组织/其他", "申请人情况/总计"]
    expect = independent_count(root, year)
    by_key = {r["key"]: r for r in table["rows"]}
    assert list(by_key) == ["new", "carried_in", *gov_report.OUTCOME_CODES, "result_total", "carried_out"]
    for key, counter in expect.items():
        cells = by_column(by_key[key]["cells"])
        for col in gov_report.APPLICANT_COLUMNS:
            assert cells[col] == counter[col], (key, col)
        assert cells["总计"] == sum(counter.values()), key


def test_section_three_figures_for_2025(gov, run):
    data = annual_json(run, gov)
    rows = {r["key"]: dict(r, cells=by_column(r["cells"])) for r in section(data, "三")["tables"][0]["rows"]}
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
    for col in gov_report.REQUEST_COLUMNS:
        assert (rows["new"]["cells"][col] + rows["carried_in"]["cells"][col]
                == rows["result_total"]["cells"][col] + rows["carried_out"]["cells"][col])


def test_section_four_counts_appeals_filed_in_the_year_as_they_stood_at_its_end(gov, run):
    t = section(annual_json(run, gov), "四")["tables"][0]
    # one row of 15 figures under the 行政复议 / 行政诉讼 headers, each keyed by its header path
    assert len(t["rows"]) == 1 and len(t["columns"]) == 15
    cells = t["rows"][0]["cells"]
    assert list(cells) == t["columns"]
    part = lambda head: {k[len(head) + 1:]: v for k, v in cells.items() if k.startswith(head + "/")}  # noqa: E731
    assert part("行政复议") == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1}
    # the lawsuit was decided (纠正) in 2026: at the end of 2025 it was still pending
    assert part("行政诉讼/未经复议直接起诉") == {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1}
    assert part("行政诉讼/复议后起诉")["总计"] == 0


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
    assert [s["title"] for s in data["sections"]] == list(gov_report.SECTION_TITLES)
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
    # Markdown keeps the printed grid: row labels in their own columns, merged cells left blank
    assert "|  |  | 4.保护第三方合法权益 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |" in md
    assert "| 三、本年度办理结果 | （一）予以公开 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in md
    assert "|  | （五）不予处理 | 1.信访举报投诉类申请 |" in md
    assert "| 行政复议 |  |  |  |  | 行政诉讼 |" in md
    assert "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |" in md  # section 四: one row


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
    assert "reports/2025.yaml 的 carried_over记录的已公布数为 3" in r.stderr


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
        OUTCOMES = gov_report.OUTCOME_CODES
        outcome = staticmethod(lambda r: r.result)
        closed_on = staticmethod(lambda r: r.closed)
        appeals = staticmethod(lambda r: [])

    reqs = [R("A", date(2025, 1, 5), "自然人", date(2025, 1, 20), "予以公开"),
            R("B", date(2025, 2, 5), "自然人", date(2025, 2, 20), "撤回", path="requests/2025/B.yaml")]
    reg = Register(root="/x", config=Config(org="测试局"), profile=load_profile("national"), records={"requests": tuple(reqs)},
                   annual={2025: REPORT_2025})
    with pytest.raises(Refused) as e:
        gov_report.annual_gov_document(reg, 2025, TODAY, api=Api)
    assert e.value.code == "T020"
    assert "“一+二=（七）总计+四”" in e.value.message and "“自然人”列" in e.value.message
    assert any(d.path == "requests/2025/B.yaml" and "撤回" in d.message for d in e.value.diagnostics)


def test_identities_catch_a_table_that_does_not_add_up():
    rc = gov_report.RequestCounts(2025)
    rc.new["自然人"] = 2
    rc.results["予以公开"]["自然人"] = 1
    t = gov_report.request_table(rc)
    t.row("result_total")["cells"]["总计"] = 5  # a corrupted total
    ap = gov_report.count_appeals([], 2025, None)
    ap.rows[0]["cells"]["总计"] = 1
    names = {f.identity for f in gov_report.check_identities(t, ap, [gov_report.Published(0, "上年")])}
    assert names == {"一+二=（七）总计+四", "总计列=六类申请人之和", "（七）总计=各办理结果之和", "第四部分总计=前四项之和"}
    # last year's published 四 is 0 and this year's 二 is 0: that identity holds
    assert "本年二=上年四" not in names


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
                                exemption="工作秘密" if secrecy in ("部分公开", "不予公开") else ""))
        if approvals:
            events += [Event("review", day, "丙", step="审核", result="同意"),
                       Event("review", day, "丁", step="审批", result="同意")]
        events += [Event("publish", day, "戊", scope=s, channel="政府网站") for s in pub]
        if withheld:
            events.append(Event("withhold", day, "戊", reasons="r", basis="b"))
        if revised:
            events.append(Event("revise", day, "甲", kind="更正"))
        if archived:
            events.append(Event("archive", day, "戊"))
        events = [replace(e, index=k) for k, e in enumerate(events)]
        out.append(sealed(Item(id=f"GK-2025-{i:06x}", title=f"事项标题{i:03d}", content="c",
                               entry=draw(st.sampled_from([e.code for e in ENTRIES])), scope=scope,
                               channels=("政府网站",), department="办公室", proposer="甲", history=tuple(events))))
    return out


def oracle_public(it: Item) -> bool:
    """Written independently of reports.py: 向社会公开 + secrecy passed + published to society,
    all in the current version, and not withheld."""
    start = max([i for i, e in enumerate(it.history) if e.action == "revise"], default=0)
    current = it.history[start:]
    secrecy = [e for e in current if e.action == "review" and e.step == "保密审查"]
    return (it.scope == SCOPE_PUBLIC
            and bool(secrecy) and secrecy[-1].result in ("可以公开", "部分公开")
            and any(e.action == "publish" and e.scope == SCOPE_PUBLIC for e in current)
            and not any(e.action == "withhold" for e in current))


OFFICE = office.parse(GOV_OFFICE, lambda kp: (0, 0))[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items(12))
def test_no_non_public_item_ever_reaches_a_public_output(its):
    reg = Register(root="/x", config=Config(org="测试局", office=OFFICE), profile=PROFILE, catalogue=ENTRIES,
                   records={"items": tuple(its)}, annual={2025: REPORT_2025})
    public = reports.public_items(reg)
    assert {i.id for i in public} == {i.id for i in its if oracle_public(i)}
    # the annual report counts only those
    doc = gov_report.annual_gov_document(reg, 2025, TODAY, api=None)
    assert doc.data["published"]["count"] == sum(1 for i in its if oracle_public(i))
    # the 党务 通报 names only items members may see
    # (a 政务 register has no 党务 通报: the same items in a register that keeps both kinds)
    party = reports.annual_party_document(dataclasses.replace(reg, profile=load_profile("s003_gaoxinqu")), 2025,
                                          TODAY, draft=True)
    named = {r["id"] for r in party.data["items"]}
    inner = {i.id for i in reports.inner_items(reg)}
    for i in its:
        if i.id in named:
            assert i.scope in ("党内公开", "向社会公开")
    # and no document a member or the public reads names any other item, in any format
    r = Renderer(None)
    for document, allowed in ((doc, {i.id for i in public}), (party, inner)):
        for fmt in ("md", "json"):
            out = render_document(r, document, fmt)
            assert [i.title for i in its if i.id not in allowed and i.title in out] == [], fmt


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
    # a 政务 catalogue has no 党内 edition: the full one is filed with the upper-level office
    assert r.stdout.startswith("# 青河市科学技术局政务公开目录（全文版）\n")
    assert "党内" not in r.stdout.split("\n", 1)[0]
    # dated by its filing, not by today: rendering it later prints the same catalogue
    assert "第 2 版　2025年1月15日报市政务公开办备案" in r.stdout
    assert "2026年11月20日" not in r.stdout and "未备案" not in r.stdout
    # the columns of the 基层政务公开标准目录, 公开时限 made concrete from the entry's rule
    assert ("| 序号 | 公开事项 |  | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 |  | 公开方式 |  "
            "| 公开层级 |") in r.stdout
    assert "|  | 一级事项 | 二级事项 |  |  |  |  |  | 全社会 | 特定群体 | 主动 | 依申请 | 市级 |" in r.stdout
    assert ("| 4 | 规划计划 | 年度工作计划和总结 | 年度工作要点、工作总结 | 《中华人民共和国政府信息公开条例》第十九条 | "
            "每年度结束后20个工作日内 | 青河市科学技术局（办公室） | 政府网站 | √ |  | √ |  | √ |") in r.stdout
    from dwgk.loader import load
    data = reports.catalogue_document(load(gov), "党内", TODAY).data  # cells keyed by the header path
    assert data["rows"][1]["cells"]["公开时限"] == "信息形成或者变更之日起20个工作日内"
    assert data["rows"][1]["cells"]["公开对象/全社会"] == "√" and data["rows"][1]["cells"]["公开层级/市级"] == "√"
    root = party_register(gov.parent / "p")
    inner = run("catalogue", "render", "--audience", "党内", "--format", "md", cwd=root).stdout
    public = run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=root).stdout
    assert inner.startswith("# 青河经济技术开发区科学技术局机关党委党务公开目录（党内版）\n")
    assert "编制日期：2026年11月20日（未备案）" in inner  # never filed: dated today, no version
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


def test_party_report_by_default_for_a_party_profile_and_no_gov_report(party, gov, run):
    r = run("report", "annual", "--year", "2025", "--format", "md", cwd=party)
    assert "党务公开情况通报" in r.stdout
    # a party organisation has no 政府信息公开工作年度报告; a government office no 党务 通报
    r = run("report", "annual", "--year", "2025", "--kind", "政务", "--format", "md", cwd=party)
    assert r.exit_code == 2 and r.stdout == "" and "错误[T026]" in r.stderr
    assert "党组织不编制政府信息公开工作年度报告" in r.stderr and "--kind 党务" in r.stderr
    assert "T021" not in r.stderr and "reports.py" not in r.stderr
    r = run("report", "annual", "--year", "2025", "--kind", "党务", "--format", "md", cwd=gov)
    assert r.exit_code == 2 and r.stdout == "" and "错误[T026]" in r.stderr and "--kind 政务" in r.stderr


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
                          reports={2025: REPORT_2025}, config=GOV_OFFICE)
    data = annual_json(run, root)
    t = section(data, "三")["tables"][0]
    assert all(v == 0 for r in t["rows"] for v in r["cells"].values())
    assert all(v == 0 for v in section(data, "四")["tables"][0]["rows"][0]["cells"].values())
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
    # 2025 is complete (reports/2025.yaml filled in); 2026 is not over on the examples' today: a draft
    args = ["report", "annual", "--year", year, "--kind", "政务", "--format", "json", *(["--draft"] if year == 2026 else [])]
    r = run(*args, cwd=root)
    assert r.exit_code == 0, r
    table = section(json.loads(r.stdout), "三")["tables"][0]
    by_key = {row["key"]: by_column(row["cells"]) for row in table["rows"]}
    for key, counter in independent_count(root, year).items():
        for col in gov_report.APPLICANT_COLUMNS:
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
    title = lh.document_fromstring(html).find(".//h1").text_content()
    assert d.paragraphs[0].text.replace("\n", "") == title
    assert d.core_properties.title.startswith(title)
    # page numbers "— N —": a PAGE field in the odd and the even footer
    s = d.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert 'w:instr="PAGE"' in xml and "— " in footer.paragraphs[0].text


# ================================================================ what member-facing documents may name

def late_party_register(root: Path) -> Path:
    """A register keeping both kinds whose withheld items (党内公开 and 对特定对象公开) were not
    reviewed again by 31 March (不公开年度复核): late, but not to be named to members."""
    from test_render_support import ev, item

    def withheld(d: str) -> list[dict]:
        return [ev("submit", d, "张三", role="承办人"),
                ev("review", d, "林小燕", role="党政办", step="保密审查", result="不予公开", exemption="个人隐私"),
                ev("withhold", d, "王晓丽", reasons="涉及个人信息", basis="保密审查意见")]
    items = [
        item("GK-2024-200001", "保密的巡察整改问题明细", entry="1C", scope="党内公开", channels=["文件"],
             history=withheld("2024-05-06")),
        item("GK-2024-200002", "只对支部委员公开的谈话安排", entry="5F", scope="对特定对象公开", channels=["通知通报"],
             history=withheld("2024-06-03")),
    ]
    return write_register(root, org="测试管委会", code="", profile="s003_gaoxinqu", items=items,
                          reports={2025: {"overview": "概况。"}}, start="2024-01-02")


def test_the_party_report_counts_late_items_it_may_not_name(tmp_path, run):
    root = late_party_register(tmp_path / "late")
    titles = ("保密的巡察整改问题明细", "只对支部委员公开的谈话安排")
    for fmt in ("md", "html", "json"):
        r = run("report", "annual", "--year", "2025", "--kind", "党务", "--format", fmt, cwd=root)
        assert r.exit_code == 0, r
        assert [t for t in titles if t in r.stdout] == [], fmt
    data = json.loads(r.stdout)
    assert data["late"]["unnamed"] == {"不公开/依申请公开年度复核": 2}
    assert all(r["kind"] != "item" for r in data["late"]["rows"])
    assert data["late"]["count"] == 2 + len(data["late"]["rows"])
    md = run("report", "annual", "--year", "2025", "--kind", "党务", "--format", "md", cwd=root).stdout
    assert "尚未公开或不予公开的事项逾期2项（只列数量）：不公开/依申请公开年度复核2项。" in md
    # the internal period summary names them, for the office to chase
    period = run("report", "period", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "md", cwd=root).stdout
    assert all(t in period for t in titles) and "内部工作材料" in period


def _titles_outside(reg, allowed: set[str]) -> list[str]:
    """Titles of items not allowed, leaving out those that are part of an allowed title or a
    catalogue entry (a substring match would then say nothing)."""
    shown = [i.title for i in reg.items if i.id in allowed] + [e.name for e in reg.catalogue]
    return [i.title for i in reg.items if i.id not in allowed and not any(i.title in t for t in shown)]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*") if (p / "dwgk.yaml").is_file())
                         if EXAMPLES.is_dir() else [])
def test_no_example_document_for_members_or_the_public_names_an_item_it_may_not(name, run):
    from dwgk.loader import load
    root = EXAMPLES / name
    reg = load(root)
    public = {i.id for i in reports.public_items(reg)}
    inner = {i.id for i in reports.inner_items(reg)}
    applicants = {r.applicant for r in reg.requests if len(r.applicant) > 2}
    kinds = {"党务": ["党务"], "政务": ["政务"]}.get(reg.profile.kind, ["政务", "党务"])
    checked = 0
    for year in (2024, 2025, 2026):
        for kind in kinds:
            for fmt in ("md", "json", "html"):
                r = run("--no-cache", "report", "annual", "--year", year, "--kind", kind, "--format", fmt, "--draft",
                        cwd=root)
                assert r.exit_code == 0, (year, kind, r)
                hidden = _titles_outside(reg, public if kind == "政务" else inner)
                leaks = [t for t in hidden if t in r.stdout]
                assert leaks == [], (name, year, kind, fmt, leaks)
                assert [a for a in applicants if a in r.stdout] == [], (name, year, kind, fmt)
                checked += 1
    r = run("--no-cache", "catalogue", "render", "--audience", "社会", "--format", "md", cwd=root)
    hidden_entries = [e.name for e in reg.catalogue if e.scope != SCOPE_PUBLIC
                      and not any(e.name in p.name for p in reg.catalogue if p.scope == SCOPE_PUBLIC)]
    assert [n for n in hidden_entries if n in r.stdout] == []
    assert checked == 9 * len(kinds)


# ================================================================ years, dates and versions

def test_a_year_not_over_or_not_begun(gov, party, run):
    r = run("report", "annual", "--year", "2030", "--draft", cwd=gov)
    assert r.exit_code == 2 and "错误[T024]" in r.stderr and "2030 年还没有开始" in r.stderr
    for root in (gov, party):
        r = run("report", "annual", "--year", "2026", cwd=root)
        assert r.exit_code == 1 and r.stdout == "" and "错误[T024]" in r.stderr and "--draft" in r.stderr
    r = run("report", "annual", "--year", "2026", "--draft", "--format", "md", cwd=party)
    assert r.exit_code == 0, r
    assert "（草稿，数据截至2026年11月20日）" in r.stdout
    assert "2026 年度尚未结束" in r.stderr


def test_a_published_report_keeps_its_date(gov, run):
    rep = dict(REPORT_2025, published="2026-01-28")
    root = gov_register(gov.parent / "dated", reports={2025: rep})
    for today in ("2026-11-20", "2027-06-01"):
        md = run("--today", today, "report", "annual", "--year", "2025", "--format", "md", cwd=root).stdout
        assert md.rstrip().endswith("2026年1月28日"), today
    data = annual_json(run, root)
    assert data["date"] == "2026-01-28"
    # without a recorded date: a draft dated today
    assert run("report", "annual", "--year", "2025", "--format", "md", cwd=gov).stdout.rstrip().endswith("2026年11月20日")
    bad = gov_register(gov.parent / "baddate", reports={2025: dict(REPORT_2025, published="1月28日")})
    r = run("report", "annual", "--year", "2025", cwd=bad)
    assert r.exit_code == 1 and "published 须为 YYYY-MM-DD" in r.stderr


# ================================================================ reports/<year>.yaml: the skeleton

def test_report_init_writes_a_skeleton_that_is_refused_until_filled(tmp_path, run):
    import subprocess
    root = gov_register(tmp_path / "g", reports={})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], check=True)
    r = run("report", "annual", "--year", "2025", cwd=root)
    assert r.exit_code == 1 and "错误[T021]" in r.stderr
    assert "dwgk report init --year 2025" in r.stderr and "reports.py" not in r.stderr
    r = run("report", "init", "--year", "2025", cwd=root)
    assert r.exit_code == 0, r
    text = (root / "reports" / "2025.yaml").read_text(encoding="utf-8")
    for key in ("overview:", "proactive:", "rules:", "normative:", "licensing:", "penalty:", "coercion:", "fees:",
                "problems:", "other:", "carried_over:", "carried_out:", "published:"):
        assert key in text, key
    assert "行政许可：本年处理决定数量" in text
    log = subprocess.run(["git", "-C", str(root), "log", "--format=%s", "-1"], capture_output=True, text=True).stdout
    assert "reports/2025.yaml" in log
    # every figure is blank: the report is refused field by field, with lines, never printed as 0
    r = run("report", "annual", "--year", "2025", cwd=root)
    assert r.exit_code == 1 and "reports/2025.yaml 不完整" in r.stderr
    assert "行政许可 须为数字" in r.stderr and "缺少 overview" in r.stderr
    assert re.search(r"reports/2025\.yaml:\d+:\d+: error\[T021\] 行政许可", r.stderr), r.stderr
    # a second init refuses and changes nothing
    before = (root / "reports" / "2025.yaml").read_bytes()
    r = run("report", "init", "--year", "2025", cwd=root)
    assert r.exit_code == 1 and "错误[T025]" in r.stderr
    assert (root / "reports" / "2025.yaml").read_bytes() == before
    # filled in (as YAML the clerk writes), it renders
    filled = yaml.safe_load(text) or {}
    filled.update(REPORT_2025)
    (root / "reports" / "2025.yaml").write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    assert run("report", "annual", "--year", "2025", "--format", "md", cwd=root).exit_code == 0


def test_report_init_print_for_a_party_register(party, run):
    r = run("report", "init", "--year", "2024", "--print", cwd=party)
    assert r.exit_code == 0, r
    assert "overview:" in r.stdout and "proactive" not in r.stdout and "党务公开情况年度通报" in r.stdout
    assert not (party / "reports" / "2024.yaml").exists()


# ================================================================ 本年二 = 上年四 against what was published

def test_carried_over_is_checked_against_last_years_published_figure(gov, run):
    # no published figure: not checked, and the report says so
    root = gov_register(gov.parent / "nofig")
    r = run("report", "annual", "--year", "2025", "--format", "json", cwd=root)
    assert r.exit_code == 0
    check = next(c for c in json.loads(r.stdout)["checks"] if c["identity"] == "本年二=上年四")
    assert check["ok"] is None and check["against"] == []
    assert "未核对“本年二=上年四”" in r.stderr
    # last year's file records what its report published: checked, and named as the source
    ok = gov_register(gov.parent / "okfig", reports={2024: {"carried_out": 1}, 2025: REPORT_2025})
    r = run("report", "annual", "--year", "2025", "--format", "json", cwd=ok)
    check = next(c for c in json.loads(r.stdout)["checks"] if c["identity"] == "本年二=上年四")
    assert check == {"identity": "本年二=上年四", "ok": True, "against": ["reports/2024.yaml 的 carried_out"]}
    assert "未核对" not in r.stderr
    # a register that no longer matches what was published is refused
    bad = gov_register(gov.parent / "badfig", reports={2024: {"carried_out": {"自然人": 0}}, 2025: REPORT_2025})
    r = run("report", "annual", "--year", "2025", cwd=bad)
    assert r.exit_code == 1 and "“本年二=上年四”" in r.stderr and "reports/2024.yaml 的 carried_out" in r.stderr
    # this year's own published 四 must still come out of the register
    moved = gov_register(gov.parent / "moved", reports={2025: dict(REPORT_2025, carried_out=5)})
    r = run("report", "annual", "--year", "2025", cwd=moved)
    assert r.exit_code == 1 and "“四=已公布的结转数”" in r.stderr


# ================================================================ provisional dates (no holiday data yet)

def test_period_marks_provisional_due_dates(run):
    root = EXAMPLES / "kejiju"
    args = ("--no-cache", "--today", "2027-02-10", "report", "period", "--from", "2027-01-01", "--to", "2027-01-31")
    md = run(*args, "--format", "md", cwd=root)
    assert md.exit_code == 0, md
    rows = [ln for ln in md.stdout.splitlines() if ln.startswith("| ") and "2027年" in ln]
    assert rows and all("日\\*" in ln for ln in rows), rows
    assert "注：标 * 的到期日为暂定——2027 年尚无国务院节假日安排" in md.stdout
    assert "2027 年尚无节假日数据" in md.stderr
    data = json.loads(run(*args, "--format", "json", cwd=root).stdout)
    assert data["late"]["provisional"] is True and data["late"]["provisional_years"] == [2027]
    assert data["late"]["rows"] and all(r["provisional"] for r in data["late"]["rows"])
    # a period whose dates are all known is not marked
    known = run("--no-cache", "report", "period", "--from", "2026-07-01", "--to", "2026-09-30", "--format", "json", cwd=root)
    assert json.loads(known.stdout)["late"]["provisional"] is False


def test_check_reads_the_reports_file_but_does_not_ask_for_what_is_still_blank(gov, run):
    r = run("report", "init", "--year", "2026", cwd=gov)
    assert r.exit_code == 0, r
    r = run("check", cwd=gov)
    assert "T027" not in r.stdout + r.stderr, r  # a fresh skeleton: blank, not wrong
    path = gov / "reports" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("published:", "published: 2027-13-01").replace("  licensing:", "  licensing: 很多")
    path.write_text(text + "overveiw: 拼错的字段\n", encoding="utf-8")
    r = run("check", cwd=gov)
    out = r.stdout + r.stderr
    assert r.exit_code == 1, r
    lines = text.splitlines()
    for what, needle in (("published 须为 YYYY-MM-DD", "published:"), ("行政许可 须为非负整数", "  licensing:"),
                         ("未知字段“overveiw”", None)):
        line = next(i for i, l in enumerate(lines, 1) if l.startswith(needle)) if needle else len(lines) + 1
        assert re.search(rf"reports/2026\.yaml:{line}:\d+: error\[T027\] {what}", out), out


def test_party_report_for_society_names_only_public_items(party, run):
    inner = annual_json(run, party, 2025, "--kind", "党务")
    public = annual_json(run, party, 2025, "--kind", "党务", "--audience", "社会")
    assert inner["audience"] == "党内" and public["audience"] == "社会"
    assert {i["scope"] for i in public["items"]} == {"向社会公开"}
    assert any(i["scope"] != "向社会公开" for i in inner["items"])  # the fixture has inner items to leave out
    for key in ("proposed", "published", "publications", "by_scope", "by_channel", "refused", "feedback"):
        assert public[key] == inner[key], key  # the figures are the same; only names are left out
    assert public["late"]["count"] == inner["late"]["count"]
    md = run("report", "annual", "--year", 2025, "--kind", "党务", "--format", "md", "--audience", "社会", cwd=party).stdout
    assert "公开事项清单（只列向社会公开的事项）" in md
    for item in inner["items"]:
        assert (item["title"] in md) == (item["scope"] == "向社会公开"), item
    r = run("report", "annual", "--year", 2025, "--kind", "党务", "--audience", "群众", cwd=party)
    assert r.exit_code == 2 and "受众" in r.stderr
