"""Word (.docx) output, made with python-docx from the document's rendered HTML.

The HTML templates are the one description of every document, so a register's own
templates reach Word too, and the Word file carries exactly the tables and figures of
the HTML. The converter understands the small vocabulary the templates use (see the
comment at the top of ``templates/base.html``): headings, paragraphs with a few classes,
tables with row/column spans, signature blanks.

Page setup follows GB/T 9704-2012: A4, margins 37/26/35/28 mm (top/right/bottom/left),
body 仿宋 16 pt with a fixed 28.95 pt line (22 lines), title 方正小标宋简体 22 pt, headings
黑体 / 楷体, page numbers "— 1 —" in 宋体 14 pt, odd pages right and even pages left.
Word and WPS substitute an installed font when one of these is missing.
"""

from __future__ import annotations

import io
import re
from typing import Any

from dwgk.diag import CannotRun

FANGSONG, SONGTI, HEITI, KAITI, TITLE_FONT = "仿宋", "宋体", "黑体", "楷体", "方正小标宋简体"
LATIN = "Times New Roman"
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28.95
TEXT_WIDTH_MM = 156
LANDSCAPE_WIDTH_MM = 243  # A4 landscape: 297 mm less 28 mm and 26 mm


def html_to_docx(html: str, title: str = "") -> bytes:
    from docx import Document
    from lxml import html as lh

    if not html.strip():  # lxml refuses an empty document; a template override can produce one
        raise CannotRun("模板生成的文档是空的，无法转为 Word", code="T004",
                        hint="检查登记簿 templates/ 中覆盖的模板（或删除它以使用内置模板）后重试。")
    root = lh.document_fromstring(html)
    sheet = root.find(".//main")
    if sheet is None:
        sheet = root.find(".//body")
    doc = Document()
    landscape = "landscape" in _cls(sheet)  # main.sheet.landscape: a wide table (templates/landscape.css)
    _setup(doc, title or (root.findtext(".//title") or ""), landscape)
    conv = _Converter(doc, LANDSCAPE_WIDTH_MM if landscape else TEXT_WIDTH_MM)
    for el in sheet:
        conv.block(el)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- page setup

def _fonts(run_or_style: Any, east: str, latin: str = LATIN) -> None:
    from docx.oxml.ns import qn
    font = run_or_style.font
    font.name = latin
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:eastAsia", "w:hint"):
        rfonts.set(qn(attr), east if attr == "w:eastAsia" else "eastAsia")


