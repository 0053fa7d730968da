"""The reading room (信息公开专栏): a static site of the register as one audience may see it.

``dwgk site build OUT`` writes it; this module decides its files, the cli only puts them on
disk. What the site names comes from :func:`dwgk.public.view` alone — the same rules as every
other public document, with each item's public text — so the 社会 site holds only items
published to society, past the secrecy review, not withheld or withdrawn, at their current
revision. Nothing else of an item reaches a page: no opinions, no history, no internal text.

The pages work from ``file://`` without a server and without JavaScript; only the search page
runs a script, over an index written as a script file (a browser does not let a ``file://``
page read a JSON file). Nothing is dated by the clock and everything is sorted, so the same
register gives the same bytes: a site can be kept under git and diffed.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping
from urllib.parse import quote

from dwgk import gov_report, office, reports
from dwgk.diag import CannotRun, Refused
from dwgk.items import attachments
from dwgk.items import procedure as wf
from dwgk.items.model import Item
from dwgk.model import Entry, Register
from dwgk.public import View, first_published
from dwgk.records import kept, long_text
from dwgk.render import Renderer, package_dir, paragraphs, render_document
from dwgk.requests import rules as request_rules

MARK = ".dwgk-site"  # in every built site: a folder holding it may be replaced by the next build
# shipped in templates/site/ and copied as they are; never a register's own: a register's
# templates are sandboxed Jinja, but a script would run in every reader's browser
ASSETS = ("site.css", "search.js")
LATEST = 20  # items on the front page
SEARCH_TEXT = 3000  # characters of an item's public text in the search index
OTHER = "其他公开信息"  # items whose catalogue entry the audience's catalogue does not list
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Shown:
    """What a page may print of an item. Templates get this, never the Item: a register may
    override them, and an Item carries its history (decisions, redacted passages, earlier
    revisions) and the IDs of items the audience does not see."""

    id: str
    title: str  # public title and text: as public.view gives them
    content: str
    index_no: str
    doc_number: str
    doc_date: date | None
    attribute: str
    scope: str  # 向社会公开, or (members' edition) 党内公开

    @classmethod
    def of(cls, item: Item) -> "Shown":  # its text read when a page shows it, not held for all items
        return cls(item.id, item.title, kept(item, "content"), item.index_no, item.doc_number, item.doc_date,
                   item.attribute, item.scope)


long_text(Shown, "content")


@dataclass(frozen=True)
class Listed:
    """An item as the site lists it."""

    item: Shown
    url: str  # relative to the site's root
    published: date  # first publication to the audience in its current revision
    category: str  # 主题分类: the entry's category path, or OTHER
    entry: Entry | None  # its entry, when the audience's catalogue lists it


MANIFEST = "# 以下为本次生成的文件；重新生成时，目录中如有其他文件则不覆盖\n"  # in MARK, after mark_text


def manifest(mark: str) -> set[str] | None:
    """The files an earlier build wrote, from its MARK; None for a mark without a list."""
    head, sep, rest = mark.partition(MANIFEST)
    return {line for line in rest.split("\n") if line} | {MARK} if sep else None


def mark_text(audience: str) -> str:
    """What ``MARK`` holds: which audience's site the folder is (one folder never changes audience)."""
    return f"dwgk site build --audience {audience}\n"


def site_title(register: Register, audience: str) -> str:
    name = {"党务": "党务公开", "政务": "政府信息公开"}.get(register.profile.kind, "党务政务公开")
    return f"{register.config.org}{name}专栏" + ("（党内）" if audience == "党内" else "")


def listed(register: Register, shown: View) -> list[Listed]:
    """The items of ``shown``, newest publication first."""
    entries = {e.code: e for e in shown.entries}
    out = []
    for item in shown.items:
        if not _SAFE_ID.fullmatch(item.id):  # an ID names a file; the loader allows no other
            continue
        entry = entries.get(item.entry or "")
        category = "／".join(entry.category) if entry and entry.category else OTHER
        out.append(Listed(Shown.of(item), f"items/{item.id}.html", first_published(register.profile, item, shown.audience),
                          category, entry))
    out.sort(key=lambda x: (-x.published.toordinal(), x.item.id))
    return out


