"""Documents: the Jinja environment, and the small table model shared by every format.

Templates ship in the package (``dwgk.templates``, the top-level ``templates/`` folder);
a register may override any of them with a file of the same name in its own
``templates/`` folder. Jinja runs with autoescape for ``.html`` templates and with
``StrictUndefined``, so a misspelt variable is an error, never an empty cell. A broken
template is reported as ``CannotRun`` with the template's file and line (codes T0xx).

Rendering returns a string; it never writes files (the cli does). Every public-facing
document reaches a template already filtered (see ``reports.public_items``): templates
lay out what they are given and never decide what may be shown.

Tables that must look the same in HTML, Word and Markdown are described once with
:class:`Table` (a grid of :class:`Cell` with row/column spans) and drawn by the
``table`` macro in ``macros.html`` / ``macros.md``; the Word file is made from the
rendered HTML (``docx_out.py``), so an office's own template changes reach Word too.

Codes (area T, documents): T001 template not found (with the file and line that named it),
T002 template syntax error, T003 error while rendering (undefined variable …) — all exit 3
with the template's file and line; T010/T011 format not available, T012 bad audience, T013
period ends before it starts; T020 the annual report's identities fail, T021
reports/<year>.yaml incomplete or missing, T022 a request that cannot be counted (listed
under T020), T023 request files with errors, T024 the year is not over (or not begun), T025
reports/<year>.yaml exists already (report init), T026 a report the register's kind does not make
(党组织: no 政府信息公开年度报告; 政务: no 党务 通报); T030 wrong form for the
record; T034 catalogue.yaml has errors; T040 the output file cannot be written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping

from dwgk.dates import parse_date
from dwgk.diag import CannotRun, Diagnostic, ExitCode, Refused
from dwgk.docx_out import html_to_docx

FORMATS = ("html", "md", "docx", "json")
TEMPLATE_DIR = "templates"


# ---------------------------------------------------------------- table model

@dataclass(frozen=True)
class Cell:
    text: Any = ""
    colspan: int = 1
    rowspan: int = 1
    head: bool = False  # a label cell (th)
    cls: str = ""  # "num" / "center" centre the text; "label" / "group" for row labels


@dataclass(frozen=True)
class Table:
    """A grid with spans. ``head`` rows repeat on every printed page."""

    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths (sum arbitrary)
    caption: str = ""
    cls: str = ""  # extra CSS class, e.g. "compact" for the 10-column tables
    md_columns: tuple[str, ...] = ()  # flat header for Markdown (merged headers joined)
    md_rows: tuple[tuple[str, ...], ...] = ()  # flat rows for Markdown
    groups: tuple[int, ...] = ()  # body rows per row group (one <tbody> each: a page breaks between them)


def simple_table(columns: Iterable[str], rows: Iterable[Iterable[Any]], widths: Iterable[float] = (),
                 caption: str = "", num_cols: Iterable[int] = (), cls: str = "") -> Table:
    """One header row, plain body rows (no spans); Markdown uses the same grid."""
    cols = tuple(str(c) for c in columns)
    nums = set(num_cols)
    body = tuple(tuple(Cell(v, cls="num" if i in nums else "") for i, v in enumerate(r)) for r in rows)
    return Table(head=(tuple(Cell(c, head=True) for c in cols),), body=body,
                 widths=tuple(widths), caption=caption, cls=cls, md_columns=cols,
                 md_rows=tuple(tuple(_plain(c.text) for c in r) for r in body))


def _plain(v: Any) -> str:
    return "" if v is None else str(v)


def runs(keys: Iterable[Any]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive keys: the rows a merged label spans."""
    out: list[tuple[int, int]] = []
    previous: list[Any] = []
    for i, k in enumerate(keys):
        if out and k == previous[0]:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
            previous[:] = [k]
    return out


def grid(rows: Iterable[Iterable[Cell]]) -> list[list[str]]:
    """Rows of cells with spans, as a rectangle of texts: each text in the top-left position
    of its span, the rest of the span blank (how Markdown shows a merged cell)."""
    out: list[list[str]] = []
    covered: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(rows):
        line: list[str] = []
        c = 0
        for cell in row:
            while covered.get((r, c)):
                line.append("")
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered[(r + dr, c + dc)] = True
            line += [_plain(cell.text)] + [""] * (cell.colspan - 1)
            c += cell.colspan
        while covered.get((r, c)):
            line.append("")
            c += 1
        out.append(line)
    width = max((len(x) for x in out), default=0)
    return [x + [""] * (width - len(x)) for x in out]


def grid_table(t: "Table") -> "Table":
    """``t`` with its Markdown form laid out as the printed grid: the header rows, then the body,
    merged cells blank after their first position (the official layout, row labels included)."""
    rows = grid([*t.head, *t.body])
    return replace(t, md_columns=tuple(rows[0]), md_rows=tuple(tuple(r) for r in rows[1:]))


