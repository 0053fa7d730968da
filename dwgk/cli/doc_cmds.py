"""Document commands: dwgk form, dwgk catalogue render, dwgk report annual / period / init."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.approved import public_view
from dwgk.cli.context import Ctx, check_format, err, get, locator, one_of, out
from dwgk.diag import ExitCode, Refused

OUTPUT = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件（docx、xlsx 格式必须指定）；默认输出到屏幕")
FORM_FORMATS = ("html", "md", "docx")
DOC_FORMATS = ("html", "md", "docx", "xlsx", "csv")
REPORT_FORMATS = ("html", "md", "docx", "json", "xlsx", "csv")


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    app.command("form")(form)
    groups["catalogue"].command("render")(catalogue_render)
    report = typer.Typer(cls=Group, no_args_is_help=True,
                         help="报告：政府信息公开工作年度报告、党务公开情况年度通报、期间汇总。")
    report.command("annual")(report_annual)
    report.command("period")(report_period)
    report.command("init")(report_init)
    report.command("set")(report_set)
    app.add_typer(report, name="report")


# ---------------------------------------------------------------- helpers

def _format(fmt: str, allowed: tuple[str, ...], output: Optional[Path]) -> str:
    check_format(fmt, allowed)
    if fmt in ("docx", "xlsx") and output is None:
        raise typer.BadParameter(f"{fmt} 格式须用 -o 文件名.{fmt} 指定输出文件", param_hint="-o")
    return fmt


def _load(c: Ctx):
    reg = c.view()
    errors = [d for d in reg.diagnostics if d.severity == "error"]
    return reg, errors


def _warn_errors(errors) -> None:
    if errors:
        err(f"警告: 登记簿有 {len(errors)} 个错误（运行 dwgk check 查看），有错误的文件未计入本文书。")


def _emit(c: Ctx, reg, doc, fmt: str, output: Optional[Path]) -> None:
    if fmt in ("xlsx", "csv"):
        from dwgk.cli.sheet_cmds import emit_document
        for note in doc.notes:
            err(f"提示: {note}")
        emit_document(c, doc, fmt, output)
        return
    from dwgk.render import Renderer, render_document
    from dwgk.cli.sheet_cmds import output_path, write_bytes
    output_path(c, output)  # a folder that is not there is told before the document is made
    content = render_document(Renderer(reg.root), doc, fmt)
    for note in doc.notes:
        err(f"提示: {note}")
    if output is None:
        typer.echo(content, nl=False)
        return
    write_bytes(c, content if isinstance(content, bytes) else content.encode("utf-8"), output)


def _year(c: Ctx, year: Optional[int]) -> int:
    """The report's year: --year, or last year; a usage error outside 1900-9998."""
    y = year if year is not None else c.today().year - 1
    if y < 1900 or y > 9998:
        raise typer.BadParameter(f"年份“{y}”无效", param_hint="--year")
    return y


# ---------------------------------------------------------------- commands

def form(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="编号", help="公开事项编号（答复书、补正告知书为申请编号，舆情处置记录表为舆情记录编号）"),
    kind: str = typer.Option(..., "--kind", metavar="表单",
                             help="审批表 / 保密审查表 / 风险评估表 / 三审单 / 答复书 / 补正告知书 / 舆情处置记录表"),
    fmt: str = typer.Option("html", "--format", metavar="html|md|docx", help="输出格式"),
    output: Optional[Path] = OUTPUT,
) -> None:
    """生成待打印签字的表单：已决定的内容自动填入，未决定的留出签字横线。"""
    from dwgk import forms
    from dwgk.opinion_docs import FORM_KIND
    c = get(ctx)
    one_of(kind, forms.KINDS + (FORM_KIND,), "表单", "--kind")
    _format(fmt, FORM_FORMATS, output)
    reg, errors = _load(c)
    if kind == FORM_KIND:
        doc = _opinion_form(c, reg, ref)
    elif kind in forms.REQUEST_KINDS:
        req = _resolve_request(reg, ref)
        doc = forms.request_form(reg, req, kind, c.today())
    else:
        doc = forms.item_form(reg, _resolve_item(reg, ref), kind, c.today())
    _emit(c, reg, doc, fmt, output)


def _opinion_form(c: Ctx, reg, ref: str):
    from dwgk import opinions
    from dwgk.kinds import kind_of
    from dwgk.opinion_docs import form_document, refuse_not_opinion
    k = kind_of(ref)
    if k is not None and k is not opinions.KIND:
        refuse_not_opinion(ref)
    return form_document(reg, opinions.resolve(reg, ref), c.today(), c.now())


