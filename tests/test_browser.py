"""Every HTML document in a real headless browser (Debian's chromium with fonts-noto-cjk):
printed to PDF and screenshotted, as a clerk would print it — with the browser's default
print settings (its own header and footer switched on), so the templates must keep them off.

Asserted: A4 pages (landscape for the catalogues) and their count, page numbers "— N —", no
browser header or footer (date, title, file URL), no table or cell wider than the text block
(156 mm, 243 mm landscape; checked by a script run in the page), the Chinese text present in
the PDF as a reader copies it (PDFium, the engine of Chrome's own viewer), CJK fonts embedded
(not boxes), titles broken only between their parts, no letter whose signature block (落款)
sits alone on a page, a table's header repeated on every page it runs onto, and a merged row
label (（五）不予处理, 三、本年度办理结果, a catalogue's 一级事项) on every page that prints one of
its rows. Skipped only when chromium is
missing on a developer's machine; with ``CI`` set a missing chromium fails the run. Set
``DWGK_SCREENSHOTS=folder`` to keep the PDFs and screenshots for a look.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dwgk.cli.app import app, hoist_globals
from test_render_support import TODAY, gov_register, party_register

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)
A4_PT = (595.28, 841.89)

# One page holding every document in an iframe measures them all in one browser run: what
# sticks out of the 156 mm text block is written into the DOM, which --dump-dom prints.
HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
%s
<script>
function measure(doc) {
  const sheet = doc.querySelector(".sheet");
  const cs = doc.defaultView.getComputedStyle(sheet);
  const r = sheet.getBoundingClientRect();
  const left = r.left + parseFloat(cs.paddingLeft), right = r.right - parseFloat(cs.paddingRight);
  const out = {width_px: right - left, tables: doc.querySelectorAll("table").length, over: [],
               landscape: sheet.classList.contains("landscape")};
  for (const el of sheet.querySelectorAll("table, td, th, p, h1, h2, h3, div, span")) {
    const b = el.getBoundingClientRect();
    if (b.right > right + 1 || b.left < left - 1)
      out.over.push(el.tagName + ": " + el.textContent.trim().slice(0, 30) + " [" + Math.round(b.left - left) + ", " + Math.round(b.right - right) + "]");
    if (["TD", "TH", "TABLE"].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1)
      out.over.push(el.tagName + " content wider than its box: " + el.textContent.trim().slice(0, 30));
  }
  return out;
}
window.addEventListener("load", () => {
  const res = {};
  for (const f of document.querySelectorAll("iframe")) {
    try { res[f.dataset.name] = measure(f.contentDocument); }
    catch (e) { res[f.dataset.name] = {error: String(e)}; }
  }
  const pre = document.createElement("pre");
  pre.id = "dwgk-probe";
  pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI 中必须有 chromium：apt-get install chromium fonts-noto-cjk")
        pytest.skip("没有安装 chromium（apt-get install chromium fonts-noto-cjk）")
    return CHROMIUM


def _flags(profile: Path) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}"]


def browser(exe: str, work: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    profile = work / f"profile-{os.getpid()}-{abs(hash(args)) % 10**8}"
    r = subprocess.run([exe, *_flags(profile), *args], capture_output=True, timeout=timeout)
    shutil.rmtree(profile, ignore_errors=True)
    return r


def cli(args: list[str], cwd: Path) -> str:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        env = {"DWGK_TODAY": TODAY, "NO_COLOR": "1", "DWGK_REGISTER": "", "DWGK_NO_CACHE": "1"}
        r = CliRunner().invoke(app, hoist_globals(args), env=env)
    finally:
        os.chdir(old)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r.stdout


# name → (register, dwgk arguments, expected page count, Chinese text that must be in the PDF)
DOCS = {
    "catalogue-inner": ("gov", ["catalogue", "render", "--audience", "党内"], 2,
                        ["青河市科学技术局政务公开目录", "全文版", "行政规范性文件", "公开依据", "公开层级", "第 2 版"]),
    "catalogue-public": ("party", ["catalogue", "render", "--audience", "社会"], 1,
                         ["党务公开目录", "向社会公开版", "党风廉政建设责任制"]),
    "annual-gov": ("gov", ["report", "annual", "--year", "2025"], 5,
                   ["2025年政府信息公开工作年度报告", "第二十条第（一）项", "本年新收政府信息公开申请数量",
                    "保护第三方合法权益", "结转下年度继续办理", "未经复议直接起诉", "存在的主要问题及改进情况",
                    "（一）主动公开", "（五）监督保障", "青河市科学技术局办公室", "下载"]),
    "annual-party": ("party", ["report", "annual", "--year", "2025"], 4,
                     ["2025年度党务公开情况通报", "公开事项情况", "不予公开情况", "意见反馈及办理情况"]),
    "period": ("party", ["report", "period", "--from", "2025-04-01", "--to", "2025-06-30"], 3,
               ["公开工作情况", "审核审批情况", "按时办理情况"]),
    "form-approval": ("party", ["form", "GK-2025-100005", "--kind", "审批表"], 1,
                      ["党务公开审批表", "防范化解措施", "提前准备解释口径", "郑书记"]),
    "form-approval-blank": ("party", ["form", "GK-2025-100006", "--kind", "审批表"], 1,
                            ["党务公开审批表", "审批意见", "主要负责人"]),
    "form-secrecy": ("party", ["form", "GK-2025-100003", "--kind", "保密审查表"], 1,
                     ["公开信息保密审查表", "工作秘密", "审查人"]),
    "form-risk": ("party", ["form", "GK-2025-100005", "--kind", "风险评估表"], 1,
                  ["公开事项风险评估表", "合法性", "可控性", "风险等级"]),
    "form-web": ("party", ["form", "GK-2025-100001", "--kind", "三审单"], 1,
                 ["信息发布三审单", "初审", "复审", "终审", "冯编辑"]),
    "form-gov-approval": ("gov", ["form", "GK-2025-000004", "--kind", "审批表"], 1,
                          ["政务公开审批表", "科技型企业研发补助资金兑付进展"]),
    "form-reply": ("gov", ["form", "YS-2025-00b002", "--kind", "答复书"], None,  # its 落款 never alone (below)
                   ["政府信息公开申请答复书", "某研究院", "行政复议", "青河市科学技术局"]),
    "form-amend": ("gov", ["form", "YS-2025-00b003", "--kind", "补正告知书"], 1,
                   ["政府信息公开申请补正告知书", "写明所需文件的名称或文号"]),
    # every risk assessment round (高, the adjustment, the new assessment) still on one page
    "form-risk-rounds": ("example:kejiju", ["form", "GK-2025-65a6c0", "--kind", "审批表"], 1,
                         ["党务公开审批表", "第1次评估", "方案调整", "第2次评估"]),
    # s004: the 党组 meeting and its participants, the 预公开 (filled in, and blank lines)
    "form-shidian-prepublished": ("example:shidian", ["form", "GK-2025-f955a6", "--kind", "审批表"], 1,
                                  ["局党组会议", "曹文斌、韩立新、宋敏", "预公开期间", "采纳意见11条"]),
    "form-shidian-blank": ("example:shidian", ["form", "GK-2026-9607d4", "--kind", "审批表"], 1,
                           ["参加人员", "预公开期间", "收到意见"]),
    # s003 signs on its 公文呈批表
    "form-gaoxinqu": ("example:gaoxinqu", ["form", "GK-2025-0283e9", "--kind", "审批表"], 1, ["公文呈批表"]),
}


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LETTERS: list[str] = []  # the 答复书 among DOCS, checked for a 落款 alone on a page
for _ex in sorted(EXAMPLES.glob("*/dwgk.yaml")) if EXAMPLES.is_dir() else []:
    import yaml as _yaml
    _name, _org = _ex.parent.name, str(_yaml.safe_load(_ex.read_text(encoding="utf-8"))["org"])
    _kind = str(_yaml.safe_load((Path(__file__).resolve().parent.parent / "dwgk" / "profiles" /
                                 f"{_yaml.safe_load(_ex.read_text(encoding='utf-8'))['profile']}.yaml")
                                .read_text(encoding="utf-8"))["kind"])
    # every example register: its annual report (complete: no --draft) and both catalogues; a
    # 社会 catalogue is one page, its closing note never alone on the next
    DOCS[f"example-{_name}-annual"] = (f"example:{_name}", ["report", "annual", "--year", "2025"],
                                       None, [_org, "一、总体情况"])
    DOCS[f"example-{_name}-catalogue"] = (f"example:{_name}", ["catalogue", "render", "--audience", "党内"],
                                          None, [_org, "公开目录", "第 1 版"])
    # landscape; a 政务 catalogue in the 基层政务公开标准目录's columns runs onto a second page
    DOCS[f"example-{_name}-catalogue-public"] = (f"example:{_name}", ["catalogue", "render", "--audience", "社会"],
                                                 2 if _kind == "政务" else 1, [_org, "向社会公开版", "共"])
    if _kind == "党政务":
        DOCS[f"example-{_name}-annual-party"] = (f"example:{_name}",
                                                 ["report", "annual", "--year", "2025", "--kind", "党务"],
                                                 None, [_org, "2025年度党务公开情况通报"])
    # every letter of the examples that answer requests under the 2019 and the 2008 rules: the
    # reply (or the notice ending a lapsed request) and every 补正告知书
    if _name in ("national", "shikejiju"):
        for _rq in sorted((_ex.parent / "requests").rglob("YS-*.yaml")):
            _text = _rq.read_text(encoding="utf-8")
            _lapsed = any(code in _text for code in ("逾期不补正", "逾期未缴费"))
            DOCS[f"letter-{_name}-{_rq.stem}"] = (f"example:{_name}", ["form", _rq.stem, "--kind", "答复书"], None,
                                                  ["政府信息公开申请" + ("终止办理告知书" if _lapsed else "答复书"), _org])
            LETTERS.append(f"letter-{_name}-{_rq.stem}")
            if "action: amend\n" in _text:
                DOCS[f"amend-{_name}-{_rq.stem}"] = (f"example:{_name}", ["form", _rq.stem, "--kind", "补正告知书"], 1,
                                                     ["政府信息公开申请补正告知书", _org])
                LETTERS.append(f"amend-{_name}-{_rq.stem}")
LETTERS.append("form-reply")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _contains(text: str, needle: str) -> bool:
    """Is ``needle`` in the text as a reader copies it (line breaks and spaces aside)?"""
    return _norm(needle) in _norm(text)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as Chrome's PDF viewer (PDFium) copies it, lines ending in "\n"."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in doc]
    finally:
        doc.close()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


SCREENSHOTS = ("annual-gov", "form-approval", "catalogue-inner")


@pytest.fixture(scope="module")
def printed(chromium, tmp_path_factory):
    """Render every document; print each to PDF, measure all in one page, screenshot a few."""
    work = tmp_path_factory.mktemp("browser")
    regs = {"gov": gov_register(work / "gov"), "party": party_register(work / "party")}
    for reg, _, _, _ in DOCS.values():
        if reg.startswith("example:"):
            regs[reg] = EXAMPLES / reg.split(":", 1)[1]
    pages = {}
    for name, (reg, args, _, _) in DOCS.items():
        pages[name] = work / f"{name}.html"
        pages[name].write_text(cli(args, regs[reg]), encoding="utf-8")
    harness = work / "harness.html"
    harness.write_text(HARNESS % "\n".join(
        f'<iframe data-name="{n}" src="{p.name}" style="width:1000px;height:1400px"></iframe>'
        for n, p in pages.items()), encoding="utf-8")

    def pdf(name: str):
        out = work / f"{name}.pdf"
        # the browser's default print settings: its header and footer are on unless the page keeps them off
        r = browser(chromium, work, f"--print-to-pdf={out}", pages[name].as_uri())
        return out, r.stderr[-2000:].decode("utf-8", "replace")

    def shot(name: str):
        out = work / f"{name}.png"
        browser(chromium, work, f"--screenshot={out}", "--window-size=1000,1400", "--hide-scrollbars",
                pages[name].as_uri())
        return out

    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = dict(zip(pages, pool.map(pdf, pages)))
        pngs = dict(zip(SCREENSHOTS, pool.map(shot, SCREENSHOTS)))
    r = browser(chromium, work, "--allow-file-access-from-files", "--dump-dom", "--virtual-time-budget=10000",
                harness.as_uri())
    m = re.search(r'<pre id="dwgk-probe">(.*?)</pre>', r.stdout.decode("utf-8"), re.S)
    import html as h
    probes = json.loads(h.unescape(m.group(1))) if m else {}
    results = {name: {"pdf": pdfs[name][0], "stderr": pdfs[name][1], "png": pngs.get(name),
                      "probe": probes.get(name)} for name in pages}
    keep = os.environ.get("DWGK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name, res in results.items():
            for f in (res["pdf"], res["png"], pages[name]):
                if f is not None and f.exists():
                    shutil.copy(f, Path(keep) / f.name)
    return results


@pytest.mark.parametrize("name", list(DOCS))
def test_prints_on_a4_with_the_expected_pages(printed, name):
    from pypdf import PdfReader
    res = printed[name]
    assert res["pdf"].is_file(), res["stderr"]
    reader = PdfReader(str(res["pdf"]))
    expected_pages = DOCS[name][2]
    if expected_pages is not None:
        assert len(reader.pages) == expected_pages, f"{name}: {len(reader.pages)} 页"
    size = A4_PT[::-1] if "catalogue" in name else A4_PT  # the wide catalogues print landscape
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - size[0]) < 2 and abs(h - size[1]) < 2, (name, w, h)
    for i, text in enumerate(page_texts(res["pdf"]), 1):
        assert f"—{i}—" in _norm(text), f"{name} 第 {i} 页没有页码"


@pytest.mark.parametrize("name", list(DOCS))
def test_no_browser_header_or_footer_is_printed(printed, name):
    """Chrome's own header (date, title) and footer (file URL, "1/2") stay off the page."""
    from lxml import html as lh
    title = lh.parse(str(printed[name]["pdf"].with_suffix(".html"))).findtext(".//title")
    for i, text in enumerate(page_texts(printed[name]["pdf"]), 1):
        assert "file:" not in text and not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", text), f"{name} 第 {i} 页：{text[-120:]}"
        assert _norm(text).count(_norm(title)) <= 1, f"{name} 第 {i} 页印上了浏览器的页眉（标题）"
        assert not re.search(r"(?m)^\s*\d+\s*/\s*\d+\s*$", text), f"{name} 第 {i} 页印上了浏览器的页码"