def _setup(doc: Any, title: str, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm, Pt
    s = doc.sections[0]
    if landscape:  # the margins of templates/landscape.css
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = Mm(297), Mm(210)
        s.top_margin, s.bottom_margin = Mm(26), Mm(24)
    else:
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin = Mm(37), Mm(35)
    s.left_margin, s.right_margin = Mm(28), Mm(26)
    s.header_distance, s.footer_distance = Mm(15), Mm(23)
    normal = doc.styles["Normal"]
    _fonts(normal, FANGSONG)
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = True
    doc.core_properties.title = title
    doc.core_properties.author = "dwgk"
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(s.footer.paragraphs[0], right=True)
    _page_number(s.even_page_footer.paragraphs[0], right=False)


def _page_number(p: Any, right: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    pf = p.paragraph_format
    if right:
        pf.right_indent = Pt(14)
    else:
        pf.left_indent = Pt(14)

    def run(text: str) -> None:
        r = p.add_run(text)
        _fonts(r, SONGTI)
        r.font.size = Pt(14)

    run("— ")
    # the number itself: a PAGE field whose result run has the dashes' font and size
    number = p.add_run("1")
    _fonts(number, SONGTI)
    number.font.size = Pt(14)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    p._p.remove(number._r)
    fld.append(number._r)
    p._p.append(fld)
    run(" —")


# ---------------------------------------------------------------- content

_CLASSES = re.compile(r"\s+")
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)\s*(em|%)")


def _cls(el: Any) -> set[str]:
    return set(_CLASSES.split((el.get("class") or "").strip())) - {""}


class _Converter:
    def __init__(self, doc: Any, width_mm: float = TEXT_WIDTH_MM):
        self.doc = doc
        self.width_mm = width_mm  # the text block's width: tables and title lines fill it
        self._container: Any = doc  # where paragraphs go: the document, or the current table cell

    # -- blocks
    def block(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        cls = _cls(el)
        if tag == "h1":
            self.heading(el, TITLE_FONT, TITLE_PT, center=True, after_line=True)
        elif tag == "h2":
            self.heading(el, HEITI, BODY_PT)
        elif tag == "h3":
            self.heading(el, KAITI, BODY_PT)
        elif tag == "p":
            self.paragraph(el, cls)
        elif tag == "table":
            self.table(el)
        elif tag == "div" and "write" in cls:
            for _ in range(_write_lines(el)):
                self.doc.add_paragraph()
        elif tag in ("div", "section", "article", "header", "footer", "main"):
            if "page-break" in cls:
                self.page_break()
            if "closing" in cls:
                self.closing(el)
                return
            for child in el:
                self.block(child)
        elif tag in ("ul", "ol"):
            for n, li in enumerate(el.findall("li"), 1):
                p = self.doc.add_paragraph()
                p.paragraph_format.first_line_indent = _pt(BODY_PT * 2)
                self._run(p, ("•" if tag == "ul" else f"{n}.") + " ", {})
                self.inline(p, li, {})

    def closing(self, el: Any) -> None:
        """落款: the widest line 右空四字, the others centred on it (署名 over 成文日期); kept on
        one page together with the last lines of the text above (no page holding only it)."""
        from docx.shared import Pt
        lines = [c for c in el if c.tag == "p"]
        widths = [_em_width(c.text_content().strip()) for c in lines]
        widest = max(widths, default=0)
        for par in self.doc.paragraphs[-2:]:  # the last text (and a "特此答复。") stay with the 落款
            par.paragraph_format.keep_with_next = True
        for n, (child, w) in enumerate(zip(lines, widths)):
            p = self.paragraph(child, {"right"} | _cls(child))
            pf = p.paragraph_format
            pf.right_indent = _pt(BODY_PT * (4 + (widest - w) / 2))
            pf.keep_together = True
            pf.keep_with_next = n < len(lines) - 1
            if n == 0:
                pf.space_before = Pt(LINE_PT)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, el: Any, font: str, size: float, center: bool = False, after_line: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt
        p = self.doc.add_paragraph()
        pf = p.paragraph_format
        pf.keep_with_next = True
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(size * 1.45)
            if after_line:
                pf.space_after = Pt(LINE_PT if "form" not in _cls(el) else 6)
        else:
            pf.first_line_indent = Pt(BODY_PT * 2)
        fmt = {"font": font, "size": size}
        parts = [c.text_content() for c in el.iter("span") if "tp" in _cls(c)]  # (lxml nests them in <wbr>)
        if not parts:
            self.inline(p, el, fmt)
            return
        # Word breaks Chinese anywhere: break the title between its parts (GB/T 9704 7.3.1)
        for n, line in enumerate(_title_lines(parts, self.width_mm / (size * 25.4 / 72))):
            if n:
                p.add_run().add_break()
            self._run(p, line, fmt)

    def paragraph(self, el: Any, cls: set[str], in_table: bool = False, size: float | None = None) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt
        container = self._container if in_table else self.doc
        p = container.add_paragraph()
        pf = p.paragraph_format
        fmt: dict[str, Any] = {}
        if size:
            fmt["size"] = size
        if "subtitle" in cls:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt["font"] = KAITI
            pf.space_after = Pt(LINE_PT / 2)
        elif "meta" in cls:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.update(font=KAITI, size=14)
            pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            pf.line_spacing = 1.3
            pf.space_after = Pt(10)
        elif "center" in cls or "draft" in cls:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if "draft" in cls:
                fmt["font"] = HEITI
        elif "right" in cls or "sign" in cls:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif "note" in cls:
            fmt["size"] = 12
            pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            pf.line_spacing = 1.3
        elif not in_table and "noindent" not in cls and "placeholder" not in cls:
            pf.first_line_indent = Pt(BODY_PT * 2)
        if in_table:
            pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            pf.line_spacing = 1.2
            pf.first_line_indent = None
            if "sign" in cls:
                pf.space_before = Pt(4)
        self.inline(p, el, fmt)
        return p

    # -- inline
    def inline(self, p: Any, el: Any, fmt: dict) -> None:
        if el.text:
            self._run(p, el.text, fmt)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            cls = _cls(child)
            if tag == "br":
                p.add_run().add_break()
            elif tag == "span" and "blank" in cls:
                m = _WIDTH.search(child.get("style") or "")
                em = int(float(m.group(1))) if m and m.group(2) == "em" else 6
                r = self._run(p, "\u3000" * max(em, 1), fmt)
                r.font.underline = True
            elif tag in ("strong", "b"):
                self.inline(p, child, {**fmt, "bold": True})
            elif tag == "span" and "filled" in cls:
                self.inline(p, child, {**fmt, "font": KAITI})
            elif tag:
                self.inline(p, child, fmt)
            if child.tail:
                self._run(p, child.tail, fmt)

    def _run(self, p: Any, text: str, fmt: dict) -> Any:
        from docx.shared import Pt
        text = re.sub(r"[ \t\r\n]+", " ", text)
        r = p.add_run(text)
        if fmt.get("font"):
            _fonts(r, fmt["font"])
        if fmt.get("size"):
            r.font.size = Pt(fmt["size"])
        if fmt.get("bold"):
            r.font.bold = True
        return r

    # -- tables
    def table(self, el: Any) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt
        cls = _cls(el)
        size = 12.0
        if "form" in cls:
            size = 10.0 if "dense" in cls else 11.0
        if "catalogue" in cls:
            size = 9.0 if "wide" in cls else 10.5
        if "compact" in cls:
            size = 9.0
        caption = el.find("caption")
        if caption is not None:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            p.paragraph_format.line_spacing = 1.3
            self.inline(p, caption, {"font": HEITI, "size": 14})
        head_rows = [tr for sec in el.findall("thead") for tr in sec.findall("tr")]
        body_rows = [tr for sec in el.findall("tbody") for tr in sec.findall("tr")] + el.findall("tr")
        rows = head_rows + body_rows
        if not rows:
            return
        # place every cell on the grid, honouring rowspan/colspan
        taken: dict[tuple[int, int], bool] = {}
        placed = []
        ncols = 0
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                    continue
                while taken.get((r, c)):
                    c += 1
                rs, cs = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
                for dr in range(rs):
                    for dc in range(cs):
                        taken[(r + dr, c + dc)] = True
                placed.append((r, c, rs, cs, td))
                c += cs
                ncols = max(ncols, c)
        nrows = max(r + rs for r, _, rs, _, _ in placed)
        table = self.doc.add_table(rows=nrows, cols=ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._widths(el, ncols)
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = Mm(widths[i])
        for i, col in enumerate(table.columns):
            col.width = Mm(widths[i])
        for r in range(len(head_rows)):
            _repeat_header(table.rows[r])
        for r, c, rs, cs, td in placed:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.TOP if "block" in _cls(td)
                                       else WD_CELL_VERTICAL_ALIGNMENT.CENTER)
            self._cell(cell, td, size)
        for tr in table.rows:
            _cant_split(tr)
        # Word keeps a row with the next through its paragraphs' keep-with-next: a whole table
        # (.keep), or each row group (<tbody>) up to its last row, so pages break between groups
        groups = _group_ends(el)
        if "keep" in cls:
            together = range(nrows - 1)
        elif len(groups) > 1:
            ends = {len(head_rows) + n - 1 for n in groups}
            together = [r for r in range(len(head_rows), nrows) if r not in ends]
        else:
            together = []
        for r in together:
            for cell in table.rows[r].cells:
                for par in cell.paragraphs:
                    par.paragraph_format.keep_with_next = True
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.line_spacing = Pt(size)

    def _widths(self, el: Any, ncols: int) -> list[float]:
        cols = [c for g in el.findall("colgroup") for c in g.findall("col")]
        perc = []
        for c in cols:
            m = _WIDTH.search(c.get("style") or "")
            perc.append(float(m.group(1)) if m and m.group(2) == "%" else 0.0)
        if len(perc) != ncols or not all(perc):
            perc = [100.0 / ncols] * ncols
        total = sum(perc)
        return [self.width_mm * p / total for p in perc]

    def _cell(self, cell: Any, td: Any, size: float) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        cls = _cls(td)
        is_head = td.tag == "th"
        fmt: dict[str, Any] = {"size": size}
        if is_head or "group" in cls:
            fmt["font"] = HEITI
        first = cell.paragraphs[0]
        self._container = cell
        blocks = [c for c in td if isinstance(c.tag, str) and c.tag in ("p", "div", "table")]
        if blocks:
            # leading text before the first block goes into the first paragraph
            used_first = False
            if (td.text or "").strip():
                self._style_cell_par(first, cls, is_head)
                self._run(first, td.text.strip(), fmt)
                used_first = True
            for b in blocks:
                if b.tag == "div" and "write" in _cls(b):
                    for _ in range(_write_lines(b)):
                        cell.add_paragraph()
                    continue
                if b.tag == "table":
                    continue
                if not used_first:
                    par = first
                    self._style_cell_par(par, _cls(b) | cls, is_head)
                    self.inline(par, b, fmt)
                    used_first = True
                else:
                    par = self.paragraph(b, _cls(b), in_table=True, size=size)
                    self._style_cell_par(par, _cls(b) | cls, is_head)
                    if "sign" in _cls(b):
                        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            self._style_cell_par(first, cls, is_head)
            self.inline(first, td, fmt)
        for par in cell.paragraphs:
            pf = par.paragraph_format
            pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            pf.line_spacing = 1.2
            pf.first_line_indent = None

    def _style_cell_par(self, par: Any, cls: set[str], is_head: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        if is_head or cls & {"num", "center"}:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif "sign" in cls or "right" in cls:
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _group_ends(el: Any) -> list[int]:
    """The body row number (1-based) that ends each <tbody> of a table."""
    out, n = [], 0
    for sec in el.findall("tbody"):
        n += len(sec.findall("tr"))
        out.append(n)
    return out


def _em_width(text: str) -> float:
    """Width in em of body text: CJK and full-width characters 1, ASCII (digits) ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _title_lines(parts: list[str], line_em: float) -> list[str]:
    """Parts of a title (org, year, document name) filled into lines of ``line_em``; a line
    breaks only between parts."""
    lines: list[str] = []
    for part in parts:
        if lines and _em_width(lines[-1] + part) <= line_em:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def _write_lines(el: Any) -> int:
    """Empty lines for a ``div.write`` (its height in em at a 1.2 line height), at least two."""
    m = re.search(r"height\s*:\s*([\d.]+)\s*em", el.get("style") or "")
    return max(2, round(float(m.group(1)) / 1.2)) if m else 2


def _pt(v: float) -> Any:
    from docx.shared import Pt
    return Pt(v)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trpr.append(el)
