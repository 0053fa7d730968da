"""Reading a spreadsheet a clerk hands in (.xlsx or .csv) into header-named rows.

A 台账 as offices keep it: a title row or two above the header, header cells merged across a
group of columns (保密审查 over 结论 / 审查人 / 日期), blank rows, and notes under the table
(备注：…, 制表人：…). ``read_sheet`` finds the header row, joins a group header to the cells
under it, skips blank rows and the notes at the end, and gives each data row with the number
Excel shows for it. Cells keep their type: an Excel date is a ``date``, a number a number.
CSV files may be UTF-8 (with or without BOM) or GBK/GB18030, as Excel and WPS save them.

Nothing here knows what a column means: ``dwgk.ledger`` decides which headers it reads.
Reading .xlsx imports openpyxl, a heavy module, only when a workbook is read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from dwgk.diag import ExitCode, Refused

MAX_BYTES = 64 * 1024 * 1024  # a workbook larger than this is not a 台账
HEADER_SCAN = 12  # the header is within the first rows
NOTE_WORDS = ("注", "备注", "说明", "填表说明", "制表", "填表", "审核人", "负责人", "合计", "总计", "小计", "单位")


@dataclass
class Row:
    number: int  # the row number Excel (or a text editor, for CSV) shows
    cells: dict[str, Any]  # header → value ("" for an empty cell)


@dataclass
class Sheet:
    path: str  # as the clerk named the file
    name: str  # the worksheet's name ("" for CSV)
    header_row: int
    headers: list[str]  # in column order, unique
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""  # CSV only


def clean(value: Any) -> Any:
    """A cell's value as the importer sees it: text stripped (full-width spaces too), a
    datetime at midnight as a date, an integral float as an int, None as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    return value


def header_text(value: Any) -> str:
    """A header as a name: no line breaks or spaces inside (“审核\\n日期” reads 审核日期),
    no required-field marks (*)."""
    text = str(clean(value))
    return re.sub(r"\s+", "", text).strip("*＊")


def read_sheet(path: Path, shown: str, known: Callable[[str], bool], sheet: str | None = None) -> Sheet:
    """Read ``path`` (.xlsx / .xlsm or .csv / .txt). ``known(header)`` says whether a header
    is one the caller reads (after any renaming): the header row is the one with most known
    headers. ``shown`` is the name to use in messages. Refused (X001-X006) when the file
    cannot be read."""
    try:
        size = path.stat().st_size
    except OSError:
        raise Refused(f"找不到文件 {shown}", "检查文件名和路径。", "X001", exit_code=ExitCode.USAGE) from None
    if not path.is_file():
        raise Refused(f"{shown} 不是文件", "写出要导入的 .xlsx 或 .csv 文件。", "X001", exit_code=ExitCode.USAGE)
    if size > MAX_BYTES:
        raise Refused(f"{shown} 过大（{size // 1024 // 1024} MB）", "一次导入的台账不超过 64 MB；按年度拆分后分次导入。", "X002")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid, name, across = _xlsx_grid(path, shown, sheet)
        encoding = ""
    elif suffix in (".csv", ".txt"):
        if sheet:
            raise Refused("CSV 文件只有一张表，不能用 --sheet", "去掉 --sheet。", "X003", exit_code=ExitCode.USAGE)
        grid, encoding = _csv_grid(path.read_bytes(), shown)
        name, across = "", set()
    elif suffix == ".xls":
        raise Refused(f"{shown} 是旧版 Excel 文件（.xls）", "在 Excel 或 WPS 中“另存为”.xlsx（或 CSV）后再导入。", "X003")
    else:
        raise Refused(f"{shown} 不是 .xlsx 或 .csv 文件", "导入 Excel 工作簿（.xlsx）或 CSV 文件。", "X003",
                      exit_code=ExitCode.USAGE)
    return _table(grid, shown, name, known, encoding, across)


# ---------------------------------------------------------------- the raw grid