def _resolve_item(reg, ref: str):
    from dwgk.cli.items_cmds import resolve_item
    from dwgk.forms import REQUEST_KINDS
    try:
        return resolve_item(reg, ref)
    except Refused as e:
        if e.code != "E021" or not any(r.id == ref or r.id.endswith(ref) for r in reg.requests):
            raise
        raise Refused(f"“{ref}”是依申请公开的申请，不是公开事项", "申请可用的表单：" + "、".join(REQUEST_KINDS)
                      + f"（dwgk form {ref} --kind 答复书）。", "T030", exit_code=ExitCode.USAGE) from None


def _resolve_request(reg, ref: str):
    from dwgk.requests import resolve
    return resolve(reg, ref)  # full ID or a unique part; Refused (Q201/Q202) otherwise


def catalogue_render(
    ctx: typer.Context,
    audience: str = typer.Option(..., "--audience", metavar="党内|社会",
                                 help="党内：全部条目（备案用）；社会：只含向社会公开的条目"),
    fmt: str = typer.Option("html", "--format", metavar="html|md|docx|xlsx|csv", help="输出格式"),
    output: Optional[Path] = OUTPUT,
) -> None:
    """生成公开目录（备案或公布用），含机构、日期和版本。"""
    from dwgk.reports import AUDIENCES, catalogue_document
    c = get(ctx)
    one_of(audience, AUDIENCES, "受众", "--audience")
    _format(fmt, DOC_FORMATS, output)
    reg, errors = _load(c)
    cat_errors = [d for d in errors if d.path == "catalogue.yaml"]
    if cat_errors:
        raise Refused("公开目录 catalogue.yaml 有错误，不能生成目录", "先修正下列问题（dwgk check 可列出全部）。",
                      "T034", diagnostics=cat_errors)
    doc = catalogue_document(reg, audience, c.today())
    _emit(c, reg, doc, fmt, output)


def report_annual(
    ctx: typer.Context,
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="报告年度（默认上一年）"),
    kind: str = typer.Option("", "--kind", metavar="政务|党务",
                             help="政务：政府信息公开工作年度报告；党务：党务公开情况年度通报（默认按配置方案）"),
    fmt: str = typer.Option("html", "--format", metavar="html|md|docx|json|xlsx|csv", help="输出格式"),
    draft: bool = typer.Option(False, "--draft", help="草稿：reports/<年份>.yaml 未填完时用“待填写”占位，"
                                                      "也可看本年度截至今天的情况（勾稽关系仍须成立）"),
    audience: str = typer.Option("党内", "--audience", metavar="党内|社会",
                                 help="党务通报的受众：党内（默认，列出党员可见的事项）；社会（向群众通报、"
                                      "在网站公布，只列向社会公开的事项，其余只计数）"),
    output: Optional[Path] = OUTPUT,
) -> None:
    """生成年度报告（政务：国办公开办函〔2021〕30号格式，表格由登记簿统计并核对勾稽关系）。"""
    from dwgk import gov_report, reports
    c = get(ctx)
    _format(fmt, REPORT_FORMATS, output)
    one_of(kind or None, ("政务", "党务"), "报告类型", "--kind")
    one_of(audience, reports.AUDIENCES, "受众", "--audience")
    y = _year(c, year)
    reg, errors = _load(c)
    kind = kind or ("党务" if reg.profile.kind == "党务" else "政务")
    find = locator(Path(reg.root))
    if kind == "政务":
        bad = [d for d in errors if d.path.startswith("requests/")]
        if bad and reg.profile.kind != "党务":
            raise Refused(f"有 {len({d.path for d in bad})} 件依申请公开的申请文件有错误，年度报告会漏计，不予生成",
                          "先修正下列问题（dwgk check 可列出全部）。", "T023", diagnostics=bad)
        doc = gov_report.annual_gov_document(reg, y, c.today(), draft=draft, locate=find,
                                             shown_to=public_view(reg, "社会"))
    else:
        doc = reports.annual_party_document(reg, y, c.today(), draft=draft, locate=find, audience=audience,
                                            shown_to=public_view(reg, audience))
    _warn_errors(errors)
    _emit(c, reg, doc, fmt, output)


