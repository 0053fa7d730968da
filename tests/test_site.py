"""The reading room (dwgk site build, issue 13): what a built site holds, that the same register
gives the same bytes, that a build never overwrites what is not an earlier site, and — over
random registers — that nothing an audience may not see reaches any file of its site."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import sealed, snapshot
from dwgk import public, reports, site
from dwgk.items.model import Item, ItemEvent
from dwgk.model import Config, Entry, Register
from dwgk.profile import load_profile
from dwgk.render import Renderer, render_document
from dwgk.vocab import SCOPE_PUBLIC, SCOPES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ID_NUMBER = "11010519491231002X"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def submit(run, reg, title, content, scope="向社会公开", entry="Z02", *extra):
    r = run("submit", "--entry", entry, "--title", title, "--scope", scope, "--content", content,
            "--by", "张三", "--date", "2026-11-02", *extra, cwd=reg)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def through(run, reg, iid, secrecy="可以公开", *redact, channel="政府网站"):
    extra = [a for p in redact for a in ("--redact", p)] + (["--exemption", "个人隐私"] if redact else [])
    r = run("review", iid, "--step", "保密审查", "--result", secrecy, *extra, "--by", "李四", "--date", "2026-11-03",
            cwd=reg)
    assert r.exit_code == 0, r
    for step in ("审核", "审批"):
        assert run("review", iid, "--step", step, "--result", "同意", "--by", "王五", "--date", "2026-11-04",
                   cwd=reg).exit_code == 0
    r = run("publish", iid, "--channel", channel, "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 0, r


@pytest.fixture
def built(run, reg, tmp_path):
    """A register with a public item (redacted), its 政策解读, a 党内 item and an unpublished one."""
    doc = submit(run, reg, "关于加强科研经费管理的通知", f"各单位：经费管理人员张三（身份证 {ID_NUMBER}）负责。\n特此通知。",
                 "向社会公开", "Z02", "--doc-number", "东科发〔2026〕3号", "--doc-date", "2026-10-30")
    through(run, reg, doc, "部分公开", f"（身份证 {ID_NUMBER}）")
    expl = submit(run, reg, "《关于加强科研经费管理的通知》政策解读", "解读正文：经费管理的三个要点。", "向社会公开", "Z02",
                  "--interprets", doc)
    through(run, reg, expl)
    inner = submit(run, reg, "党内学习安排", "党内学习正文内容。", "党内公开", "Z02", "--channel", "书面告知")
    through(run, reg, inner, channel="书面告知")
    draft = submit(run, reg, "尚未审核的草稿", "草稿正文内容。", "向社会公开", "Z02")
    out = tmp_path / "专栏"
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0, r
    return reg, out, {"doc": doc, "expl": expl, "inner": inner, "draft": draft}


def test_the_site_holds_the_public_items_with_their_metadata_and_public_text(built):
    reg, out, ids = built
    files = tree_bytes(out)
    assert {"index.html", "guide.html", "catalogue.html", "search.html", "reports.html", "assets/site.css",
            "assets/search.js", "assets/index.js", site.MARK} <= set(files)
    assert set(p for p in files if p.startswith("items/")) == {f"items/{ids['doc']}.html", f"items/{ids['expl']}.html"}
    page = files[f"items/{ids['doc']}.html"].decode()
    assert '<html lang="zh-CN">' in page
    for label in ("索引号", "主题分类", "发布机构", "成文日期", "发布日期", "文号", "有效性", "公开方式"):
        assert f"<th scope=\"row\">{label}</th>" in page
    assert "东科发〔2026〕3号" in page and "2026-10-30" in page and "2026-11-06" in page and "测试局" in page
    assert "（此处依法删除 24 字）" in page
    # the 政策解读 and its document are linked both ways
    assert f'href="../items/{ids["expl"]}.html"' in page
    assert f'href="../items/{ids["doc"]}.html"' in files[f"items/{ids['expl']}.html"].decode()
    # the catalogue reaches every item page
    cat = files["catalogue.html"].decode()
    assert all(f'href="items/{i}.html"' in cat for i in (ids["doc"], ids["expl"]))


def test_nothing_members_only_unapproved_or_redacted_is_anywhere_in_the_public_site(built):
    reg, out, ids = built
    everything = b"".join(tree_bytes(out).values()).decode()
    for text in (ID_NUMBER, "党内学习", "尚未审核的草稿", "草稿正文", ids["inner"], ids["draft"]):
        assert text not in everything


def test_the_members_site_adds_the_inner_item_only(built, run, tmp_path):
    reg, _, ids = built
    out = tmp_path / "党内"
    assert run("site", "build", out, "--audience", "党内", cwd=reg).exit_code == 0
    pages = {p.name for p in (out / "items").iterdir()}
    assert pages == {f"{ids[k]}.html" for k in ("doc", "expl", "inner")}
    everything = b"".join(tree_bytes(out).values()).decode()
    assert ID_NUMBER not in everything and "尚未审核的草稿" not in everything
    assert "（党内）" in (out / "index.html").read_text(encoding="utf-8")
    inner = (out / "items" / f"{ids['inner']}.html").read_text(encoding="utf-8")
    assert '<th scope="row">公开范围</th><td>党内公开</td>' in inner  # members see which items are theirs only
    public = (out / "items" / f"{ids['doc']}.html").read_text(encoding="utf-8")
    assert '<th scope="row">公开范围</th><td>向社会公开</td>' in public
    assert "公开范围" not in (built[1] / "items" / f"{ids['doc']}.html").read_text(encoding="utf-8")


def test_the_same_register_gives_the_same_bytes_and_a_rebuild_drops_what_is_gone(built, run):
    reg, out, ids = built
    first = tree_bytes(out)
    (out / "items" / "旧页面.html").write_text("old", encoding="utf-8")  # as if an earlier build wrote it
    with open(out / site.MARK, "a", encoding="utf-8") as mark:
        mark.write("items/旧页面.html\n")
    assert run("site", "build", out, cwd=reg).exit_code == 0
    assert tree_bytes(out) == first
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".专栏")]  # no temp folder left


def test_the_search_index_holds_public_texts_only(built):
    _, out, ids = built
    index = (out / "assets" / "index.js").read_text(encoding="utf-8")
    assert index.startswith("window.DWGK_INDEX=") and "关于加强科研经费管理的通知" in index
    assert ID_NUMBER not in index and "党内学习" not in index


def test_the_search_index_written_a_row_at_a_time_is_one_json_array(built):
    """Streamed a row at a time (50,000 items make hundreds of MB), it is still the one array
    ``json.loads`` reads, with U+2028/U+2029 escaped."""
    import json
    _, out, _ = built
    index = (out / "assets" / "index.js").read_text(encoding="utf-8")
    assert index.endswith(";\n")
    rows = json.loads(index.removeprefix("window.DWGK_INDEX=")[:-2])
    assert len(rows) == 2 and all(len(r) == 7 for r in rows)
    x = site.Listed(site.Shown("a", "一\u2028二", "正文", "", "", None, "", ""), "items/a.html", date(2026, 1, 1), "c",
                    None)
    text = b"".join(site.search_index([x, x])).decode("utf-8")
    assert "\u2028" not in text and json.loads(text.removeprefix("window.DWGK_INDEX=")[:-2])[1][1] == "一\u2028二"


@pytest.mark.parametrize("where", ["clerk", "register", "items", "file"])
def test_a_folder_that_is_not_an_earlier_site_is_never_overwritten(built, run, tmp_path, where):
    reg, _, _ = built
    if where == "clerk":
        target = tmp_path / "mine"
        target.mkdir()
        (target / "重要.docx").write_bytes(b"x")
    elif where == "register":
        target = reg
    elif where == "items":
        target = reg / "items" / "site"
    else:
        target = tmp_path / "a-file"
        target.write_text("x")
    before, outside = snapshot(reg), tree_bytes(tmp_path) if where != "register" else None
    r = run("site", "build", target, cwd=reg)
    assert r.exit_code != 0 and "T060" in r.stderr, r
    assert "Traceback" not in r.stderr
    assert snapshot(reg) == before
    if outside is not None:
        assert tree_bytes(tmp_path) == outside


def test_the_guide_says_how_to_apply_and_whom_to_contact(run, reg, tmp_path):
    cfg = reg / "dwgk.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "remedies: {review: [东林市人民政府], court: 东林市东城区人民法院}\n"
                   "guide: {office: 东林市科学技术局办公室, hours: 工作日 9:00-17:00, phone: 0000-8123456}\n",
                   encoding="utf-8")
    out = tmp_path / "s"
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0, r
    g = (out / "guide.html").read_text(encoding="utf-8")
    assert "第二十九条" in g and "20 个工作日内答复" in g
    assert "向东林市人民政府申请行政复议" in g and "向东林市东城区人民法院提起行政诉讼" in g
    assert "工作日 9:00-17:00" in g and "<th scope=\"row\">办公时间</th>" in g


def test_a_bad_guide_is_named_with_its_line(run, reg, tmp_path):
    cfg = reg / "dwgk.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "guide:\n  hours: [上午, 下午]\n", encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code != 0 and "C026" in r.stdout + r.stderr and "dwgk.yaml" in r.stdout + r.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "dwgk.yaml").exists()))
def test_every_example_builds_for_both_audiences(name, run, tmp_path):
    root = EXAMPLES / name
    for audience in ("社会", "党内"):
        out = tmp_path / audience
        r = run("site", "build", out, "--audience", audience, cwd=root)
        assert r.exit_code == 0, r
        files = tree_bytes(out)
        for rel, data in files.items():  # the shipped templates load nothing from outside (checked only for overrides)
            site.guard_page(rel, data)
        reg = public.view(load_example(root), audience)
        assert {p for p in files if p.startswith("items/")} == {f"items/{i.id}.html" for i in reg.items}
        for rel, data in files.items():  # every link of every page leads to a file of the site
            if rel.endswith(".html"):
                for href in re.findall(r'(?:href|src)="([^"#?]+)', data.decode()):
                    assert not re.match(r"[a-z]+:", href), (rel, href)
                    assert (out / rel).parent.joinpath(href).resolve().is_file(), (rel, href)
        for rel in (p for p in files if p.startswith("reports/")):  # a report leads back to the site
            assert 'href="../reports.html"' in files[rel].decode(), rel


def load_example(root: Path):
    from dwgk.asof import as_of
    from dwgk.loader import load
    from conftest import TODAY
    return as_of(load(root), date.fromisoformat(TODAY))


# ================================================================ no leak, over random registers

PROFILE = load_profile("national")
ENTRIES = tuple(Entry(code=f"Z{i:02d}", category=(f"类别{i % 3}",), name=f"目录条目{i}", scope=s)
                for i, s in enumerate(SCOPES * 2))
CHANNELS = ("政府网站", "书面告知")  # one reaches society, one does not


@st.composite
def register_items(draw, n):
    """Items with random scopes, stages, secrecy results, redactions, withholdings and
    corrections. Every text is unique to its item and its part, so a leak can be named."""
    out = []
    for i in range(n):
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
        scope = draw(st.sampled_from(SCOPES))
        secrecy = draw(st.sampled_from([None, "可以公开", "部分公开", "不予公开", "提请审定"]))
        redacted = f"删去段落{i:03d}号"
        content = f"公开正文{i:03d}号，{redacted}，结束。"
        events = [ItemEvent("submit", day, "甲")]
        if draw(st.booleans()):  # corrected: the old revision's text must never show
            events.append(ItemEvent("revise", day, "甲", kind="更正",
                                    previous={"content": f"旧版正文{i:03d}号", "title": f"旧版标题{i:03d}号"}))
        if secrecy:
            events.append(ItemEvent("review", day, "乙", step="保密审查", result=secrecy,
                                    exemption="个人隐私" if secrecy in ("部分公开", "不予公开") else "",
                                    redact=(redacted,) if secrecy == "部分公开" else ()))
        if draw(st.booleans()):
            events += [ItemEvent("review", day, "丙", step="审核", result="同意"),
                       ItemEvent("review", day, "丁", step="审批", result="同意")]
        events += [ItemEvent("publish", day, "戊", scope=s, channel=c, index_no=f"IDX-{i:03d}")
                   for s, c in draw(st.lists(st.tuples(st.sampled_from(SCOPES), st.sampled_from(CHANNELS)),
                                             max_size=2))]
        if draw(st.booleans()):
            events.append(ItemEvent("withhold", day, "戊", reasons="r", basis="b"))
        events = [dataclasses.replace(e, index=k) for k, e in enumerate(events)]
        item = Item(id=f"GK-2025-{i:06x}", title=f"事项标题{i:03d}号", content=content,
                    entry=draw(st.sampled_from([e.code for e in ENTRIES])), scope=scope,
                    channels=("政府网站",), department="办公室", proposer="甲", history=tuple(events),
                    interprets=f"GK-2025-{draw(st.integers(0, n - 1)):06x}" if draw(st.booleans()) else "")
        out.append(sealed(item))
    return out


def oracle(it: Item, audience: str) -> bool:
    """Written apart from dwgk.public: the scope reaches the audience, the secrecy review of the
    current revision passed, it was published to the audience in that revision (向社会公开 counts
    only through a channel that reaches society), and it was not withheld."""
    start = max([k for k, e in enumerate(it.history) if e.action == "revise"], default=0)
    current = it.history[start:]
    scopes = (SCOPE_PUBLIC,) if audience == "社会" else ("党内公开", SCOPE_PUBLIC)
    secrecy = [e for e in current if e.action == "review" and e.step == "保密审查"]
    return (it.scope in scopes and bool(secrecy) and secrecy[-1].result in ("可以公开", "部分公开")
            and any(e.action == "publish" and e.scope in scopes
                    and (e.scope != SCOPE_PUBLIC or e.channel == "政府网站") for e in current)
            and not any(e.action == "withhold" for e in current))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(register_items(10), st.sampled_from(["社会", "党内"]))
def test_no_text_an_audience_may_not_see_reaches_any_file_of_its_site(its, audience):
    reg = Register(root="/x", config=Config(org="测试局"), profile=PROFILE, catalogue=ENTRIES,
                   records={"items": tuple(its)})
    shown = public.view(reg, audience)
    renderer = Renderer(None)
    files, _ = site.files(reg, shown, renderer, date(2026, 1, 10), lambda *a: (0, 0))
    visible = {i.id for i in its if oracle(i, audience)}
    assert {p for p in files if p.startswith("items/")} == {f"items/{i}.html" for i in visible}
    outputs = {p: b.decode() for p, b in files.items()}
    if audience == "社会":  # the public catalogue is a public output too
        doc = reports.catalogue_document(reg, "社会", date(2026, 1, 10))
        outputs["catalogue.md"] = render_document(renderer, doc, "md")
    for name, text in outputs.items():
        for it in its:
            n = it.id[-3:]
            assert f"旧版正文{int(n, 16):03d}号" not in text and f"旧版标题{int(n, 16):03d}号" not in text, name
            assert f"删去段落{int(n, 16):03d}号" not in text or not _redacted(it), name
            if it.id not in visible:
                assert it.title not in text and it.content[:8] not in text and it.id not in text, (name, it.id)
        if audience == "社会":
            for e in ENTRIES:
                if e.scope != SCOPE_PUBLIC:
                    assert e.name not in text, (name, e.name)


def _redacted(it: Item) -> bool:
    start = max([k for k, e in enumerate(it.history) if e.action == "revise"], default=0)
    return any(e.redact for e in it.history[start:] if e.action == "review")


def test_an_item_edited_after_approval_shows_as_approved(built, run, tmp_path):
    import subprocess
    reg, _, ids = built
    path = next(reg.glob(f"items/*/{ids['expl']}.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("三个要点", "四个要点（批后私改）"), encoding="utf-8")
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "手工修改"], check=True)
    out = tmp_path / "again"
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0 and "W057" in r.stderr, r
    everything = b"".join(tree_bytes(out).values()).decode()
    assert "批后私改" not in everything and "经费管理的三个要点" in everything


def test_markup_in_a_title_or_text_is_shown_as_text(run, reg, tmp_path):
    title = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    iid = submit(run, reg, title, "正文</script><b>粗</b>")
    through(run, reg, iid)
    out = tmp_path / "s"
    assert run("site", "build", out, cwd=reg).exit_code == 0
    for rel, data in tree_bytes(out).items():
        text = data.decode()
        if rel.endswith(".html"):
            assert "<script>alert" not in text and "<img src=x" not in text and "<b>粗" not in text, rel
    page = (out / "items" / f"{iid}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;粗&lt;/b&gt;" in page


def test_a_register_template_that_loads_from_outside_is_refused(built, run, tmp_path):
    reg, out, _ = built
    before_site = tree_bytes(out)
    override = reg / "templates" / "site" / "item.html"
    override.parent.mkdir(parents=True)
    shipped = (Path(__file__).resolve().parent.parent / "templates" / "site" / "item.html").read_text(encoding="utf-8")
    for bad in ('<img alt=">" src="https://tracker.example/p.gif">', '<script>fetch("//x.example")</script>',
                '<div style="background:url(http://x.example/b.png)"></div>', '<img src="../../../secret.png">'):
        override.write_text(shipped.replace("</article>", bad + "</article>"), encoding="utf-8")
        r = run("site", "build", out, cwd=reg)
        assert r.exit_code != 0 and "T061" in r.stderr and "Traceback" not in r.stderr, (bad, r)
        assert tree_bytes(out) == before_site  # the earlier site is untouched
        assert not list(out.parent.glob(".dwgk-site-*"))  # and the pages written before the refusal are gone
    # a link to the office's portal only navigates: allowed
    override.write_text(shipped.replace("</article>", '<a href="https://www.gov.cn/">中国政府网</a></article>'),
                        encoding="utf-8")
    assert run("site", "build", out, cwd=reg).exit_code == 0
    assert 'href="https://www.gov.cn/"' in next((out / "items").iterdir()).read_text(encoding="utf-8")


def test_a_redacted_passage_in_the_title_is_removed_there_too(run, reg, tmp_path):
    iid = submit(run, reg, "录用人员名单（张三）", "录用人员：张三，李四。")
    through(run, reg, iid, "部分公开", "张三")
    out = tmp_path / "s"
    assert run("site", "build", out, cwd=reg).exit_code == 0
    everything = b"".join(tree_bytes(out).values()).decode()
    assert "张三" not in everything and "录用人员名单（（此处依法删除 2 字））" in everything


def test_one_folder_keeps_one_audience_and_odd_targets_are_refused(built, run, tmp_path):
    reg, out, _ = built
    before = tree_bytes(out)
    r = run("site", "build", out, "--audience", "党内", cwd=reg)
    assert r.exit_code != 0 and "T060" in r.stderr and tree_bytes(out) == before
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere" / "site")
    r = run("site", "build", dangling, cwd=reg)
    assert r.exit_code != 0 and "T060" in r.stderr and not (tmp_path / "nowhere").exists()
    long = tmp_path / ("长" * 80)  # 240 bytes: a name beside it may not be longer
    r = run("site", "build", long, cwd=reg)
    assert r.exit_code == 0 and "内部错误" not in r.stderr, r
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dwgk-site-")]


def test_a_register_template_gets_only_what_a_page_shows(built, run, tmp_path):
    """The site audit's leak #2: a register's own item.html printing everything it is given
    (the item's history would hold the 部分公开 decision with its redacted passage)."""
    reg, _, ids = built
    override = reg / "templates" / "site" / "item.html"
    override.parent.mkdir(parents=True)
    out = tmp_path / "own"
    for asked in ("x.item.history", "x.item.interprets"):  # not there: a template error, nothing written
        override.write_text("{{ %s }}" % asked, encoding="utf-8")
        r = run("site", "build", out, cwd=reg)
        assert r.exit_code != 0 and "[T003]" in r.stderr and not out.exists(), r
    override.write_text("{{ x }} {{ x.item }} {{ meta }} {{ interprets }} {{ interpretations }} {{ attachments }}"
                        " {{ x.entry }}", encoding="utf-8")
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0, r
    page = (out / "items" / f"{ids['doc']}.html").read_text(encoding="utf-8")
    assert "（此处依法删除 24 字）" in page  # the template did print what it was given
    everything = b"".join(tree_bytes(out).values()).decode()
    for text in (ID_NUMBER, ids["inner"], ids["draft"], "李四", "王五"):  # nor who decided what
        assert text not in everything, text


def test_a_file_added_to_an_earlier_site_is_never_removed_by_a_rebuild(built, run):
    """The site audit's finding #3: the folder was replaced whole, a person's own files with it."""
    reg, out, _ = built
    assert "index.html\n" in (out / site.MARK).read_text(encoding="utf-8")  # the build lists its files
    (out / "items" / "说明.txt").write_text("办公室自己放的说明", encoding="utf-8")
    before = tree_bytes(out)
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code != 0 and "[T060]" in r.stderr and "items/说明.txt" in r.stderr, r
    assert tree_bytes(out) == before
    (out / "items" / "说明.txt").unlink()
    (out / "index.html").write_text("edited", encoding="utf-8")  # a generated page may be edited: rebuilt
    assert run("site", "build", out, cwd=reg).exit_code == 0
    assert (out / "index.html").read_text(encoding="utf-8") != "edited"


def test_an_added_folder_or_an_earlier_site_without_a_list_is_not_replaced(built, run):
    reg, out, _ = built
    (out / "我的文件夹").mkdir()
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code != 0 and "[T060]" in r.stderr and "我的文件夹/" in r.stderr, r
    (out / "我的文件夹").rmdir()
    mark = out / site.MARK
    mark.write_text(site.mark_text("社会"), encoding="utf-8")  # as an earlier version wrote it
    before = tree_bytes(out)
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code != 0 and "[T060]" in r.stderr and "旧版本" in r.stderr, r
    assert tree_bytes(out) == before


def test_a_folder_a_killed_build_left_behind_is_never_part_of_a_site(built, run, tmp_path):
    """A build killed mid-way (SIGTERM, SIGKILL) leaves its half-written folder; a later build,
    whatever its process number, writes a folder of its own."""
    reg, out, _ = built
    before = tree_bytes(out)
    for pid in range(os.getpid() - 2, os.getpid() + 3):
        left = out.parent / f".dwgk-site-new-{pid}" / "items"
        left.mkdir(parents=True)
        (left / "党内事项.html").write_text("<title>党内</title>", encoding="utf-8")
    assert run("site", "build", out, cwd=reg).exit_code == 0
    assert tree_bytes(out) == before


def test_a_page_written_twice_is_listed_once(built, run, tmp_path):
    """Two files with one ID (a copy, reported by check as I030) give one page, listed once."""
    reg, out, _ = built
    src = next((reg / "items").rglob("*.yaml"))
    twin = reg / "items" / "2020" / src.name
    twin.parent.mkdir(parents=True, exist_ok=True)
    twin.write_bytes(src.read_bytes())
    run("site", "build", out, cwd=reg)
    listed = [line for line in (out / site.MARK).read_text(encoding="utf-8").splitlines() if "/" in line]
    assert listed and len(listed) == len(set(listed))
