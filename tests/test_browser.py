"""Every HTML document in a real headless browser (Debian's chromium with fonts-noto-cjk):
printed to PDF and screenshotted, as a clerk would print it.

Asserted: A4 pages and their count, page numbers "— N —", no table or cell wider than the
156 mm text block (checked by a script run in the page), the Chinese text present in the PDF,
and CJK fonts embedded (not boxes). Skipped only when chromium is missing on a developer's
machine; with ``CI`` set a missing chromium fails the run. Set ``DWGK_SCREENSHOTS=folder`` to
keep the PDFs and screenshots for a look.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import unicodedata
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
  const out = {width_px: right - left, tables: doc.querySelectorAll("table").length, over: []};
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
        if r.exit_code == 1 and "错误[T021]" in r.stderr:  # an example's reports/<year>.yaml not filled in yet
            r = CliRunner().invoke(app, hoist_globals([*args, "--draft"]), env=env)
    finally:
        os.chdir(old)
    assert r.exit_code == 0, (args, r.stdout, r.stderr)
    return r.stdout


# name → (register, dwgk arguments, expected page count, Chinese text that must be in the PDF)
DOCS = {
    "catalogue-inner": ("gov", ["catalogue", "render", "--audience", "党内"], 2,
                        ["青河市科学技术局政务公开目录", "党内版", "行政规范性文件", "责任部门"]),
    "catalogue-public": ("party", ["catalogue", "render", "--audience", "社会"], 1,
                         ["党务公开目录", "向社会公开版", "党风廉政建设责任制"]),
    "annual-gov": ("gov", ["report", "annual", "--year", "2025"], 4,
                   ["2025年政府信息公开工作年度报告", "第二十条第（一）项", "本年新收政府信息公开申请数量",
                    "保护第三方合法权益", "结转下年度继续办理", "未经复议直接起诉", "存在的主要问题及改进情况"]),
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
    "form-reply": ("gov", ["form", "YS-2025-00b002", "--kind", "答复书"], 1,
                   ["政府信息公开申请答复书", "某研究院", "行政复议", "青河市科学技术局"]),
    "form-amend": ("gov", ["form", "YS-2025-00b003", "--kind", "补正告知书"], 1,
                   ["政府信息公开申请补正告知书", "写明所需文件的名称或文号"]),
}


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
for _ex in sorted(EXAMPLES.glob("*/dwgk.yaml")) if EXAMPLES.is_dir() else []:
    import yaml as _yaml
    _org = str(_yaml.safe_load(_ex.read_text(encoding="utf-8"))["org"])
    # every example register: its annual report and its catalogue (page count not fixed)
    DOCS[f"example-{_ex.parent.name}-annual"] = (f"example:{_ex.parent.name}", ["report", "annual", "--year", "2025"],
                                                 None, [_org, "一、总体情况"])
    DOCS[f"example-{_ex.parent.name}-catalogue"] = (f"example:{_ex.parent.name}",
                                                    ["catalogue", "render", "--audience", "党内"], None, [_org, "公开目录"])


def _norm(text: str) -> str:
    # Noto CJK maps some glyphs to Kangxi radicals (⼯ for 工): NFKC folds those back.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _contains(text: str, needle: str) -> bool:
    """Is ``needle`` in the extracted text? Glyphs shared with a CJK radical may come out as
    a radical of the supplement block (⻘ for 青, ⻔ for 门), which NFKC leaves alone."""
    pattern = "".join(f"(?:{re.escape(c)}|[\u2e80-\u2eff])" for c in _norm(needle))
    return re.search(pattern, _norm(text)) is not None


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
        r = browser(chromium, work, f"--print-to-pdf={out}", "--no-pdf-header-footer", pages[name].as_uri())
        return out, r.stderr[-2000:].decode("utf-8", "replace")

    def shot(name: str):
        out = work / f"{name}.png"
        browser(chromium, work, f"--screenshot={out}", "--window-size=1000,1400", "--hide-scrollbars",
                pages[name].as_uri())
        return out

    with ThreadPoolExecutor(max_workers=2) as pool:
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
    for i, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4_PT[0]) < 2 and abs(h - A4_PT[1]) < 2, (name, w, h)
        text = _norm(page.extract_text())
        assert f"—{i}—" in text, f"{name} 第 {i} 页没有页码"


@pytest.mark.parametrize("name", list(DOCS))
def test_chinese_text_is_in_the_pdf_with_cjk_fonts(printed, name):
    from pypdf import PdfReader
    reader = PdfReader(str(printed[name]["pdf"]))
    text = "".join(p.extract_text() for p in reader.pages)
    for needle in DOCS[name][3]:
        assert _contains(text, needle), f"{name}: PDF 中没有“{needle}”"
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
    # 156 mm at 96 px per inch
    assert abs(probe["width_px"] - 156 / 25.4 * 96) < 2
    assert probe["tables"] >= (0 if name.startswith("form-re") or name == "form-amend" else 1)
    assert probe["over"] == [], f"{name}: 超出版心：{probe['over'][:5]}"


def test_screenshots_were_taken(printed):
    for name in SCREENSHOTS:
        res = printed[name]
        assert res["png"].is_file(), (name, res["stderr"])
        assert _png_size(res["png"]) == (1000, 1400)
        assert res["png"].stat().st_size > 20_000, f"{name}: 截图几乎是空白"
