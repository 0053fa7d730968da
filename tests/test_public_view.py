"""Public outputs show what was approved, never a later hand edit (issue 12): an item edited
after its approval is named with its approved revision's fields (found in git by its
content_hash), or not at all, with a warning on stderr."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import pytest

from conftest import make_register
from dwgk import public
from dwgk.items import procedure as wf
from dwgk.loader import load

APPROVED, EDITED = "关于为民办实事项目进展的通报", "未经审核的新标题"


def published(run, root) -> str:
    """A 向社会公开 item of a 党务 register, published inside the party first, then to society."""
    r = run("submit", "--entry", "R1", "--title", APPROVED, "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", "--date", "2026-11-02", "--channel", "宣传单", cwd=root)
    assert r.exit_code == 0, r
    item = r.stdout.strip()
    for args in (("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-03"),
                 ("review", item, "--step", "审核", "--result", "同意", "--by", "李四", "--meeting", "党组会",
                  "--participant", "甲", "--participant", "乙", "--date", "2026-11-04"),
                 ("publish", item, "--scope", "党内公开", "--channel", "会议传达", "--by", "赵六", "--date", "2026-11-05"),
                 ("publish", item, "--channel", "宣传单", "--by", "赵六", "--date", "2026-11-06")):
        r = run(*args, cwd=root)
        assert r.exit_code == 0, r
    return item


@pytest.fixture
def party(tmp_path, run):
    root = make_register(tmp_path / "party", run, "s004_shidian")
    return root, published(run, root)


def hand_edit(root, item, old, new, commit=True):
    path = root / "items" / "2026" / f"{item}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if commit:
        subprocess.run(["git", "-C", str(root), "commit", "-qam", "手工修改"], check=True)


def report(run, root, audience, fmt="md"):
    return run("report", "annual", "--year", "2026", "--draft", "--kind", "党务", "--audience", audience,
               "--format", fmt, cwd=root)


@pytest.mark.parametrize("audience", ["社会", "党内"])
def test_an_edit_after_approval_never_reaches_a_public_output(party, run, audience):
    root, item = party
    assert APPROVED in report(run, root, audience).stdout
    hand_edit(root, item, f"title: {APPROVED}", f"title: {EDITED}")
    check = run("check", cwd=root)
    assert "W057" in check.stderr  # check still says what happened
    for fmt in ("md", "html", "json"):
        r = report(run, root, audience, fmt)
        assert r.exit_code == 0, r
        assert EDITED not in r.stdout and APPROVED in r.stdout, (fmt, r)
        assert f"事项 {item} 在审批后被改动" in r.stderr and "按审批时的内容列出" in r.stderr, r
    data = json.loads(report(run, root, audience, "json").stdout)
    assert [i["title"] for i in data["items"]] == [APPROVED]


def test_an_uncommitted_edit_is_not_shown_either(party, run):
    root, item = party
    hand_edit(root, item, "content: 正文", "content: 改过的正文", commit=False)
    hand_edit(root, item, f"title: {APPROVED}", f"title: {EDITED}", commit=False)
    r = report(run, root, "社会")
    assert r.exit_code == 0 and EDITED not in r.stdout and APPROVED in r.stdout, r


def test_without_the_approved_revision_the_item_is_left_out(party, run):
    root, item = party
    hand_edit(root, item, f"title: {APPROVED}", f"title: {EDITED}")
    shutil.rmtree(root / ".git")  # a copy without its history
    r = report(run, root, "社会")
    assert r.exit_code == 0, r
    assert EDITED not in r.stdout and APPROVED not in r.stdout
    assert "找不到审批时的版本" in r.stderr and "不列出该事项" in r.stderr, r


def test_the_view_applies_the_rules_to_the_approved_revision(party, run):
    """A hand edit cannot widen an item's audience: the approved scope decides."""
    root, item = party
    reg = load(root)
    current = reg.item(item)
    inner = dataclasses.replace(current, scope="党内公开")
    # pretend the approved revision was 党内公开 and the file now says 向社会公开
    assert public.as_approved(current, inner).scope == "党内公开"
    assert wf.item_hash(inner) != wf.item_hash(current)
    hist = tuple(dataclasses.replace(e, content_hash=wf.item_hash(inner)) if e.content_hash else e
                 for e in current.history)
    edited = dataclasses.replace(current, history=hist)
    reg2 = dataclasses.replace(reg, records={**reg.records, "items": (edited,)})
    assert [i for i in reg2.items if not wf.approved_unchanged(i)] == [edited]  # changed after approval
    assert public.view(reg2, "社会", {item: inner}).items == ()
    assert [i.scope for i in public.view(reg2, "党内", {item: inner}).items] == ["党内公开"]
    assert public.view(reg2, "社会").left_out == (edited,)  # no revision given: not shown
    asked = []
    assert [i.scope for i in public.view(reg2, "党内", lambda i: asked.append(i) or inner).items] == ["党内公开"]
    assert asked == [edited]  # a function is asked only for the items changed after approval
    assert public.public_items(reg2) == ()


def test_the_approved_revision_is_found_by_its_hash(party, run):
    root, item = party
    reg = load(root)
    current = reg.item(item)
    text = (root / current.path).read_text(encoding="utf-8")
    edited_text = text.replace(f"title: {APPROVED}", f"title: {EDITED}")
    (root / current.path).write_text(edited_text, encoding="utf-8")
    edited = load(root).item(item)
    assert public.approved_revision(edited, ["not: [yaml", edited_text, text]).title == APPROVED
    assert public.approved_revision(edited, [edited_text]) is None
