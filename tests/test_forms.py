"""Review forms: what is decided is filled in, what is not is a line to sign; Word matches HTML."""

from __future__ import annotations

import re

import pytest

from test_render_support import docx_cells as _docx_cells, gov_register, html_cells as _html_cells, party_register

BLANK_SIGN_MD = "签字：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"


@pytest.fixture
def party(tmp_path):
    return party_register(tmp_path / "party")


@pytest.fixture
def gov(tmp_path):
    return gov_register(tmp_path / "gov")


def form(run, root, ref, kind, fmt="md", *extra):
    r = run("form", ref, "--kind", kind, "--format", fmt, *extra, cwd=root)
    assert r.exit_code == 0, r
    return r.stdout


def test_approval_form_of_a_new_item_is_all_blank_lines(party, run):
    md = form(run, party, "GK-2025-100006", "审批表")
    assert md.startswith("# 党务公开审批表\n")
    # one block per applicable step of the profile (no web channel: no 三审), in order
    heads = re.findall(r"^### (.+)$", md, re.M)
    assert heads == ["保密审查（办公室）", "风险评估（分管领导）", "审核意见（分管领导）", "审批意见（主要负责人）"]
    assert "☑" not in md
    assert md.count("＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日") == 4
    for dim in ("合法性", "合理性", "可行性", "可控性"):
        assert f"- {dim}：＿＿" in md
    assert "| 事项名称 | 2025年上半年党费收缴、使用和管理情况 |" in md
    assert "| 公开时限 | 定期公开（每半年） |" in md


def test_approval_form_fills_in_every_decision(party, run):
    md = form(run, party, "GK-2025-100005", "审批表")
    assert "审查人：周办公室　　日期：2025年6月4日" in md
    assert "☑可以公开" in md and "☐不予公开" in md
    assert "- 合法性：符合党内法规" in md
    assert "风险等级：☐低　☑中　☐高" in md
    assert "评估结论：☐可公开　☐可部分公开　☑暂缓公开　☐不公开" in md
    assert "提前准备解释口径，安排专人答复咨询（2025年6月6日，吴分管）" in md
    assert "分管领导签字：吴分管　　日期：2025年6月5日" in md
    assert "- 意见：符合公开目录" in md
    assert "签字：郑书记　　日期：2025年6月8日" in md
    assert "＿＿" not in md  # nothing left to sign
    assert "2025年6月20日通过门户网站向社会公开。" in md


def test_approval_form_follows_the_profile(gov, run):
    md = form(run, gov, "GK-2025-000004", "审批表")
    assert md.startswith("# 政务公开审批表\n")
    assert re.findall(r"^### (.+)$", md, re.M) == ["保密审查（政府信息公开工作机构）", "审核意见（分管领导）",
                                                   "审批意见（主要负责人）"]
    assert "签字：李四　　日期：2025年10月11日" in md
    assert md.count(BLANK_SIGN_MD) == 1  # only the 审批 is still to sign


def test_secrecy_form_with_exemption(party, run):
    md = form(run, party, "GK-2025-100003", "保密审查表")
    assert md.startswith("# 公开信息保密审查表\n")
    assert "☑不予公开" in md and "☑工作秘密" in md and "☐国家秘密" in md
    assert "审查人：周办公室　　日期：2025年4月10日" in md


def test_risk_form_without_a_risk_step_is_a_blank_form_with_a_note(gov, run):
    md = form(run, gov, "GK-2025-000001", "风险评估表")
    assert "本登记簿的配置方案未设风险评估步骤" in md
    assert "- 合法性：＿＿" in md


def test_web_review_form(party, run, tmp_path):
    md = form(run, party, "GK-2025-100001", "三审单")
    assert md.startswith("# 信息发布三审单\n")
    assert re.findall(r"^### (.+)$", md, re.M) == ["初审（信息稿件编辑）", "复审（科室负责人）", "终审（分管领导）"]
    assert "签字：冯编辑　　日期：2025年2月16日" in md
    assert "签字：吴分管　　日期：2025年2月17日" in md
    md = form(run, party, "GK-2025-100006", "三审单")
    assert "没有网站等网络渠道" in md and md.count(BLANK_SIGN_MD) == 3
    md = form(run, gov_register(tmp_path / "gov"), "GK-2025-000001", "三审单")
    assert "未设信息发布三审步骤" in md