@pytest.mark.parametrize("name", list(DOCS))
def test_chinese_text_is_in_the_pdf_with_cjk_fonts(printed, name):
    from pypdf import PdfReader
    text = "".join(page_texts(printed[name]["pdf"]))
    # copied as written: no Kangxi radical (⽉ ⽇ ⼈ ⺠) in place of the ideograph (月 日 人 民)
    assert not re.search(r"[\u2e80-\u2fdf]", text), f"{name}: 文字层里有部首字符"
    for needle in DOCS[name][3]:
        assert _contains(text, needle), f"{name}: PDF 中没有“{needle}”"
    reader = PdfReader(str(printed[name]["pdf"]))
    fonts = set()
    for page in reader.pages:
        for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            fonts.add(str(f.get("/BaseFont") or (desc.get_object().get("/FontName") if desc else "")))
    # Linux: Noto Serif CJK SC (仿宋/宋体 fall-back), Noto Sans CJK SC (黑体), the bold serif for the title
    assert any("SerifCJK" in f for f in fonts), f"{name}: 没有嵌入中文字体：{fonts}"


@pytest.mark.parametrize("name", list(DOCS))
def test_no_table_overflows_the_text_block(printed, name):
    probe = printed[name]["probe"]
    assert probe is not None and "error" not in probe, probe
    # 156 mm (243 mm landscape) at 96 px per inch
    assert abs(probe["width_px"] - (243 if probe["landscape"] else 156) / 25.4 * 96) < 2
    assert probe["landscape"] == ("catalogue" in name), name
    assert probe["tables"] >= (0 if name.startswith(("form-re", "letter-", "amend-")) or name == "form-amend" else 1)
    assert probe["over"] == [], f"{name}: 超出版心：{probe['over'][:5]}"


