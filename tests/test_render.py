"""The Jinja environment: register overrides, autoescape, strict variables, broken templates."""

from __future__ import annotations

import fnmatch
import tomllib
from datetime import date
from pathlib import Path

import pytest

from dwgk.diag import CannotRun
from dwgk.render import Renderer, cn_date, cn_dates, md_cell, md_text, number, package_dir, sentence
from test_render_support import gov_register

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def gov(tmp_path):
    return gov_register(tmp_path / "gov")


def test_shipped_templates_are_the_package_folder():
    assert package_dir().resolve() == (REPO / "templates").resolve()
    names = {p.name for p in package_dir().iterdir()}
    for stem in ("catalogue", "annual_gov", "annual_party", "period", "form_approval", "form_secrecy",
                 "form_risk", "form_web", "form_reply", "form_amend"):
        assert f"{stem}.html" in names and f"{stem}.md" in names, stem
    assert "gbt9704.css" in names and "base.html" in names


def test_every_template_ships_in_the_wheel():
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = conf["tool"]["setuptools"]["package-data"]["dwgk.templates"]
    for p in (REPO / "templates").rglob("*"):
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts:
            rel = p.relative_to(REPO / "templates").as_posix()
            assert any(fnmatch.fnmatch(rel, g) for g in globs), f"{rel} is not in package-data"


def test_register_template_overrides_shipped_one_by_name(gov, run):
    (gov / "templates").mkdir()
    (gov / "templates" / "catalogue.md").write_text("本所自定义目录：{{ org }}，{{ count }} 项\n", encoding="utf-8")
    r = run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=gov)
    assert r.exit_code == 0, r
    assert r.stdout == "本所自定义目录：青河市科学技术局，9 项\n"
    # other templates still come from the package
    r = run("catalogue", "render", "--audience", "社会", "--format", "html", cwd=gov)
    assert r.exit_code == 0 and "<table" in r.stdout


def test_override_of_a_shared_piece_reaches_every_document(gov, run):
    (gov / "templates").mkdir()
    css = (package_dir() / "gbt9704.css").read_text(encoding="utf-8") + "\n/* 本单位样式 */\n"
    (gov / "templates" / "gbt9704.css").write_text(css, encoding="utf-8")
    for args in (("catalogue", "render", "--audience", "党内"), ("report", "annual", "--year", "2025"),
                 ("form", "GK-2025-000001", "--kind", "审批表")):
        r = run(*args, cwd=gov)
        assert r.exit_code == 0, r
        assert "/* 本单位样式 */" in r.stdout


def test_html_is_autoescaped_markdown_is_not_html(gov, run):
    r = run("form", "GK-2025-000007", "--kind", "审批表", cwd=gov)
    assert r.exit_code == 0, r
    assert "&lt;b&gt;科技成果&lt;/b&gt;转化奖励 &amp; 资金 | 公示" in r.stdout
    assert "<b>科技成果</b>" not in r.stdout
    r = run("form", "GK-2025-000007", "--kind", "审批表", "--format", "md", cwd=gov)
    assert "\\<b\\>科技成果\\</b\\>转化奖励 & 资金 \\| 公示" in r.stdout


def test_undefined_variable_is_an_error_with_file_and_line(gov, run):
    (gov / "templates").mkdir()
    (gov / "templates" / "catalogue.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n<p>{{ org }}</p>\n<p>{{ orgname }}</p>\n{% endblock %}\n",
        encoding="utf-8")
    r = run("catalogue", "render", "--audience", "党内", cwd=gov)
    assert r.exit_code == 3, r
    assert r.stdout == ""
    assert "error[T003]" in r.stderr and "orgname" in r.stderr
    assert "templates/catalogue.html:4:1" in r.stderr
    assert "模板 templates/catalogue.html 第 4 行" in r.stderr