def metadata(register: Register, x: Listed, audience: str) -> list[tuple[str, str]]:
    """The eight fields every Chinese disclosure page shows, in their usual order; the
    members' edition adds each item's 公开范围 (which items only members may read)."""
    item = x.item
    mode = item.attribute if item.attribute == "主动公开" else (x.entry.mode if x.entry else "主动公开")
    return [("索引号", item.index_no or "—"), ("主题分类", x.category), ("发布机构", register.config.org),
            ("成文日期", item.doc_date.isoformat() if item.doc_date else "—"),
            ("发布日期", x.published.isoformat()), ("文号", item.doc_number or "—"),
            ("有效性", "有效"), ("公开方式", mode or "主动公开"),
            *([("公开范围", item.scope)] if audience == "党内" else [])]


# ---------------------------------------------------------------- the 公开目录 as a tree

@dataclass
class Node:
    name: str
    children: list["Node"]
    entries: list[tuple[Entry, list[Listed]]]

    def count(self) -> int:
        return sum(len(xs) for _, xs in self.entries) + sum(c.count() for c in self.children)


def tree(entries: Iterable[Entry], items: list[Listed]) -> list[Node]:
    """The catalogue's categories as nested nodes, each entry with the items published under it;
    items outside the listed entries under a last node OTHER."""
    by_entry: dict[str, list[Listed]] = {}
    for x in items:
        by_entry.setdefault(x.entry.code if x.entry else "", []).append(x)
    top: list[Node] = []
    for e in entries:
        level, node = top, None
        for name in e.category or ("未分类",):
            node = next((n for n in level if n.name == name), None)
            if node is None:
                node = Node(name, [], [])
                level.append(node)
            level = node.children
        node.entries.append((e, by_entry.get(e.code, [])))
    if by_entry.get(""):
        top.append(Node(OTHER, [], [(None, by_entry[""])]))
    return top


# ---------------------------------------------------------------- the 公开指南

def guide(register: Register, audience: str, today: date) -> dict:
    """What the 公开指南 says, from the profile and dwgk.yaml."""
    p = register.profile
    o = office.of(register)
    channels = [c.name for c in p.channels if audience == "党内" or c.public]
    rule = request_rules.rule_for(p, today) if p.kind != "党务" and request_rules.has_rules(p) else None
    return {"channels": channels, "rule": rule, "contact": o.guide_contact(),
            "review": o.review_text, "court": o.court, "download": o.download}


# ---------------------------------------------------------------- the search index

def search_index(items: list[Listed]) -> Iterator[bytes]:
    """``window.DWGK_INDEX``: one row per item (url, title, 索引号, 文号, 发布日期, 主题分类, text),
    a row at a time (for 50,000 items the file is hundreds of MB)."""
    yield b"window.DWGK_INDEX=["
    for n, x in enumerate(items):
        row = [x.url, x.item.title, x.item.index_no, x.item.doc_number, x.published.isoformat(), x.category,
               " ".join(x.item.content.split())[:SEARCH_TEXT]]
        text = ("," if n else "") + json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        # a JSON string may hold U+2028/U+2029, which older JavaScript reads as line ends
        yield text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")
    yield b"];\n"


# ---------------------------------------------------------------- annual reports