def test_screenshots_were_taken(printed):
    for name in SCREENSHOTS:
        res = printed[name]
        assert res["png"].is_file(), (name, res["stderr"])
        assert _png_size(res["png"]) == (1000, 1400)
        assert res["png"].stat().st_size > 20_000, f"{name}: 截图几乎是空白"


@pytest.mark.parametrize("name", LETTERS)
def test_no_letter_has_a_page_holding_only_its_signature_block(printed, name):
    """GB/T 9704: the 落款 stays with the end of the text (never “此页无正文”)."""
    from lxml import html as lh
    page = lh.parse(str(printed[name]["pdf"].with_suffix(".html")))
    closing = [_norm(p.text_content()) for p in page.iterfind(".//div[@class='closing']/p")]
    assert closing, name
    texts = page_texts(printed[name]["pdf"])
    last = _norm(texts[-1])
    for line in closing:
        assert line in last, (name, line)
    rest = re.sub(r"—\d+—", "", last)
    for line in closing:
        rest = rest.replace(line, "", 1)
    assert len(rest) >= 10, f"{name}: 第 {len(texts)} 页只有落款：{texts[-1]!r}"


@pytest.mark.parametrize("name", [n for n in DOCS if "annual" in n or n.startswith("catalogue")])
def test_titles_break_between_words(printed, name):
    """GB/T 9704 7.3.1: a title runs onto its next line between its parts (机关名称 / 年度文种),
    never inside a word such as 党务 or 年度报告."""
    from lxml import html as lh
    h1 = lh.parse(str(printed[name]["pdf"].with_suffix(".html"))).find(".//h1")
    parts = [_norm(span.text_content()) for span in h1.iter("span")]
    assert len(parts) >= 2, name
    full = "".join(parts)
    lines = [_norm(ln) for ln in page_texts(printed[name]["pdf"])[0].split("\n")]
    i = next(i for i, ln in enumerate(lines) if ln and full.startswith(ln))
    title_lines, acc = [], ""
    while acc != full:
        line = lines[i + len(title_lines)]
        assert full.startswith(acc + line), (name, lines[i:i + 4])
        acc += line
        title_lines.append(line)
    # every line ends where a part ends
    ends, pos = set(itertools.accumulate(len(p) for p in parts)), 0
    for line in title_lines:
        pos += len(line)
        assert pos in ends, f"{name}: 标题在词中间换行：{title_lines}"