def _xlsx_grid(path: Path, shown: str, wanted: str | None) -> tuple[list[list[Any]], str, set]:
    """The sheet's values, its name, and the cells (row, col) under a merge across columns."""
    import openpyxl
    from openpyxl.utils.cell import range_boundaries
    try:
        # read-only: several times faster on a 台账 of thousands of rows; it does not read the
        # merged cells, which come from the sheet's own XML below
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise Refused(f"{shown} 无法作为 Excel 工作簿读取（{type(e).__name__}）",
                      "确认文件是 .xlsx 格式且未损坏（可在 Excel/WPS 中打开后另存为 .xlsx）。", "X004") from None
    try:
        if wanted:
            if wanted not in wb.sheetnames:
                raise Refused(f"{shown} 中没有名为“{wanted}”的工作表", "可选：" + "、".join(wb.sheetnames) + "。",
                              "X005", exit_code=ExitCode.USAGE)
            ws = wb[wanted]
        else:
            ws = next((w for w in wb.worksheets if w.sheet_state == "visible" and (w.max_row or 0) > 1),
                      wb.worksheets[0])
        grid = [[clean(v) for v in row] for row in ws.iter_rows(values_only=True)]
        ranges = _merged(path, getattr(ws, "_worksheet_path", ""))
        title = ws.title
    finally:
        wb.close()
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend([""] * (width - len(r)))
    # A merged cell holds its value in its top-left cell only: give it to every cell it covers,
    # so a group header stands over each of its columns and a merged value fills its rows.
    across: set = set()
    for ref in ranges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_row - 1 >= len(grid):
            continue
        value = grid[min_row - 1][min_col - 1] if min_col - 1 < width else ""
        for r in range(min_row - 1, min(max_row, len(grid))):
            for c in range(min_col - 1, min(max_col, width)):
                grid[r][c] = value
                if max_col > min_col:
                    across.add((r, c))
    return grid, title, across


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged(path: Path, member: str) -> list[str]:
    """The merged ranges ("A1:P1") a worksheet's XML lists."""
    try:
        with zipfile.ZipFile(path) as z:
            data = z.read(member.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    tail = data[data.rfind(b"</sheetData>"):] if b"</sheetData>" in data else data
    return [m.decode() for m in _MERGE.findall(tail)]


def decode(data: bytes, shown: str) -> tuple[str, str]:
    """(text, encoding) of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        raise Refused(f"{shown} 既不是 UTF-8 也不是 GBK 编码的文本", "在 Excel/WPS 中另存为“CSV UTF-8”后再导入。",
                      "X006") from None


def _csv_grid(data: bytes, shown: str) -> tuple[list[list[Any]], str]:
    text, encoding = decode(data, shown)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [[clean(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)], encoding


# ---------------------------------------------------------------- header and rows

def _names(grid: list[list[Any]], r: int, across: set) -> list[str]:
    """The headers row ``r`` would give: each cell's text, joined to the group header above
    it when that one is merged across several columns (保密审查 + 结论 → 保密审查结论)."""
    own = [header_text(v) for v in grid[r]]
    if r == 0:
        return own
    above = grid[r - 1]
    out = []
    for c, name in enumerate(own):
        parent = header_text(above[c]) if c < len(above) else ""
        if parent and (r - 1, c) in across and parent != name:
            name = parent + name
        out.append(name)
    return out


def _table(grid: list[list[Any]], shown: str, sheet: str, known: Callable[[str], bool], encoding: str,
           across: set) -> Sheet:
    best, best_r, best_names = 0, -1, []
    for r in range(min(HEADER_SCAN, len(grid))):
        for names in (_names(grid, r, across), [header_text(v) for v in grid[r]]):
            score = sum(1 for n in names if n and known(n))
            if score > best:
                best, best_r, best_names = score, r, names
    if best_r < 0:
        raise Refused(f"{shown} 的前 {HEADER_SCAN} 行中没有找到表头（列名）",
                      "表头须含模板中的列名（dwgk import template 生成模板）；列名不同的用 --map 映射。", "X007")
    headers: list[str] = []
    positions: list[tuple[int, str]] = []
    for c, name in enumerate(best_names):
        if not name or name in headers:
            continue  # an unnamed column, or the second of two cells merged across (same name)
        headers.append(name)
        positions.append((c, name))
    rows: list[Row] = []
    for r in range(best_r + 1, len(grid)):
        values = grid[r]
        cells = {name: (values[c] if c < len(values) else "") for c, name in positions}
        filled = [v for v in cells.values() if v != ""]
        if not filled:
            continue
        if [header_text(values[c]) if c < len(values) else "" for c, _ in positions] == [n for _, n in positions]:
            continue  # the header repeated (a table printed over several pages)
        rows.append(Row(r + 1, cells))
    # Notes under the table: trailing rows that carry one text only, in one cell or merged
    # across the row (备注：…, 制表人：…), are not records.
    while rows and _note(rows[-1]):
        rows.pop()
    return Sheet(shown, sheet, best_r + 1, headers, rows, encoding)


def _note(row: Row) -> bool:
    texts = {str(v) for v in row.cells.values() if v != ""}
    if len(texts) != 1:
        return False
    text = next(iter(texts))
    filled = sum(1 for v in row.cells.values() if v != "")
    return filled == 1 or filled == len(row.cells) or text.startswith(NOTE_WORDS)


# ---------------------------------------------------------------- values

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = date(1899, 12, 30)


def cell_date(value: Any) -> tuple[date | None, str]:
    """(date, "") for an Excel date cell or a text date (2025-03-01, 2025/3/1, 2025.3.1,
    2025年3月1日, 20250301); (None, why) otherwise — why is "" for an empty cell."""
    if value == "" or value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = date(y, mo, d)
            except ValueError:
                return None, f"日期“{text}”不存在"
            if not 1900 <= y <= 2999:
                return None, f"日期“{text}”的年份不对"
            return day, ""
    return None, f"“{text}”不是日期"


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if isinstance(value, (datetime, date)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def cell_list(value: Any) -> list[str]:
    """Several values in one cell: separated by 、，,；; or a line break."""
    return [x.strip() for x in re.split(r"[、，,；;\n]+", cell_text(value)) if x.strip()]


def cell_int(value: Any) -> tuple[int | None, str]:
    if value == "" or value is None:
        return None, ""
    if isinstance(value, bool):
        return None, f"“{value}”不是整数"
    if isinstance(value, int):
        return value, ""
    text = cell_text(value)
    return (int(text), "") if re.fullmatch(r"\d{1,6}", text) else (None, f"“{text}”不是整数")


def distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
