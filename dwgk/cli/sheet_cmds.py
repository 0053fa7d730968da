"""``dwgk import …``: a 台账 in (template, items, requests, messages); and what every command
with ``--format xlsx|csv`` shares to hand a spreadsheet out (:func:`emit`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

import typer

from dwgk.cli import output as out_file

from dwgk.cli.context import Ctx, err, get, out
from dwgk.cli.options import BY, NO_COMMIT
from dwgk.diag import ExitCode, Refused, os_reason

KINDS = {"items": "公开事项", "requests": "依申请公开", "messages": "政民互动留言"}
SHEET_FORMATS = ("xlsx", "csv")
MAP = typer.Option(None, "--map", metavar="映射.yaml",
                   help="把本单位台账的列名映射为模板的列名（每行“本单位列名: 模板列名”，不导入的列写 ~）")
SHEET = typer.Option(None, "--sheet", metavar="名称", help="读取工作簿中的这张表（默认第一张有内容的表）")
DRY = typer.Option(False, "--dry-run", help="只检查并列出将要导入的记录，不写入")


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    sub = typer.Typer(cls=Group, no_args_is_help=True,
                      help="导入台账：把本单位已有的公开事项、依申请公开、留言办理台账（.xlsx 或 .csv）导入登记簿。")
    sub.command("template")(template)
    sub.command("items")(import_items)
    sub.command("requests")(import_requests)
    sub.command("messages")(import_messages)
    groups["import"] = sub
    app.add_typer(sub, name="import")


# ---------------------------------------------------------------- writing a spreadsheet

def output_path(c: Ctx, output: Optional[Path]) -> Optional[Path]:
    """Where ``-o`` writes, refused before anything is made when it is a register's own file,
    a special file or a folder that is not there (``dwgk.cli.output``)."""
    if output is None:
        return None
    return out_file.target(c.cwd, c.find_root(required=False), output)


def write_bytes(c: Ctx, data: bytes | Iterable[bytes], output: Path) -> None:
    """Write ``data`` to ``output`` whole or not at all (temp file, then rename)."""
    path = output_path(c, output)
    assert path is not None
    out_file.write(path, output, data)
    out(f"已生成：{output}")


def need_output(fmt: str, output: Optional[Path]) -> None:
    """An .xlsx is binary: it goes to a file, never to the terminal."""
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("xlsx 格式须用 -o 文件名.xlsx 指定输出文件", param_hint="-o")


def emit(c: Ctx, fmt: str, output: Optional[Path], grids) -> None:
    """Hand ``grids`` (``dwgk.sheets.Grid``) out as a workbook (-o) or CSV (-o, or stdout)."""
    from dwgk import sheets
    need_output(fmt, output)
    if fmt == "xlsx":
        write_bytes(c, sheets.workbook(grids), output)
        return
    data = sheets.grids_csv_chunks(grids)  # a line at a time
    if output is not None:
        write_bytes(c, data, output)
    else:
        import sys
        sys.stdout.flush()
        sys.stdout.buffer.writelines(data)
        sys.stdout.flush()


def emit_document(c: Ctx, doc, fmt: str, output: Optional[Path]) -> None:
    """A document's tables, each on its own sheet with its merged headers."""
    from dwgk import sheets
    tables = sheets.document_tables(doc)
    if not tables:
        raise Refused(f"“{doc.title}”中没有表格，不能导出为 {fmt}", "改用 --format html、md 或 docx。", "X050",
                      exit_code=ExitCode.USAGE)
    emit(c, fmt, output, [sheets.table_grid(name, t) for name, t in tables])


def emit_records(c: Ctx, reg, kind: str, records, fmt: str, output: Optional[Path],
                 derived: dict[str, list] | None = None) -> None:
    """Records in their kind's 台账 columns (what ``dwgk import`` reads back), with computed
    columns after them (``derived``: header → one value per record)."""
    from dwgk import ledger, sheets
    cols, rows = ledger.export_rows(reg, kind, records)  # rows: made afresh each time they are read
    filled = {col.key for col in cols if col.required or col.key == "id"}
    for r in rows():
        filled.update(k for k, v in r.items() if v not in (None, ""))
    used = [col for col in cols if col.key in filled]
    headers = [col.header for col in used] + list(derived or {})
    extra = list((derived or {}).values())
    body = sheets.Rows(lambda: ([r.get(col.key) for col in used] + [d[i] for d in extra] for i, r in enumerate(rows())))
    emit(c, fmt, output, [sheets.rows_grid(ledger.SPECS[kind].SHEET, headers, body)])


# ---------------------------------------------------------------- import template

def template(
    ctx: typer.Context,
    kind: str = typer.Argument(..., metavar="items|requests|messages", help="台账的种类"),
    output: Path = typer.Option(..., "-o", "--output", metavar="文件.xlsx", help="写入此文件"),
) -> None:
    """生成导入用的台账模板：中文列名、说明表、下拉选项（公开范围、公开形式、各步骤结论、目录编码……）。"""
    from dwgk import ledger, sheets
    from dwgk.cli.context import one_of
    one_of(kind, tuple(KINDS), "台账种类", "items|requests|messages")
    c = get(ctx)
    reg = c.load()
    spec = ledger.SPECS[kind]
    cols = spec.columns(reg)
    data = sheets.template(spec.SHEET, cols)
    write_bytes(c, data, output)
    err(f"提示: 每行一条{KINDS[kind]}；带 * 的说明见“说明”表。填好后运行 dwgk import {kind} {output.name} --by 姓名"
        "（先加 --dry-run 检查）。")