def test_reply_letter_from_the_request(gov, run):
    md = form(run, gov, "YS-2025-00b001", "答复书")
    assert md.startswith("# 政府信息公开申请答复书\n")
    assert "某科技有限公司：" in md
    assert "\n青科信复〔2025〕2号\n" in md  # the 文号 recorded when the letter was issued
    assert "本机关于2025年3月3日收到您通过互联网提出的政府信息公开申请，申请获取“高新技术企业认定名单”。" in md
    assert ("经审查，企业联系方式属于本机关内部工作联络信息。现依据《中华人民共和国政府信息公开条例》第十六条第一款、"
            "第三十六条第（三）项、第三十七条的规定，答复如下：您申请获取的政府信息中，企业联系方式属于行政机关的内部事务信息，"
            "本机关不予公开；其余部分予以公开，现通过电子邮件向您提供。") in md
    # the remedies name the bodies dwgk.yaml gives
    assert ("依照《中华人民共和国行政复议法》第二十条向青河市人民政府申请行政复议；也可以自收到本答复书之日起6个月内，"
            "依照《中华人民共和国行政诉讼法》第四十六条向青河市东城区人民法院提起行政诉讼。") in md
    assert md.rstrip().endswith("特此答复。\n\n青河市科学技术局\n\n2025年3月20日")


def test_reply_letter_not_yet_decided_has_blanks(gov, run):
    md = form(run, gov, "b006", "答复书")
    assert "登记编号：YS-2025-00b006" in md  # no 文号 before the letter is issued
    assert "经审查，现依据＿＿＿＿＿＿＿＿＿＿＿＿的规定，答复如下：＿＿" in md
    assert md.rstrip().endswith("＿＿＿＿年＿＿月＿＿日")


def test_amend_notice(gov, run):
    md = form(run, gov, "00b003", "补正告知书")
    assert "1\\. 写明所需文件的名称或文号" in md or "1. 写明所需文件的名称或文号" in md
    assert "15个工作日内" in md
    assert md.rstrip().endswith("2025年5月8日")
    md = form(run, gov, "00b006", "补正告知书")  # no 补正 recorded: a form to fill in
    assert "1. ＿＿" in md


def test_wrong_record_for_the_form(gov, run):
    r = run("form", "GK-2025-000001", "--kind", "答复书", cwd=gov)
    assert r.exit_code == 1 and "Q202" in r.stderr
    r = run("form", "YS-2025-00b001", "--kind", "审批表", cwd=gov)  # a request: point to its forms
    assert r.exit_code == 2 and "错误[T030]" in r.stderr and "是依申请公开的申请" in r.stderr
    assert "答复书" in r.stderr and "补正告知书" in r.stderr
    r = run("form", "GK-2099-ffffff", "--kind", "审批表", cwd=gov)
    assert r.exit_code == 1 and "E021" in r.stderr
    r = run("form", "GK-2025-000001", "--kind", "呈批表", cwd=gov)
    assert r.exit_code == 2 and "审批表" in r.stderr


@pytest.mark.parametrize("ref,kind", [("GK-2025-100005", "审批表"), ("GK-2025-100006", "审批表"),
                                      ("GK-2025-100003", "保密审查表"), ("GK-2025-100005", "风险评估表"),
                                      ("GK-2025-100001", "三审单")])
def test_docx_form_has_the_same_table_as_html(party, run, tmp_path, ref, kind):
    html = form(run, party, ref, kind, "html")
    out = tmp_path / "f.docx"
    r = run("form", ref, "--kind", kind, "--format", "docx", "-o", out, cwd=party)
    assert r.exit_code == 0, r
    strip = lambda cells: [c.replace(" ", "").replace("\u3000", "") for c in cells]  # noqa: E731
    assert strip(_docx_cells(out)) == strip(_html_cells(html))
    import docx
    d = docx.Document(str(out))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert (round(s.top_margin.mm), round(s.bottom_margin.mm), round(s.left_margin.mm),
            round(s.right_margin.mm)) == (37, 35, 28, 26)
    assert d.paragraphs[0].text.strip() in ("党务公开审批表", "公开信息保密审查表", "公开事项风险评估表", "信息发布三审单")


