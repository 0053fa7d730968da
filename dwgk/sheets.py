"""Spreadsheets out: workbooks (.xlsx, through openpyxl) and CSV for the lists, the deadline
lists and the documents, and the 台账 template ``dwgk import`` reads.

A workbook has real cells — a date is an Excel date, a count a number — a frozen header, and
columns wide enough for their Chinese text (a CJK character counts two). A document's
tables (the :class:`dwgk.render.Table` model every format shares) each go on a sheet of
their own with their merged headers, as the official forms print them. CSV is UTF-8 with a
BOM, which Excel and WPS need to read Chinese correctly.

Pure: every function returns bytes; the cli writes them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Sequence

from dwgk.render import Document, Table
from dwgk.textwidth import width

BOM = "\ufeff"
MAX_WIDTH, MIN_WIDTH = 60, 6
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class Grid:
    """One sheet: header rows and body rows of cells, each cell (value, colspan, rowspan)."""

    title: str
    head: list[list[tuple[Any, int, int]]]
    body: list[list[tuple[Any, int, int]]]
    notes: list[str] = field(default_factory=list)  # lines under the table (a caption, a note)
    numbers: set[int] = field(default_factory=set)  # columns whose text cells are figures


def value(v: Any, numeric: bool = False) -> Any:
    """A cell's value as Excel should hold it: a date for YYYY-MM-DD, a number for a figure
    (in a figure column), text otherwise."""
    if v is None:
        return None
    if isinstance(v, (bool,)):
        return "是" if v else "否"
    if isinstance(v, (int, float, date, datetime)):
        return v
    text = str(v)
    if _ISO.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    if numeric and _NUMBER.match(text.strip()):
        return float(text) if "." in text else int(text)
    return text


class Rows:
    """A sheet's body made afresh each time it is read, a row at a time, no cell spanning more
    than one (``Grid.body``): a list of 50,000 records with their texts is hundreds of MB of
    cells. ``make()`` gives the rows as plain values."""

    def __init__(self, make: Callable[[], Iterable[Sequence[Any]]]):
        self.make = make

    def __iter__(self):
        return ([(v, 1, 1) for v in row] for row in self.make())


def rows_grid(title: str, headers: Sequence[str], rows: "Iterable[Sequence[Any]] | Rows",
              numbers: Iterable[int] = ()) -> Grid:
    """One header row over plain rows (a ``Rows`` stays one: read afresh, never held)."""
    body = rows if isinstance(rows, Rows) else [[(v, 1, 1) for v in r] for r in rows]
    return Grid(title, [[(h, 1, 1) for h in headers]], body, numbers=set(numbers))


def _plain(body: list | Rows) -> Iterable[list[Any]]:
    """A body's rows as values, spans spread (``_flat``)."""
    return (list(row) for row in body.make()) if isinstance(body, Rows) else _flat(body)


def table_grid(title: str, table: Table) -> Grid:
    """A document table on a sheet: its header rows (or, for a table that carries its labels in
    the body, the body's leading label rows) frozen, spans merged."""
    head = [[(c.text, c.colspan, c.rowspan) for c in row] for row in table.head]
    body = [[(c.text, c.colspan, c.rowspan) for c in row] for row in table.body]
    numbers = {i for row in table.body for i, c in enumerate(_positions(row)) if c is not None and c.cls == "num"}
    notes = [table.caption] if table.caption else []
    if not head and table.md_columns and not any(c.colspan > 1 or c.rowspan > 1 for r in table.body for c in r):
        head = [[(h, 1, 1) for h in table.md_columns]]
    return Grid(title, head, body, notes, numbers)


def _positions(row) -> list:
    """Cells of a row by the column each starts in (spans leave gaps)."""
    out: list = []
    for c in row:
        out.append(c)
        out.extend([None] * (c.colspan - 1))
    return out


# Sheet names for the tables documents hold, by the context key they are found under.
SHEET_NAMES = {
    "proactive_grid": "二、主动公开政府信息情况", "requests_grid": "三、收到和处理政府信息公开申请情况",
    "appeals_grid": "四、行政复议、行政诉讼情况", "table": "公开目录", "category": "按类别", "scope": "按公开范围",
    "channel": "按公开形式", "timing": "按公开时限", "refused": "不予公开", "review_table": "审核情况",
    "late": "逾期事项", "published": "公开事项",
}