def test_syntax_error_is_reported_with_file_and_line(gov, run):
    (gov / "templates").mkdir()
    (gov / "templates" / "period.md").write_text("# {{ title }}\n\n{% if a %}\n没有结束\n", encoding="utf-8")
    r = run("report", "period", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "md", cwd=gov)
    assert r.exit_code == 3, r
    assert "错误[T002]" in r.stderr
    assert "templates/period.md:" in r.stderr


def test_error_in_an_included_shipped_template_names_that_file(tmp_path):
    r = Renderer(None)
    with pytest.raises(CannotRun) as e:
        r.render("catalogue.html", {"title": "目录"})  # most variables missing
    assert e.value.code == "T003"
    d = e.value.diagnostics[0]
    assert d.path.startswith("dwgk/templates/") and d.line > 0


def test_missing_template_is_cannot_run(gov, run):
    (gov / "templates").mkdir()
    (gov / "templates" / "catalogue.html").write_text("{% extends 'nowhere.html' %}\n", encoding="utf-8")
    r = run("catalogue", "render", "--audience", "党内", cwd=gov)
    assert r.exit_code == 3
    assert "错误[T001]" in r.stderr and "nowhere.html" in r.stderr


def test_docx_needs_an_output_file(gov, run):
    r = run("catalogue", "render", "--audience", "党内", "--format", "docx", cwd=gov)
    assert r.exit_code == 2
    assert "-o" in r.stderr


def test_output_file_is_written_and_stdout_only_reports(gov, run, tmp_path):
    out = tmp_path / "out" / "目录.md"
    out.parent.mkdir()
    r = run("catalogue", "render", "--audience", "党内", "--format", "md", "-o", out, cwd=gov)
    assert r.exit_code == 0, r
    assert out.read_text(encoding="utf-8").startswith("# 青河市科学技术局政务公开目录（全文版）")
    assert "已生成" in r.stdout and "|" not in r.stdout


def test_bad_format_is_a_usage_error(gov, run):
    r = run("catalogue", "render", "--audience", "党内", "--format", "pdf", cwd=gov)
    assert r.exit_code == 2
    r = run("form", "GK-2025-000001", "--kind", "审批表", "--format", "json", cwd=gov)
    assert r.exit_code == 2
    r = run("catalogue", "render", "--audience", "群众", cwd=gov)
    assert r.exit_code == 2


def test_filters():
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date("2025-12-31") == "2025年12月31日"
    assert cn_date(None) == "　　年　月　日"
    assert number(0.35) == "0.35" and number(12.0) == "12" and number(3) == "3" and number(None) == ""
    assert md_cell("a|b\n<c>") == "a\\|b<br>\\<c\\>"
    assert md_text("# 不是标题\n1. 不是列表\n正文") == "\\# 不是标题\n\n1\\. 不是列表\n\n正文"


def test_paragraphs_of_clerk_text():
    from dwgk.render import paragraphs
    # an editor's wrap in mid-sentence runs on; a sentence end, a blank line or a numbered heading breaks
    assert paragraphs("2025年，本局认真贯彻条例，\n按季度公开工作进展。\n下一步将加强培训") == [
        "2025年，本局认真贯彻条例，按季度公开工作进展。", "下一步将加强培训"]
    assert paragraphs("（一）加强组织领导\n成立领导小组，\n统筹推进。\n\n无标点的一段\n\n1. 第一\n2. 第二") == [
        "（一）加强组织领导", "成立领导小组，统筹推进。", "无标点的一段", "1. 第一", "2. 第二"]
    assert paragraphs("Noto Serif\nCJK 字体。") == ["Noto Serif CJK 字体。"]
    assert paragraphs(None) == [] and paragraphs("  \n ") == []


def test_letter_filters():
    assert cn_dates("申请人未在缴费期限（至 2025-07-10）内缴费") == "申请人未在缴费期限（至2025年7月10日）内缴费"
    assert cn_dates("2025-02-30 不是日期；12025-01-01 也不是") == "2025-02-30 不是日期；12025-01-01 也不是"
    assert sentence("补正后的申请仍未写明项目名称") == "补正后的申请仍未写明项目名称。"
    assert sentence("已经说明。") == "已经说明。" and sentence("见附件（一）") == "见附件（一）"
    assert sentence("理由如下，") == "理由如下。" and sentence("") == ""