def test_docx_reply_letter(gov, run, tmp_path):
    out = tmp_path / "r.docx"
    assert run("form", "YS-2025-00b002", "--kind", "答复书", "--format", "docx", "-o", out, cwd=gov).exit_code == 0
    import docx
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert text[0] == "政府信息公开申请答复书"
    assert "某研究院：" in text
    assert any("本机关不予公开" in t for t in text)
    assert text[-1] == "2025年4月25日" and text[-2] == "青河市科学技术局"


def test_approval_form_signs_the_proposal_too(party, run):
    md = form(run, party, "GK-2025-100006", "审批表")
    assert "提出人：李组织　　日期：2025年7月1日" in md  # the proposal block has its line
    html = form(run, party, "GK-2025-100006", "审批表", "html")
    # handwriting room under every open opinion, sized for the form
    assert html.count('<div class="write" style="height:3.2em">') == 3
    assert "<th>备注</th>" not in html  # nothing to note yet: no empty row pushing the form onto page 2
    secrecy = form(run, party, "GK-2025-100006", "保密审查表", "html")
    assert '<div class="write" style="height:9em">' in secrecy
    # without a risk block, and with only the 审批 still open, that one block gets the page's room
    from dwgk.forms import write_em
    assert write_em("审批表", [{"kind": "secrecy", "decided": True}, {"kind": "approve", "decided": False}]) == 9
    assert write_em("审批表", [{"kind": "secrecy", "decided": False}, {"kind": "approve", "decided": False},
                              {"kind": "approve", "decided": False}]) == 5.9


def test_risk_and_web_forms_show_the_content_to_publish(party, run):
    from test_render_support import party_items
    content = next(i["content"] for i in party_items() if i["id"] == "GK-2025-100005").strip()
    for kind in ("风险评估表", "三审单", "审批表", "保密审查表"):
        md = form(run, party, "GK-2025-100005", kind)
        assert content.rstrip("。") in md, kind
        html = form(run, party, "GK-2025-100005", kind, "html")
        assert "内容</th>" in html, kind


def test_a_risk_decided_not_to_publish_needs_no_measures(tmp_path, run):
    from test_render_support import ev, item, write_register
    findings = {"合法性": "含商业报价", "合理性": "合理", "可行性": "可行", "可控性": "可能引发纠纷"}
    items = [item("GK-2025-300001", "机关食堂承包经营合同", entry="A01", scope="党内公开", channels=["会议"],
                  history=[ev("submit", "2025-04-01", "张三", role="相关工作责任人"),
                           ev("review", "2025-04-02", "周办公室", role="办公室", step="保密审查", result="可以公开"),
                           ev("review", "2025-04-03", "吴分管", role="分管领导", step="风险评估", result="不公开",
                              findings=findings, level="高")])]
    root = write_register(tmp_path / "r", org="测试机关", code="", profile="s000_kejiju", items=items)
    md = form(run, root, "GK-2025-300001", "风险评估表")
    assert "- 防范化解措施：不适用（决定不公开）" in md
    assert "☑不公开" in md and "☑高" in md
    html = form(run, root, "GK-2025-300001", "风险评估表", "html")
    assert "防范化解措施：不适用（决定不公开）</p>" in html


def test_approval_form_is_named_for_the_items_kind(tmp_path, run):
    from test_render_support import ev, item, write_register
    items = [item("GK-2025-400001", "企业投资项目备案办事指南", entry="7B", scope="向社会公开", channels=["高新区门户网站"],
                  kind="政务", history=[ev("submit", "2025-04-01", "李娜", role="承办人")]),
             item("GK-2025-400002", "中心组理论学习落实情况", entry="3A", scope="党内公开", channels=["党建活动栏"],
                  history=[ev("submit", "2025-04-01", "陈志远", role="承办人")])]
    root = write_register(tmp_path / "gx", org="南洲高新区", code="", profile="s003_gaoxinqu", items=items)
    # seed 003 signs both kinds on its 公文呈批表 (二（二）), and the profile names the form so
    for ref in ("GK-2025-400001", "GK-2025-400002"):
        assert form(run, root, ref, "审批表").startswith("# 公文呈批表\n")
    # without that name, a register keeping both kinds names the form for the item's kind
    root = write_register(tmp_path / "gx2", org="南洲高新区", code="", profile="s003_gaoxinqu", items=items,
                          config={"overrides": {"form_titles": {"审批表": ""}}})
    assert form(run, root, "GK-2025-400001", "审批表").startswith("# 政务公开审批表\n")
    assert form(run, root, "GK-2025-400002", "审批表").startswith("# 党务公开审批表\n")