# ---------------------------------------------------------------- import

def _mapping(c: Ctx, path: Optional[Path]) -> dict:
    if path is None:
        return {}
    from dwgk.yamlread import parse
    p = path if path.is_absolute() else c.cwd / path
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        why = os_reason(e) if isinstance(e, OSError) else "不是 UTF-8 编码的文本"
        raise Refused(f"无法读取映射文件 {path}：{why}", "映射文件是 UTF-8 文本，每行“本单位列名: 模板列名”。", "X014",
                      exit_code=ExitCode.USAGE) from None
    data, diags = parse(text, str(path))
    if diags:
        raise Refused(f"映射文件 {path} 有错误", "每行写“本单位列名: 模板列名”，冒号用半角并后跟空格。", "X014",
                      diagnostics=diags)
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, str))
                                             for k, v in data.items()):
        raise Refused(f"映射文件 {path} 的格式不对", "每行写“本单位列名: 模板列名”；不导入的列写“列名: ~”。", "X014")
    return data


def _run(ctx: typer.Context, kind: str, file: Path, mapping: Optional[Path], sheet: Optional[str],
         dry_run: bool, by: str, no_commit: bool) -> None:
    from dwgk import ledger
    from dwgk.cli.progress import progress
    from dwgk.cli.write import apply
    from dwgk.records import Change
    from dwgk.sheetread import read_sheet
    c = get(ctx)
    today = c.today()
    names = _mapping(c, mapping)
    path = file if file.is_absolute() else c.cwd / file
    shown = file.name

    def read(reg):
        cols = ledger.columns(reg, kind)
        find = ledger.header_map(cols, names)
        known = {col.header for col in cols}
        return read_sheet(path, shown, lambda h: find(h) in known, sheet)

    def outcome(reg, s):
        with progress("读取台账", len(s.rows)) as advance:
            return ledger.plan(reg, kind, s, names, today, advance)

    def report(o) -> None:
        for w in o.warnings:
            err(w.format())
        if o.problems:
            for p in o.problems:
                err(p.format())
            rows = len({p.row for p in o.problems if p.row})
            raise Refused(f"{shown} 有 {len(o.problems)} 处问题（涉及 {rows} 行），没有导入任何记录",
                          "逐条改正后重新导入（先加 --dry-run 检查）；整个文件没有问题时才会一次导入。", "X015")

    if dry_run:
        reg = c.load()
        s = read(reg)
        o = outcome(reg, s)
        report(o)
        for row, rid, what in o.created:
            out(f"第{row}行  {rid}  {what}")
        out(f"检查通过：将导入 {len(o.created)} 条{KINDS[kind]}（--dry-run，未写入）")
        return
    done: dict = {}

    def plan(root: Path):
        reg = c.load()
        s = read(reg)
        o = outcome(reg, s)
        report(o)
        if not o.files:
            return None
        done["o"] = o
        n = len(o.created)
        change = Change("", "import", f"导入台账 {shown}：{n} 条{KINDS[kind]}", by, today,
                        extra={"Dwgk-Source": shown, "Dwgk-Count": str(n), "Dwgk-Kind": kind},
                        body=f"{by}从 {shown}" + (f"（{s.name}）" if s.name else "")
                        + f"导入 {n} 条{KINDS[kind]}，每条记录的历史标明来源行。")
        return o.files, change
    if apply(c, no_commit, plan) is None:
        out(f"{shown} 中没有要导入的行。")
        return
    o = done["o"]
    out(f"已导入：{len(o.created)} 条{KINDS[kind]}（{shown}）")


def import_items(ctx: typer.Context, file: Path = typer.Argument(..., metavar="文件", help="台账文件（.xlsx 或 .csv）"),
                 mapping: Optional[Path] = MAP, sheet: Optional[str] = SHEET, dry_run: bool = DRY, by: str = BY,
                 no_commit: bool = NO_COMMIT) -> None:
    """导入公开事项登记台账：每行一个事项，按本登记簿的程序逐步登记，一次提交；有任何问题则全部不导入。"""
    _run(ctx, "items", file, mapping, sheet, dry_run, by, no_commit)


def import_requests(ctx: typer.Context, file: Path = typer.Argument(..., metavar="文件", help="台账文件（.xlsx 或 .csv）"),
                    mapping: Optional[Path] = MAP, sheet: Optional[str] = SHEET, dry_run: bool = DRY, by: str = BY,
                    no_commit: bool = NO_COMMIT) -> None:
    """导入依申请公开登记台账：每行一件申请（收到、补正、征求意见、延期、答复、送达、归档），一次提交。"""
    _run(ctx, "requests", file, mapping, sheet, dry_run, by, no_commit)


def import_messages(ctx: typer.Context, file: Path = typer.Argument(..., metavar="文件", help="台账文件（.xlsx 或 .csv）"),
                    mapping: Optional[Path] = MAP, sheet: Optional[str] = SHEET, dry_run: bool = DRY, by: str = BY,
                    no_commit: bool = NO_COMMIT) -> None:
    """导入留言办理台账：每行一条政民互动留言（收到、分办、答复），一次提交。"""
    _run(ctx, "messages", file, mapping, sheet, dry_run, by, no_commit)
