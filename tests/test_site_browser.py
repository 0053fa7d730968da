"""The reading room of every example register in a real headless browser (Debian's chromium),
opened from disk as a clerk would open it: the 公开目录 reaches every item page, search finds an item by a word of its
title, and no page asks for anything outside the folder — checked in Chromium's own network log
(a control request proves the log sees what a page asks for)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from test_browser import browser, chromium  # noqa: F401  (the fixture)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONTROL = "http://127.0.0.1:9/dwgk-control.png"  # nothing listens there; the request is what counts

# Put in the site's folder: opens the catalogue, follows each of its links to an item page and
# every other page, and writes what it found into the DOM for --dump-dom.
HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<img src="%s" alt="">
<iframe id="f"></iframe>
<script>
const f = document.getElementById("f");
const res = {links: [], pages: {}};
function load(url) { return new Promise(ok => { f.onload = () => ok(f.contentDocument); f.src = url; }); }
(async () => {
  const cat = await load("catalogue.html");
  res.links = [...cat.querySelectorAll("a[href]")].map(a => a.getAttribute("href"));
  const items = [...new Set(res.links.filter(u => u.startsWith("items/")))];
  for (const p of ["index.html", "guide.html", "reports.html", "search.html?q=%%E7%%A7%%91", ...items]) {
    const d = await load(p);
    res.pages[p] = {title: d.title, h1: (d.querySelector("h1") || {}).textContent || "",
                    lang: d.documentElement.lang};
  }
  const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
})();
</script></body></html>
""" % CONTROL


NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "dwgk.yaml").exists())


@pytest.fixture(scope="module", params=NAMES)
def opened(request, chromium, tmp_path_factory):  # noqa: F811
    """Each example register's 社会 site, built and walked in the browser."""
    from conftest import TODAY
    from typer.testing import CliRunner
    from dwgk.cli.app import app, hoist_globals
    work = tmp_path_factory.mktemp("site")
    root = work / request.param
    shutil.copytree(EXAMPLES / request.param, root)
    site = work / "专栏"
    r = CliRunner().invoke(app, hoist_globals(["--today", TODAY, "-R", str(root), "site", "build", str(site)]),
                           env={"NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    (site / "harness.html").write_text(HARNESS, encoding="utf-8")
    log = work / "net.json"
    run = browser(chromium, work, "--allow-file-access-from-files", f"--log-net-log={log}",
                  "--virtual-time-budget=30000", "--dump-dom", (site / "harness.html").as_uri())
    probe = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout.decode())
    assert probe, run.stderr.decode()[-2000:]
    return site, json.loads(html.unescape(probe.group(1))), log


def test_the_catalogue_reaches_every_item_page(opened):
    site, found, _ = opened
    items = {f"items/{p.name}" for p in (site / "items").iterdir()}
    assert items and {u for u in found["links"] if u.startswith("items/")} == items
    for p in items:
        page = found["pages"][p]
        assert page["lang"] == "zh-CN" and page["h1"] and page["title"].startswith(page["h1"]), p


def test_every_page_opened_in_chinese(opened):
    _, found, _ = opened
    assert all(p["lang"] == "zh-CN" and p["title"] for p in found["pages"].values())


def test_no_page_requests_anything_outside_the_folder(opened):
    _, _, log = opened
    events = json.loads(log.read_text(encoding="utf-8"))["events"]
    # what pages asked for carries their origin (file://); Chromium's own traffic does not
    asked = {e["params"]["url"] for e in events
             if "url" in e.get("params", {}) and e["params"].get("initiator") == "file://"}
    assert asked == {CONTROL}  # the control only: the log saw it, and nothing else went out


def test_search_finds_an_item_by_a_word_of_its_title(opened, chromium, tmp_path):  # noqa: F811
    site, _, _ = opened
    index = json.loads((site / "assets" / "index.js").read_text(encoding="utf-8")
                       .removeprefix("window.DWGK_INDEX=").removesuffix(";\n"))
    url, title = index[-1][0], index[-1][1]
    word = title[-6:-2]
    page = (site / "search.html").as_uri() + "?q=" + word
    dom = browser(chromium, tmp_path, "--virtual-time-budget=10000", "--dump-dom", page).stdout.decode()
    results = re.search(r'<ol id="results" class="list">(.*?)</ol>', dom, re.S).group(1)
    assert f'href="{url}"' in results and html.escape(title, quote=False) in results
    none = browser(chromium, tmp_path, "--virtual-time-budget=10000", "--dump-dom",
                   (site / "search.html").as_uri() + "?q=" + "不存在的词语甲乙").stdout.decode()
    assert "没有找到" in none and "<li>" not in none