def annual_reports(register: Register, shown: View, renderer: Renderer, today: date,
                   locate: Callable) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(year, title, html) of each annual report reports/<year>.yaml marks published, and notes
    for those that cannot be built yet."""
    out, notes = [], []
    for year in sorted(register.annual, reverse=True):
        data = register.annual[year]
        if not isinstance(data, Mapping) or not data.get("published"):
            continue
        try:
            if register.profile.kind == "党务":
                doc = reports.annual_party_document(register, year, today, locate=locate,
                                                    audience=shown.audience, shown_to=shown)
            else:
                doc = gov_report.annual_gov_document(register, year, today, locate=locate, shown_to=shown)
        except (Refused, CannotRun) as e:
            notes.append(f"{year} 年度报告未收入专栏：{e.message}")
            continue
        out.append((year, doc.title, render_document(renderer, doc, "html")))
    return out, notes


# ---------------------------------------------------------------- attachments

def published_attachments(register: Register, item: Item, put: Callable[[str, bytes], None],
                          notes: list[str]) -> list[tuple[str, str, str]]:
    """(name, url, size) of each attachment that goes out with ``item``, its bytes ``put`` in
    the site — only the bytes approval covered (their SHA-256 checked). A 部分公开 item's
    attachments stay out: only its text was redacted."""
    if not item.attachments:
        return []
    if wf.redactions(register.profile, item):
        notes.append(f"事项 {item.id} 为部分公开，其附件未随专栏发布（删除处理只针对正文）；"
                     "需要公开的，把删除处理后的附件作为新版本提交审核。")
        return []
    out = []
    for a in item.attachments:
        data = attachments.read(register.root, item, a) if a.sha256 else None
        if not isinstance(data, bytes):
            why = "只登记了名称，没有文件" if data is None else "文件缺失或与登记的摘要不符（dwgk check 报告 I046/I047）"
            notes.append(f"事项 {item.id} 的附件《{a.shown}》未随专栏发布：{why}。")
            continue
        put(f"files/{item.id}/{a.file}", data)
        out.append((a.shown, f"files/{item.id}/{quote(a.file)}", a.size_text))
    return out


# ---------------------------------------------------------------- nothing from outside the folder

# A register may override the site's templates (sandboxed Jinja: no Python, but any HTML). Every
# page is checked before anything is written: no tag but a link <a> may load from outside the
# site's folder (a scheme, an absolute path, or ../ above the root), no style may either, no
# <base>, no redirect, and the only scripts are the site's own. Text cannot trip this:
# autoescape has turned its "<" into "&lt;".
_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ATTR = re.compile(r"""\b(src|href|srcset|data|poster|action|formaction|background|xlink:href)\s*=\s*"""
                   r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)([^"')\s;]*)""", re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_OWN_SCRIPT = re.compile(r'<script src="(?:\.\./)*assets/(?:index|search)\.js"></script>')


def _outside(page: str, url: str) -> bool:
    """Would ``url``, on the page at ``page`` (relative to the root), load from outside the site?"""
    url = url.strip()
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]", url):
        return True
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("#")[0].split("?")[0])) \
        .startswith("..")


def reaches_out(page: str, html: str) -> str | None:
    """The first piece of ``html`` (the page at ``page``) that would load something from
    outside the site's folder, or None."""
    for css in _STYLE.findall(html):
        if any(_outside(page, u) for u in _URL.findall(css)):
            return "<style> 中的 url()/@import"
    for m in _TAG.finditer(html):
        tag, name = m.group(0), m.group(1).lower()
        if name == "script" and not _OWN_SCRIPT.match(html, m.start()):
            return tag[:80]
        if name == "base" or (name == "meta" and "refresh" in tag.lower()):
            return tag[:80]
        if name == "a":
            continue
        urls = [v for a in _ATTR.finditer(tag) for v in _values(a)] + _URL.findall(tag)
        if any(_outside(page, u) for u in urls if u.strip()):
            return tag[:80]
    return None


def _values(m: re.Match) -> list[str]:
    value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
    if m.group(1).lower() == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def own_templates(root: str) -> bool:
    """Does the register override any template (anything in templates/ but dwgk init's .gitkeep)?"""
    folder = Path(root) / "templates"
    return folder.is_dir() and any(p.name != ".gitkeep" for p in folder.rglob("*") if not p.is_dir())


def guard_page(rel: str, data: bytes) -> None:
    """Refuse (T061) a page that would load anything from outside the site's folder."""
    if rel.endswith(".html") and (found := reaches_out(rel, data.decode("utf-8"))):
        raise CannotRun(f"专栏页面 {rel} 会从专栏以外加载内容：{found}",
                        hint="专栏的页面只能引用专栏目录中的文件（链接 <a> 除外）。改正或删除登记簿 templates/ 中"
                             "生成该页面的模板（site/ 下的，或年度报告的），用 git log -p 查明是谁提交的。",
                        code="T061")