def header_paths(t: "Table", first: int = 0) -> list[str]:
    """The full header path of each column from ``first`` on ("申请人情况/法人或其他组织/商业企业"):
    the texts of the header cells above it, top to bottom."""
    g = grid(t.head)
    above: list[list[str]] = [[] for _ in range(len(g[0]) if g else 0)]
    covered: dict[tuple[int, int], str] = {}
    for r, row in enumerate(t.head):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered[(r + dr, c + dc)] = _plain(cell.text)
            for dc in range(cell.colspan):
                above[c + dc].append(_plain(cell.text))
            c += cell.colspan
    return ["/".join(dict.fromkeys(x for x in col if x)) for col in above[first:]]


# ---------------------------------------------------------------- filters

def cn_date(d: date | str | None, blank: str = "　　年　月　日") -> str:
    """2026年11月20日; an undecided date stays a blank to fill in by hand."""
    if d is None or d == "":
        return blank
    if isinstance(d, str):
        parsed = parse_date(d)
        if parsed is None:
            return d
        d = parsed
    return f"{d.year}年{d.month}月{d.day}日"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md_escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s)


def md_cell(v: Any) -> str:
    """Text safe inside a Markdown table cell (no markup, no HTML, one line)."""
    s = _md_escape(_plain(v).strip())
    return "<br>".join(ln.strip() for ln in s.replace("\r\n", "\n").split("\n"))


def md_text(v: Any) -> str:
    """Paragraphs for Markdown (see :func:`paragraphs`), never read as markup."""
    out = []
    for ln in paragraphs(v):
        ln = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", _md_escape(ln))
        out.append(re.sub(r"^([#+\-=])", r"\\\1", ln))
    return "\n\n".join(out)


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def cn_dates(text: Any) -> str:
    """ISO dates inside clerk- or machine-written text as a letter writes them:
    “（至 2025-07-10）” → “（至2025年7月10日）”."""
    def one(m: re.Match) -> str:
        try:
            return cn_date(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return m.group(0)
    s = _ISO_DATE.sub(one, _plain(text))
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=\d{4}年)|(?<=\d日) (?=[\u3000-\u9fff\uff00-\uffef])", "", s)


_SENTENCE_END = tuple("。！？!?…”’）)】」』")


def sentence(text: Any) -> str:
    """Text that ends as a sentence: a closing full stop is added when it has none
    (a clerk's “补正后的申请仍未写明项目名称” becomes a sentence of the letter)."""
    s = _plain(text).strip().rstrip("，,；;、：:")
    return s if not s or s.endswith(_SENTENCE_END) else s + "。"


def number(v: Any) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        return s or "0"
    return str(v)


def box(checked: bool) -> str:
    return "☑" if checked else "☐"


_PARAGRAPH_END = tuple("。！？!?；;：:…”’）)】」』")
_ENUMERATED = re.compile(r"^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|"
                         r"\d+[.、．]|[#>*+\-]\s)")


def paragraphs(text: Any) -> list[str]:
    """Split clerk-written text into paragraphs.

    A blank line always ends a paragraph; so does a line ending a sentence (。！？；：…) and a
    numbered heading such as “（一）加强组织领导”. A line broken in mid-sentence (an editor's
    wrap) runs on into the next, joined without a space as Chinese text is."""
    out: list[str] = []
    current = ""
    for raw in _plain(text).replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or (current and _ENUMERATED.match(line)):
            if current:
                out.append(current)
            current = ""
            if not line:
                continue
        if current and current[-1].isascii() and current[-1].isalnum() and line[0].isascii():
            current += " "
        current += line
        if line.endswith(_PARAGRAPH_END) or (_ENUMERATED.match(current) and not line.endswith(("，", ",", "、"))):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


# ---------------------------------------------------------------- environment