def document_tables(doc: Document) -> list[tuple[str, Table]]:
    """The tables of a document, in the order its context holds them, each with a name for
    its sheet. Markdown's flat copies (keys ending in ``_md``) are left out: the workbook
    takes the tables with their merged headers."""
    found: list[tuple[str, Table]] = []

    def walk(name: str, v: Any, parent: str) -> None:
        if name.endswith("_md"):
            return
        if isinstance(v, Table):
            key = parent if name == "table" and parent else name
            found.append((SHEET_NAMES.get(key) or v.caption or key, v))
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(str(k), x, name)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(name, x, parent)
    for k, v in doc.context.items():
        walk(str(k), v, "")
    return found


# ---------------------------------------------------------------- xlsx

def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "", title).strip() or "表"
    name, n = base[:31], 2
    while name in used:
        tail = f"（{n}）"
        name, n = base[:31 - len(tail)] + tail, n + 1
    used.add(name)
    return name


def _spans(g: Grid) -> bool:
    body = () if isinstance(g.body, Rows) else g.body
    return any(cs > 1 or rs > 1 for row in (*g.head, *body) for _, cs, rs in row)


def workbook(grids: Sequence[Grid]) -> bytes:
    if not any(_spans(g) for g in grids):
        return _streamed(grids)
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, horizontal="center", vertical="center")
    used: set[str] = set()
    for g in grids:
        ws = wb.create_sheet(sheet_name(g.title, used))
        widths: dict[int, int] = {}
        taken: set[tuple[int, int]] = set()
        r = 1
        for part, rows in (("head", g.head), ("body", g.body)):
            for row in rows:
                c = 1
                for v, colspan, rowspan in row:
                    while (r, c) in taken:
                        c += 1
                    cell = ws.cell(row=r, column=c, value=value(v, part == "body" and (c - 1) in g.numbers))
                    cell.border = border
                    if part == "head":
                        cell.font, cell.fill, cell.alignment = head_font, head_fill, centre
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
                    else:
                        cell.alignment = wrap
                    if colspan > 1 or rowspan > 1:
                        ws.merge_cells(start_row=r, start_column=c, end_row=r + rowspan - 1, end_column=c + colspan - 1)
                        for rr in range(r, r + rowspan):
                            for cc in range(c, c + colspan):
                                taken.add((rr, cc))
                    if colspan == 1:
                        shown = v.isoformat() if isinstance(v, date) else "" if v is None else str(v)
                        longest = max((width(line) for line in shown.split("\n")), default=0)
                        widths[c] = max(widths.get(c, 0), longest)
                    c += colspan
                r += 1
        if g.head:
            ws.freeze_panes = ws.cell(row=len(g.head) + 1, column=1)
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, w + 2))
        for note in g.notes:
            r += 1
            ws.cell(row=r, column=1, value=note)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _streamed(grids: Sequence[Grid]) -> bytes:
    """A workbook without merged cells, written row by row (openpyxl's write-only mode): a list
    of ten thousand records takes seconds instead of tens of seconds."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    wb = openpyxl.Workbook(write_only=True)
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
    centre = Alignment(wrap_text=True, horizontal="center", vertical="center")
    used: set[str] = set()
    for g in grids:
        ws = wb.create_sheet(sheet_name(g.title, used))

        def rows(g: Grid = g):  # read twice (widths first, as write-only mode wants), never held
            return ([value(v, part == "body" and c in g.numbers) for c, (v, _, _) in enumerate(row)]
                    for part, block in (("head", g.head), ("body", g.body)) for row in block)
        widths: dict[int, int] = {}
        for row in rows():
            for c, v in enumerate(row):
                shown = v.isoformat() if isinstance(v, date) else "" if v is None else str(v)
                widths[c] = max(widths.get(c, 0), max((width(x) for x in shown.split("\n")), default=0))
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = max(MIN_WIDTH, min(MAX_WIDTH, w + 2))
        if g.head:
            ws.freeze_panes = get_column_letter(1) + str(len(g.head) + 1)  # the cell under the header
        for r, row in enumerate(rows()):
            cells = []
            for v in row:
                cell = WriteOnlyCell(ws, value=v)
                if r < len(g.head):
                    cell.font, cell.fill, cell.alignment = head_font, head_fill, centre
                elif isinstance(v, date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            ws.append(cells)
        for note in g.notes:
            ws.append([])
            ws.append([note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- csv

def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(csv_lines(headers, rows))


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """``csv_text`` a line at a time."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    yield buf.getvalue()
    for r in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v for v in r])
        yield buf.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM: Excel and WPS read the Chinese right only with it."""
    return (BOM + csv_text(headers, rows)).encode("utf-8")


def grids_csv(grids: Sequence[Grid]) -> bytes:
    """Several tables in one CSV: each under its title, a blank line between (merged header
    cells repeat their text over the columns they cover, so every column is labelled)."""
    return b"".join(grids_csv_chunks(grids))


def grids_csv_chunks(grids: Sequence[Grid]) -> Iterator[bytes]:
    """``grids_csv`` a line at a time."""
    yield BOM.encode("utf-8")
    for n, g in enumerate(grids):
        if n:
            yield b"\r\n"
        if len(grids) > 1:
            yield csv_text([g.title], []).encode("utf-8")
        top = _flat(g.head)
        head = [" / ".join(dict.fromkeys(x for x in col if x)) for col in zip(*top)] if top else []
        lines = csv_lines(head, _plain(g.body))
        first = next(lines)
        if head:
            yield first.encode("utf-8")
        for line in lines:
            yield line.encode("utf-8")


def _flat(rows: list[list[tuple[Any, int, int]]]) -> list[list[Any]]:
    """Rows with spans spread: a merged cell's text in every cell it covers."""
    grid: dict[tuple[int, int], Any] = {}
    ncols = 0
    for r, row in enumerate(rows):
        c = 0
        for v, colspan, rowspan in row:
            while (r, c) in grid:
                c += 1
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    grid[(rr, cc)] = v
            c += colspan
            ncols = max(ncols, c)
    return [[grid.get((r, c), "") for c in range(ncols)] for r in range(len(rows))]