def report_init(
    ctx: typer.Context,
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="报告年度（默认上一年）"),
    show: bool = typer.Option(False, "--print", help="只把模板打印到屏幕，不建文件"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只建文件，不做 git 提交"),
) -> None:
    """建立 reports/<年份>.yaml：年度报告中登记簿以外的数字和文字，每个字段都有说明，逐项填写即可。"""
    from dwgk import report_input as ri
    from dwgk.cli.write import apply
    from dwgk.records import Change
    c = get(ctx)
    y = _year(c, year)
    root = c.find_root()
    rel = ri.path_of(y)
    if show:
        typer.echo(ri.skeleton(c.read(root), y), nl=False)
        return
    if (root / rel).exists():
        raise Refused(f"{rel} 已经存在，不覆盖", f"直接编辑 {rel}；要对照完整模板可运行 dwgk report init --year {y} --print。",
                      "T025")
    apply(c, no_commit, lambda root: ({rel: ri.skeleton(c.read(root), y)}, Change(
        "", "report-init", f"建立 {y} 年度报告材料模板 {rel}", "", c.today(), extra={"Dwgk-Year": str(y)},
        body="由 dwgk report init 生成，待办公室填写。")))
    out(f"已建立：{rel}（逐项填写后运行 dwgk report annual --year {y}）")


def report_period(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", metavar="YYYY-MM-DD", help="期间第一天"),
    end: str = typer.Option(..., "--to", metavar="YYYY-MM-DD", help="期间最后一天（含）"),
    fmt: str = typer.Option("html", "--format", metavar="html|md|docx|json|xlsx|csv", help="输出格式"),
    output: Optional[Path] = OUTPUT,
) -> None:
    """期间汇总（月度检查、季度报告）：提出、审核、公开、不予公开、逾期、反馈。"""
    from dwgk import reports
    c = get(ctx)
    _format(fmt, REPORT_FORMATS, output)
    d1, d2 = c.date_opt(start, "--from"), c.date_opt(end, "--to")
    reg, errors = _load(c)
    _warn_errors(errors)
    doc = reports.period_document(reg, d1, d2, c.today())
    _emit(c, reg, doc, fmt, output)


def report_set(
    ctx: typer.Context,
    key: str = typer.Argument(..., metavar="项目",
                              help="overview / problems / other（文字），proactive.rules.issued 等数字，"
                                   "carried_over、carried_out、published；也可写中文名（总体情况、发布日期……）"),
    value: Optional[str] = typer.Argument(None, metavar="值", help="数字、日期或一行文字（长文字用 --file）"),
    year: Optional[int] = typer.Option(None, "--year", metavar="年份", help="报告年度（默认上一年）"),
    file: Optional[Path] = typer.Option(None, "--file", metavar="文件", help="从 UTF-8 文本文件读取文字"),
    by: str = typer.Option("", "--by", metavar="姓名", help="填写人（写入提交记录）"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只改文件，不做 git 提交"),
) -> None:
    """填写 reports/<年份>.yaml 中的一项（文字、数字或发布日期），不必手工编辑 YAML；一次提交。"""
    from dwgk import report_input as ri
    from dwgk.cli.options import text_arg
    from dwgk.cli.write import apply
    from dwgk.loader import parse_file
    from dwgk.records import Change
    c = get(ctx)
    y = _year(c, year)
    if (value is None) == (file is None):
        raise typer.BadParameter("写出值，或用 --file 指定文本文件（二者选一）", param_hint="值")
    text = text_arg(None, file, "文字") if file is not None else value

    def plan(root: Path):
        reg = c.read(root)
        key_ = ri.key_of(reg, key)
        rel = ri.path_of(y)
        data = {}
        if (root / rel).exists():
            data, diags, raw = parse_file(root, rel)
            found = ri.lint(raw, rel) or diags
            if found:
                raise Refused(f"{rel} 有错误，先改正才能填写", "按下列提示改正（或删掉该文件后重新 dwgk report set）。",
                              "E085", diagnostics=found)
            if not isinstance(data, dict):
                data = {}
        new = ri.set_value(reg, data, key_, text)
        what = ri.settable(reg)[key_]
        return {rel: ri.render(reg, y, new)}, Change("", "report-set", f"填写 {y} 年度报告材料：{what}", by, c.today(),
                                                       extra={"Dwgk-Year": str(y), "Dwgk-Key": key_})
    change = apply(c, no_commit, plan)
    out(f"已填写：{change.summary}（{ri.path_of(y)}）")
