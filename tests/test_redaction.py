"""部分公开 (issue 13): the public text replaces each redacted passage with a visible marker,
the internal text is unchanged, every public output and the scan read the public text, and a
redaction that cannot be applied is refused with nothing changed."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot
from dwgk import redaction
from dwgk.loader import load
from dwgk.public import view

ID = "11010519491231002X"
CONTENT = f"录用人员：张三（身份证 {ID}），李四。\n张三（身份证 {ID}）任科员。"
PASSAGE = f"（身份证 {ID}）"


def test_each_occurrence_is_replaced_and_overlaps_merge():
    assert redaction.redact("甲乙丙甲乙", ["甲乙"]) == "（此处依法删除 2 字）丙（此处依法删除 2 字）"
    assert redaction.spans("abcdef", ["abc", "cde"]) == [(0, 5)]
    assert redaction.spans("abcdef", ["ab", "cd"]) == [(0, 4)]  # touching: one marker
    assert redaction.redact("abc", []) == "abc"


def test_a_passage_that_would_still_show_is_refused():
    assert redaction.problems("甲乙", ["丙"]) == [("丙", "不在公开内容中")]
    assert redaction.problems("甲乙", [" "]) == [(" ", "是空白")]
    # “删除” is part of the marker's own words: removing it would leave it readable
    assert redaction.problems("依法删除", ["删除"])[0][0] == "删除"
    with pytest.raises(redaction.Unredactable):
        redaction.redact("依法删除", ["删除"])


def approved(run, reg, *redact: str) -> str:
    r = run("submit", "--entry", "Z02", "--title", "录用人员名单", "--scope", "向社会公开", "--content", CONTENT,
            "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 0, r
    iid = r.stdout.strip()
    args = [a for p in redact for a in ("--redact", p)]
    r = run("review", iid, "--step", "保密审查", "--result", "部分公开", "--exemption", "个人隐私", *args,
            "--by", "李四", "--date", "2026-11-03", cwd=reg)
    assert r.exit_code == 0, r
    for step in ("审核", "审批"):
        assert run("review", iid, "--step", step, "--result", "同意", "--by", "李四", "--date", "2026-11-04",
                   cwd=reg).exit_code == 0
    return iid


def test_the_public_text_is_what_goes_out(run, reg):
    iid = approved(run, reg, PASSAGE)
    text = run("show", iid, cwd=reg).stdout
    assert "录用人员：张三（此处依法删除 24 字），李四。" in text and "张三（此处依法删除 24 字）任科员。" in text
    path = next(reg.glob(f"items/*/{iid}.yaml"))
    assert ID in path.read_text(encoding="utf-8")  # the internal text is unchanged
    # nothing left for the scan to find: the ID is not in what the public reads
    assert run("scan", iid, cwd=reg).exit_code == 0
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 0 and r.stderr.strip() == "", r
    shown = view(load(reg), "社会").item(iid)
    assert shown is not None and ID not in shown.content and "（此处依法删除 24 字）" in shown.content
    assert run("check", cwd=reg).exit_code == 0


def test_without_the_redaction_the_scan_stops_the_publication(run, reg):
    r = run("submit", "--entry", "Z02", "--title", "录用人员名单", "--scope", "向社会公开", "--content", CONTENT,
            "--by", "张三", "--date", "2026-11-02", cwd=reg)
    iid = r.stdout.strip()
    for step, result in (("保密审查", "可以公开"), ("审核", "同意"), ("审批", "同意")):
        assert run("review", iid, "--step", step, "--result", result, "--by", "李四", "--date", "2026-11-03",
                   cwd=reg).exit_code == 0
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 1 and "[P001]" in r.stderr


@pytest.mark.parametrize("args,code", [
    ((), "W022"),
    (("--removed", "身份证号"), "P101"),
    (("--redact", "王五"), "P102"),
    (("--redact", "删除"), "P102"),
])
def test_a_bad_redaction_is_refused_and_nothing_changes(run, reg, args, code):
    iid = run("submit", "--entry", "Z02", "--title", "名单", "--scope", "向社会公开", "--content", CONTENT,
              "--by", "张三", "--date", "2026-11-02", cwd=reg).stdout.strip()
    before = snapshot(reg)
    r = run("review", iid, "--step", "保密审查", "--result", "部分公开", "--exemption", "个人隐私", *args,
            "--by", "李四", "--date", "2026-11-03", cwd=reg)
    assert r.exit_code == 1 and f"[{code}]" in r.stderr, r
    assert snapshot(reg) == before


def test_the_form_and_the_history_name_what_was_removed(run, reg):
    iid = approved(run, reg, PASSAGE)
    form = run("form", iid, "--kind", "保密审查表", "--format", "md", cwd=reg).stdout
    assert "删去“（身份证" in form
    history = json.loads(run("show", iid, "--format", "json", cwd=reg).stdout)["history"]
    assert history[1]["redact"] == [PASSAGE]


@pytest.mark.parametrize("published", [False, True])
def test_a_hand_edit_of_the_redacting_decision_publishes_nothing(run, reg, tmp_path, published):
    """The site audit's leak: 部分公开 changed to 可以公开 and its passages deleted by hand in the
    decision record, committed. The approval hash covers the decided redactions, so this is a
    change after approval: check reports it, publish refuses, and no public output shows the
    text — neither the edited one nor (beside an edited history) the approved one."""
    import subprocess
    iid = approved(run, reg, PASSAGE)
    if published:
        assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
                   cwd=reg).exit_code == 0
    path = next(reg.glob(f"items/*/{iid}.yaml"))
    text = path.read_text(encoding="utf-8")
    removed = f"  exemption: 个人隐私\n  redact:\n  - {PASSAGE}\n"
    assert removed in text
    edited = text.replace("result: 部分公开", "result: 可以公开").replace(removed, "")
    path.write_text(edited, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "hand edit"], cwd=reg, check=True)
    r = run("check", cwd=reg)
    assert "[W057]" in r.stdout + r.stderr, r
    if not published:
        r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
        assert r.exit_code == 1 and "[W015]" in r.stderr, r
    out = tmp_path / "site"
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0, r
    site = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".js"))
    assert ID not in site and "录用人员名单" not in site
    assert (f"事项 {iid} 在审批后被改动" in r.stderr) == published  # a published item is named as left out


def _edit_and_commit(reg, iid, edit) -> None:
    import subprocess
    path = next(reg.glob(f"items/*/{iid}.yaml"))
    text = path.read_text(encoding="utf-8")
    new = edit(text)
    assert new != text
    path.write_text(new, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "hand edit"], cwd=reg, check=True)


def _site_text(run, reg, out) -> str:
    r = run("site", "build", out, cwd=reg)
    assert r.exit_code == 0, r
    return "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".js"))


def _undecided(text: str) -> str:
    """部分公开 made 可以公开, its category and passages deleted."""
    import re
    text = text.replace("result: 部分公开", "result: 可以公开").replace("  exemption: 个人隐私\n", "")
    return re.sub(r"  redact:\n(  - .*\n)+", "", text)


def test_a_hash_copied_from_the_revision_does_not_cover_an_edited_decision(run, reg, tmp_path):
    """From an audit: the revise event records the hash of the new revision before any decision;
    copying it into the edited reviews must not pass for them (the hash covers the decisions)."""
    import re
    r = run("submit", "--entry", "Z02", "--title", "录用人员名单", "--scope", "向社会公开", "--content", "录用人员：张三，李四。",
            "--by", "张三", "--date", "2026-11-02", cwd=reg)
    iid = r.stdout.strip()
    for step, result in (("保密审查", "可以公开"), ("审核", "同意"), ("审批", "同意")):
        assert run("review", iid, "--step", step, "--result", result, "--by", "李四", "--date", "2026-11-03",
                   cwd=reg).exit_code == 0
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-04", cwd=reg).exit_code == 0
    assert run("correct", iid, "--content", CONTENT, "--reason", "补充", "--by", "张三", "--date", "2026-11-05",
               cwd=reg).exit_code == 0
    assert run("review", iid, "--step", "保密审查", "--result", "部分公开", "--exemption", "个人隐私", "--redact", PASSAGE,
               "--by", "李四", "--date", "2026-11-06", cwd=reg).exit_code == 0
    for step in ("审核", "审批"):
        assert run("review", iid, "--step", step, "--result", "同意", "--by", "李四", "--date", "2026-11-06",
                   cwd=reg).exit_code == 0
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-07", cwd=reg).exit_code == 0

    def forge(text: str) -> str:
        head, revise, tail = text.partition("- action: revise")
        revised_hash = re.search(r"content_hash: (\S+)", revise + tail).group(1)
        return head + revise + re.sub(r"content_hash: \S+", f"content_hash: {revised_hash}", _undecided(tail))
    _edit_and_commit(reg, iid, forge)
    assert "[W057]" in run("check", cwd=reg).stderr
    assert ID not in _site_text(run, reg, tmp_path / "site")


def test_deleting_the_hashes_hides_nothing(run, reg, tmp_path):
    """From an audit: with every review's content_hash deleted too, there is no hash to compare;
    such an item is not shown and not published (W080 names the records)."""
    import re
    iid = approved(run, reg, PASSAGE)
    _edit_and_commit(reg, iid, lambda t: re.sub(r"  content_hash: \S+\n", "", _undecided(t)))
    assert "[W080]" in run("check", cwd=reg).stderr
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
            "--accept-finding", "身份证号=测试", cwd=reg)
    assert r.exit_code == 1 and "[W015]" in r.stderr, r
    assert ID not in _site_text(run, reg, tmp_path / "site")


def test_an_approval_recorded_before_hashes_covered_decisions_still_stands(run, reg, tmp_path):
    """Registers approved with the earlier hash (the fields alone, no "2-") keep their items:
    no W057, and the public text is the redacted one."""
    import re
    from dwgk.items import procedure as wf
    iid = approved(run, reg, PASSAGE)
    assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg).exit_code == 0
    item = load(reg).item(iid)
    legacy = wf.legacy_hash(item)
    _edit_and_commit(reg, iid, lambda t: re.sub(r"content_hash: \S+", f"content_hash: {legacy}", t))
    assert "W057" not in run("check", cwd=reg).stderr
    site = _site_text(run, reg, tmp_path / "site")
    assert ID not in site and "（此处依法删除 24 字）" in site