def package_dir() -> Path:
    """The shipped templates: ``dwgk/templates`` in an installed wheel, the top-level
    ``templates/`` folder when dwgk runs from a source checkout (which has no dwgk/templates)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / TEMPLATE_DIR


class Renderer:
    """Jinja environment over the register's templates/ (first) and the shipped ones."""

    def __init__(self, register_root: str | Path | None = None):
        import jinja2
        self._jinja = jinja2
        self.root = Path(register_root) if register_root else None
        self.search: list[Path] = []
        if self.root is not None and (self.root / TEMPLATE_DIR).is_dir():
            self.search.append(self.root / TEMPLATE_DIR)
        self.search.append(package_dir())
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search], encoding="utf-8"),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml"),
                                                default_for_string=False, default=False),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        self.env.filters.update(cn_date=cn_date, cn_dates=cn_dates, sentence=sentence, md=md_cell,
                                mdtext=md_text, num=number, box=box, paragraphs=paragraphs)
        self.env.globals.update(Cell=Cell)

    # -- where a template file lives, for messages
    def display_path(self, filename: str | None, name: str = "") -> str:
        if not filename:
            return f"{TEMPLATE_DIR}/{name}" if name else TEMPLATE_DIR
        p = Path(filename)
        if self.root is not None:
            try:
                return p.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        try:
            return "dwgk/templates/" + p.resolve().relative_to(package_dir().resolve()).as_posix()
        except ValueError:
            return str(p)

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        j = self._jinja
        try:
            template = self.env.get_template(name)
            return template.render(**context)
        except j.TemplateSyntaxError as e:
            path = self.display_path(e.filename, e.name or name)
            raise CannotRun(f"模板 {path} 第 {e.lineno} 行有语法错误：{e.message}",
                            hint="修正该模板（或删除登记簿 templates/ 中的同名文件以使用内置模板）后重试。",
                            code="T002",
                            diagnostics=[Diagnostic(path, e.lineno or 0, 1, "T002",
                                                    f"模板语法错误：{e.message}")]) from None
        except j.TemplateNotFound as e:
            missing = e.name or name
            where = self._template_frame(e)  # the {% include %} / {% extends %} that named it
            if where is None:
                raise CannotRun(f"找不到模板“{missing}”",
                                hint="内置模板随 dwgk 安装；登记簿可在 templates/ 中放同名文件覆盖。"
                                     "检查模板文件名是否写错。", code="T001") from None
            path = self.display_path(where[0], name)
            raise CannotRun(f"模板 {path} 第 {where[1]} 行引用的模板“{missing}”不存在",
                            hint="检查该行 include / import / extends 的模板文件名，或在登记簿 templates/ 中补上该文件。",
                            code="T001",
                            diagnostics=[Diagnostic(path, where[1], 1, "T001", f"找不到模板“{missing}”")]) from None
        except UnicodeDecodeError:
            path = self._undecodable() or f"{TEMPLATE_DIR}/{name}"
            raise CannotRun(f"模板 {path} 不是 UTF-8 编码", hint="用文本编辑器以 UTF-8 编码另存该模板后重试。",
                            code="T004", diagnostics=[Diagnostic(path, 1, 1, "T004", "模板不是 UTF-8 编码")]) from None
        except RecursionError as e:  # a macro or include that calls itself
            where = self._template_frame(e)
            path, line = (self.display_path(where[0], name), where[1]) if where else (f"{TEMPLATE_DIR}/{name}", 1)
            raise CannotRun(f"模板 {path} 第 {line} 行无限递归（宏或 include 调用了自己）",
                            hint="修正该模板（或删除登记簿 templates/ 中的同名文件以使用内置模板）后重试。",
                            code="T003", diagnostics=[Diagnostic(path, line, 1, "T003", "模板无限递归")]) from None
        except (j.TemplateError, TypeError, ValueError, KeyError, AttributeError,
                IndexError, ZeroDivisionError) as e:
            where = self._template_frame(e)
            if where is None:
                raise
            filename, line = where
            path = self.display_path(filename, name)
            what = ("使用了未定义的变量：" if isinstance(e, j.UndefinedError) else "渲染出错：") + str(e)
            raise CannotRun(f"模板 {path} 第 {line} 行{what}",
                            hint="检查变量名（可用的变量见内置模板）；修正该模板后重试。", code="T003",
                            diagnostics=[Diagnostic(path, line, 1, "T003", what)]) from None

    def _undecodable(self) -> str | None:
        """The register's template that is not UTF-8 (jinja's error does not say which)."""
        if self.root is None or not (self.root / TEMPLATE_DIR).is_dir():
            return None
        for p in sorted((self.root / TEMPLATE_DIR).rglob("*")):
            try:
                if p.is_file():
                    p.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                return self.display_path(str(p))
        return None

    def _template_frame(self, e: BaseException) -> tuple[str, int] | None:
        """The innermost traceback frame that belongs to a template file."""
        bases = [str(p.resolve()) for p in self.search]
        found = None
        tb = e.__traceback__
        while tb is not None:
            fn = tb.tb_frame.f_code.co_filename
            if not fn.endswith(".py") and any(str(Path(fn).resolve()).startswith(b) for b in bases):
                found = (fn, tb.tb_lineno)
            tb = tb.tb_next
        return found


# ---------------------------------------------------------------- documents

@dataclass
class Document:
    """A document ready to render: its template stem, its context, its JSON form, and what
    the clerk should be told on the terminal (``notes``: never part of the document)."""

    template: str  # e.g. "catalogue" → catalogue.html / catalogue.md
    context: dict[str, Any]
    title: str
    data: Any = None  # JSON-able form (catalogue, annual and period reports)
    notes: list[str] = field(default_factory=list)


def tidy_markdown(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_document(renderer: Renderer, doc: Document, fmt: str) -> str | bytes:
    """html/md → str; docx → bytes; json → str. Raises Refused for an unsupported format."""
    if fmt == "json":
        if doc.data is None:
            raise Refused(f"“{doc.title}”没有 JSON 格式", "可选格式：html、md、docx。", "T010", exit_code=ExitCode.USAGE)
        return json.dumps(doc.data, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "md":
        return tidy_markdown(renderer.render(f"{doc.template}.md", doc.context))
    html = renderer.render(f"{doc.template}.html", doc.context)
    if fmt == "html":
        return html
    if fmt == "docx":
        return html_to_docx(html, title=doc.title)
    raise Refused(f"格式“{fmt}”无效", "可选：" + "、".join(FORMATS) + "。", "T011", exit_code=ExitCode.USAGE)