def test_missing_included_template_names_the_file_and_line_that_include_it(gov, run):
    (gov / "templates").mkdir()
    (gov / "templates" / "catalogue.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n<p>{{ org }}</p>\n{% include '页眉.html' %}\n{% endblock %}\n",
        encoding="utf-8")
    r = run("catalogue", "render", "--audience", "党内", cwd=gov)
    assert r.exit_code == 3 and r.stdout == ""
    assert "错误[T001]" in r.stderr and "页眉.html" in r.stderr
    assert "templates/catalogue.html:4:1" in r.stderr and "模板 templates/catalogue.html 第 4 行" in r.stderr


def test_output_into_a_missing_folder_is_refused(gov, run, tmp_path):
    out = tmp_path / "nowhere" / "deeper" / "x.json"
    r = run("report", "annual", "--year", "2025", "--format", "json", "-o", out, cwd=gov)
    assert r.exit_code == 1 and "错误[T040]" in r.stderr and "不存在" in r.stderr
    assert not (tmp_path / "nowhere").exists()


def _docx(run, root, tmp_path, *args):
    import docx
    out = tmp_path / "d.docx"
    r = run(*args, "--format", "docx", "-o", out, cwd=root)
    assert r.exit_code == 0, r
    return docx.Document(str(out))


def test_docx_page_number_is_songti_14pt_digit_and_all(gov, run, tmp_path):
    from docx.oxml.ns import qn
    d = _docx(run, gov, tmp_path, "catalogue", "render", "--audience", "党内")
    for footer in (d.sections[0].footer, d.sections[0].even_page_footer):
        p = footer.paragraphs[0]._p
        runs = p.findall(".//" + qn("w:r"))
        assert [r.findtext(qn("w:t")) for r in runs] == ["— ", "1", " —"]
        for r in runs:  # the PAGE field's digit too, not only the dashes
            rpr = r.find(qn("w:rPr"))
            assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
            assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"
        assert p.find(qn("w:fldSimple")).findtext(".//" + qn("w:t")) == "1"


def test_docx_closing_is_kept_with_the_text_and_centred_on_the_date(gov, run, tmp_path):
    d = _docx(run, gov, tmp_path, "report", "annual", "--year", "2025")
    *_, last, org, day = d.paragraphs
    assert (org.text, day.text) == ("青河市科学技术局", "2026年11月20日")
    assert last.paragraph_format.keep_with_next and org.paragraph_format.keep_with_next
    assert org.paragraph_format.keep_together and day.paragraph_format.keep_together
    # the wider line (the org name, 8 字) 右空四字; the date (7 字 wide: 8 digits are 4) centred under it
    assert round(org.paragraph_format.right_indent.pt) == 64
    assert round(day.paragraph_format.right_indent.pt) == 64 + 8
    d = _docx(run, gov, tmp_path, "form", "YS-2025-00b002", "--kind", "答复书")
    org, day = d.paragraphs[-2:]
    assert org.text == "青河市科学技术局" and round(org.paragraph_format.right_indent.pt) == 64
    assert round(day.paragraph_format.right_indent.pt) == 64 + 12  # 2025年4月25日 is 6½ 字 wide


def test_docx_title_breaks_between_its_parts(gov, run, tmp_path):
    d = _docx(run, gov, tmp_path, "report", "annual", "--year", "2025")
    assert d.paragraphs[0].text == "青河市科学技术局\n2025年政府信息公开工作年度报告"
    from dwgk.docx_out import _title_lines
    assert _title_lines(["东林市科学技术局", "2025年度党务公开情况通报"], 20) == ["东林市科学技术局2025年度党务公开情况通报"]
    assert _title_lines(["南洲高新技术产业开发区管理委员会", "2025年度党务公开情况通报"], 20) == [
        "南洲高新技术产业开发区管理委员会", "2025年度党务公开情况通报"]