# ---------------------------------------------------------------- the whole site

def build(register: Register, shown: View, renderer: Renderer, today: date, locate: Callable,
          write: Callable[[str, bytes], None], advance: Callable[[int], None] = lambda i: None
          ) -> tuple[list[str], list[str]]:
    """Every file of the site, each handed to ``write`` (path relative to the site's root,
    bytes) as soon as it is made — a register's pages are never all in memory at once; the
    paths written, sorted, and notes for the terminal. The marker file (``MARK``) comes last.
    With the register's own templates each page is checked before it is written (T061)."""
    items = listed(register, shown)
    by_id = {x.item.id: x for x in items}
    full = {i.id: i for i in shown.items}  # for the code, not the templates
    title = site_title(register, shown.audience)
    base = {"site_title": title, "org": register.config.org, "audience": shown.audience}
    paths: set[str] = set()  # a path written twice (two files with one ID) is one file
    guarded = own_templates(register.root)  # the shipped templates' pages are checked by the tests

    def put(path: str, data: bytes | Iterator[bytes]) -> None:  # an iterator: a file written piece by piece
        if guarded and isinstance(data, bytes):
            guard_page(path, data)
        write(path, data)
        paths.add(path)

    def page(path: str, template: str, **ctx) -> None:
        root = "../" * path.count("/")
        put(path, renderer.render(f"site/{template}", {**base, "root": root, **ctx}).encode("utf-8"))

    interpretations: dict[str, list[Listed]] = {}
    for x in items:
        target = full[x.item.id].interprets
        if target in by_id:
            interpretations.setdefault(target, []).append(x)
    notes: list[str] = []
    for n, x in enumerate(items, 1):
        item = full[x.item.id]
        attached = published_attachments(register, item, put, notes)
        page(x.url, "item.html", page_title=x.item.title, x=x, meta=metadata(register, x, shown.audience),
             paragraphs=paragraphs(x.item.content) or [x.item.content], attachments=attached,
             interprets=by_id.get(item.interprets), interpretations=interpretations.get(item.id, []))
        advance(n)
    years, more = annual_reports(register, shown, renderer, today, locate)
    notes += more
    back = renderer.render("site/_back.html", {**base, "root": "../"}) if years else ""
    for year, _, html in years:  # the printed document, with the site's way back above it
        put(f"reports/{year}.html", _BODY.sub(lambda m: m.group(0) + "\n" + back, html, count=1).encode("utf-8"))
    nodes = tree(shown.entries, items)
    page("index.html", "index.html", page_title="首页", latest=items[:LATEST], count=len(items), nodes=nodes,
         years=years)
    page("catalogue.html", "catalogue.html", page_title="公开目录", nodes=nodes, count=len(items))
    page("guide.html", "guide.html", page_title="公开指南", g=guide(register, shown.audience, today),
         kind=register.profile.kind, years=years)
    page("reports.html", "reports.html", page_title="年度报告", years=years)
    page("search.html", "search.html", page_title="检索")
    put("assets/index.js", search_index(items))
    for name in ASSETS:
        put(f"assets/{name}", (package_dir() / "site" / name).read_bytes())
    written = sorted(paths)
    write(MARK, (mark_text(shown.audience) + MANIFEST + "".join(f"{p}\n" for p in written)).encode("utf-8"))
    return sorted([*written, MARK]), notes  # shown.warnings() are the caller's (public_view says them)


def files(register: Register, shown: View, renderer: Renderer, today: date,
          locate: Callable) -> tuple[dict[str, bytes], list[str]]:
    """``build`` into memory: path → bytes (for a small register)."""
    out: dict[str, bytes] = {}

    def write(path: str, data: bytes | Iterator[bytes]) -> None:
        out[path] = data if isinstance(data, bytes) else b"".join(data)
    _, notes = build(register, shown, renderer, today, locate, write)
    return dict(sorted(out.items())), notes