# ---------------------------------------------------------------- the 台账 template

def template(title: str, columns: Sequence[Any], example: Sequence[dict[str, Any]] = ()) -> bytes:
    """The workbook ``dwgk import`` reads: the 台账 sheet with the template's headers (required
    ones marked *, frozen), a drop-down on each column with a closed list of values, and a 说明
    sheet that explains each column."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name(title, set())
    lists = wb.create_sheet("选项")
    guide = wb.create_sheet("说明")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    guide.append(["列名", "必填", "说明", "可选值"])
    for cell in guide[1]:
        cell.font = bold
    n_list = 0
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=col.header + ("*" if col.required else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(col.help, "dwgk")
        ws.column_dimensions[letter].width = col.width or max(MIN_WIDTH, min(
            MAX_WIDTH, max([width(col.header) + 4] + [width(v) + 2 for v in col.choices[:40]])))
        guide.append([col.header, "是" if col.required else "", col.help, "、".join(col.choices)])
        if col.choices:
            n_list += 1
            lc = get_column_letter(n_list)
            lists.cell(row=1, column=n_list, value=col.header)
            for j, choice in enumerate(col.choices, start=2):
                lists.cell(row=j, column=n_list, value=choice)
            dv = DataValidation(type="list", formula1=f"=选项!${lc}$2:${lc}${len(col.choices) + 1}", allow_blank=True)
            # A list column (公开形式) may hold several values "甲、乙": the drop-down offers one,
            # typing more is allowed (information, not a stop); an open list (部门) likewise.
            strict = col.strict and col.kind != "list"
            dv.errorStyle = "stop" if strict else "information"
            dv.error = "请从下拉列表中选择：" + "、".join(col.choices)[:200]
            dv.errorTitle = col.header
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}5000")
        if col.kind == "date":
            for r in range(2, 501):
                ws.cell(row=r, column=i).number_format = "yyyy-mm-dd"
    for r, row in enumerate(example, start=2):
        for i, col in enumerate(columns, start=1):
            if row.get(col.key) not in (None, ""):
                ws.cell(row=r, column=i, value=value(row[col.key]))
    ws.freeze_panes = "A2"
    for letter, w in (("A", 18), ("B", 6), ("C", 60), ("D", 60)):
        guide.column_dimensions[letter].width = w
    lists.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- deadline lists

DEADLINE_COLUMNS = (("id", "编号"), ("title", "名称"), ("rule_name", "时限"), ("period", "报告期"),
                    ("start", "起算日"), ("due", "到期日"), ("done", "完成日"), ("status_name", "状态"),
                    ("days_late", "逾期工作日"), ("days_left", "剩余工作日"), ("tier", "等级"),
                    ("department", "责任科室"), ("person", "责任人"), ("source", "依据"), ("provisional", "暂定"))


def deadline_grid(title: str, rows: Iterable[Any]) -> Grid:
    """Deadline rows (``dwgk.deadline.Row``) with the figures ``--format json`` gives them."""
    data = [r.to_json() for r in rows]
    return rows_grid(title, [h for _, h in DEADLINE_COLUMNS],
                     [[d.get(k) if k != "provisional" else ("是" if d.get(k) else "") for k, _ in DEADLINE_COLUMNS]
                      for d in data])