def _row_texts(tr) -> list[str]:
    return [_norm(c.text_content()) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _groups(table):
    """(label, member rows) for each merged row label of a table: the label of a cell spanning
    several rows, and for each of those rows its first text that is not a number."""
    rows = [tr for sec in table.findall("tbody") for tr in sec.findall("tr")]
    out = []
    for i, tr in enumerate(rows):
        for c in tr:
            span = int(c.get("rowspan") or 1) if isinstance(c.tag, str) else 1
            if span < 2:
                continue
            label = _norm(c.text_content())
            members = []
            for row in rows[i:i + span]:
                texts = [t for t in _row_texts(row) if t != label and not re.fullmatch(r"[\d.√]*", t)]
                if texts:
                    members.append(texts[-1] if texts[0] in (label,) else texts[0])
            out.append((label, [m for m in members if len(m) >= 2]))
    return out


@pytest.mark.parametrize("name", [n for n in DOCS if "catalogue" in n or "annual" in n])
def test_a_merged_row_label_is_on_every_page_that_prints_one_of_its_rows(printed, name):
    """（五）不予处理 and 三、本年度办理结果 (the 政务 report's section 三), a catalogue's 一级事项: a page
    holding one of the group's rows holds its label too — the table breaks only between groups."""
    from lxml import html as lh
    page = lh.parse(str(printed[name]["pdf"].with_suffix(".html")))
    texts = [_norm(t) for t in page_texts(printed[name]["pdf"])]
    checked = 0
    for table in page.iter("table"):
        for label, members in _groups(table):
            for i, text in enumerate(texts, 1):
                shown = [m for m in members if m in text]
                if shown:
                    assert label in text, f"{name} 第 {i} 页有“{shown[0]}”，却没有它的“{label}”"
                    checked += 1
    # section 三 merges 三、本年度办理结果 and （三）…（六）; a catalogue merges each 一级事项 of several entries
    assert checked >= {"annual-gov": 5, "catalogue-inner": 1}.get(name, 0), (name, checked)


@pytest.mark.parametrize("name", [n for n in DOCS if "catalogue" in n or "annual" in n])
def test_a_table_that_runs_onto_another_page_repeats_its_header_there(printed, name):
    from lxml import html as lh
    page = lh.parse(str(printed[name]["pdf"].with_suffix(".html")))
    texts = [_norm(t) for t in page_texts(printed[name]["pdf"])]
    checked = False
    for table in page.iter("table"):
        head = table.find("thead")
        if head is None:
            continue
        key = next((t for t in _row_texts(head.find("tr")) if re.search(r"[\u4e00-\u9fff]{2}", t)), "")
        # a row is found on a page by all its cells' text in a row (Chrome writes a cell's lines together)
        rows = ["".join(_row_texts(r)) for sec in table.findall("tbody") for r in sec.findall("tr")]
        rows = [r for r in rows if len(r) >= 8]
        pages = sorted({i for i, text in enumerate(texts) for r in rows if r in text})
        if len(pages) < 2:
            continue  # the table is printed on one page
        checked = True
        for i in pages:
            assert key in texts[i], f"{name} 第 {i + 1} 页印有表格的行，却没有表头“{key}”"
    if name == "catalogue-inner":
        assert checked  # the wide catalogue does run onto a second page


def test_the_wide_catalogue_runs_onto_a_second_page_with_its_header(printed):
    texts = [_norm(t) for t in page_texts(printed["catalogue-inner"]["pdf"])]
    assert len(texts) == 2 and all("公开内容（要素）" in t and "公开层级" in t for t in texts)


def test_the_report_keeps_its_results_table_whole(printed):
    texts = [_norm(t) for t in page_texts(printed["example-national-annual"]["pdf"])]
    rows = ("一、本年新收政府信息公开申请数量", "（五）不予处理", "1.信访举报投诉类申请", "5.要求行政机关确认或重新出具已获取信息",
            "（七）总计", "四、结转下年度继续办理")
    assert len([t for t in texts if all(r in t for r in rows)]) == 1
