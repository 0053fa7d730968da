"""The register's most important safety property (domain.md §3): nothing whose approved
scope is not 向社会公开 reaches a channel that faces society. Commands refuse it; check
reports it in hand-edited files."""

import json

import pytest

from conftest import make_register, snapshot
from dwgk.profile import available, load_profile

SOCIETY = {  # the seeds' own words (see the profiles' comments)
    "s003_gaoxinqu": {"党务政务公开栏", "发布会", "新闻媒体", "高新区门户网站", "政府门户网站"},
    "s004_shidian": {"宣传单"},
    "s001_jiguan": {"中心网站"},
}


def gaoxinqu(tmp_path, run):
    return make_register(tmp_path / "g", run, "s003_gaoxinqu")


def approved(run, root, entry="1C", scope="党内公开", channels=("文件",)):
    args = ["submit", "--entry", entry, "--title", "委领导班子议事规则", "--scope", scope,
            "--content", "每月召开1次。", "--by", "王晓丽", "--attribute", "主动公开", "--date", "2026-11-02"]
    for c in channels:
        args += ["--channel", c]
    r = run(*args, cwd=root)
    assert r.exit_code == 0, r
    item = r.stdout.strip()
    for step, result, day in (("保密审查", "可以公开", "03"), ("审核", "同意", "04"), ("审批", "同意", "05")):
        r = run("review", item, "--step", step, "--result", result, "--by", "甲", "--date", f"2026-11-{day}", cwd=root)
        assert r.exit_code == 0, r
    return item


@pytest.mark.parametrize("profile", sorted(SOCIETY))
def test_profiles_mark_the_channels_that_reach_society(profile):
    p = load_profile(profile)
    assert {c.name for c in p.channels if c.public} == SOCIETY[profile]


def test_every_shipped_catalogue_keeps_narrow_entries_off_public_channels():
    for name in available():
        p = load_profile(name)
        for e in p.catalogue:
            if e["scope"] != "向社会公开":
                assert not [c for c in e["channels"] if p.channel(c).public], (name, e["code"])


@pytest.mark.parametrize("channel", ["政府门户网站", "高新区门户网站", "新闻媒体"])
def test_inner_item_is_not_published_to_a_public_channel(tmp_path, run, channel):
    root = gaoxinqu(tmp_path, run)
    item = approved(run, root)
    before = snapshot(root)
    r = run("publish", item, "--channel", channel, "--by", "党政办", "--date", "2026-11-06", cwd=root)
    assert r.exit_code == 1, r
    assert "W070" in r.stderr and f"不能通过面向社会的“{channel}”公开" in r.stderr
    assert "批准的公开范围是“党内公开”" in r.stderr and "改用不面向社会的公开形式：文件" in r.stderr
    assert snapshot(root) == before
    r = run("publish", item, "--channel", "文件", "--by", "党政办", "--date", "2026-11-06", cwd=root)
    assert r.exit_code == 0, r


def test_inner_publication_of_a_public_item_is_not_made_on_a_public_channel(tmp_path, run):
    root = gaoxinqu(tmp_path, run)
    item = approved(run, root, entry="2C", scope="向社会公开", channels=("会议", "高新区门户网站"))
    before = snapshot(root)
    r = run("publish", item, "--channel", "高新区门户网站", "--scope", "党内公开", "--by", "党政办",
            "--date", "2026-11-06", cwd=root)
    assert r.exit_code == 1 and "W070" in r.stderr and "本次公开的范围是“党内公开”" in r.stderr
    assert snapshot(root) == before


def test_submit_refuses_a_public_channel_for_a_narrower_scope(tmp_path, run):
    root = gaoxinqu(tmp_path, run)
    before = snapshot(root)
    r = run("submit", "--entry", "1C", "--title", "T", "--scope", "党内公开", "--content", "c", "--by", "王",
            "--attribute", "主动公开", "--channel", "政府门户网站", cwd=root)
    assert r.exit_code == 1 and "I041" in r.stderr and "面向社会的公开形式：政府门户网站" in r.stderr
    assert snapshot(root) == before


def test_default_channels_of_an_entry_leave_out_public_ones_for_a_narrower_item(tmp_path, run):
    root = gaoxinqu(tmp_path, run)  # 2C lists 会议 and 高新区门户网站
    r = run("submit", "--entry", "2C", "--title", "T", "--scope", "党内公开", "--content", "c", "--by", "王",
            "--attribute", "主动公开", cwd=root)
    assert r.exit_code == 0, r
    data = json.loads(run("show", r.stdout.strip(), "--format", "json", cwd=root).stdout)
    assert data["channels"] == ["会议"]


def test_prepublish_of_an_inner_item_on_a_public_channel_is_refused(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    r = run("submit", "--entry", "J2", "--title", "重大决策", "--scope", "党内公开", "--content", "c",
            "--by", "林芳", "--major", "--date", "2026-10-01", cwd=root)
    item = r.stdout.strip()
    for step, day in (("保密审查", "02"), ("审核", "09"), ("上报审核", "10")):
        extra = ("--meeting", "局党组会议", "--participant", "甲") if step == "审核" else ()
        r = run("review", item, "--step", step, "--result", "可以公开" if step == "保密审查" else "同意",
                "--by", "甲", "--date", f"2026-10-{day}", *extra, cwd=root)
        assert r.exit_code == 0, r
    before = snapshot(root)
    r = run("prepublish", item, "--channel", "宣传单", "--by", "办", "--date", "2026-10-12", cwd=root)
    assert r.exit_code == 1 and "W070" in r.stderr
    assert snapshot(root) == before


def _line(path, needle, after=0):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and needle in line)


def test_check_reports_a_hand_made_public_publication_of_an_inner_item(tmp_path, run):
    root = gaoxinqu(tmp_path, run)
    item = approved(run, root)
    assert run("publish", item, "--channel", "文件", "--by", "党政办", "--date", "2026-11-06", cwd=root).exit_code == 0
    path = root / "items" / "2026" / f"{item}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("channel: 文件", "channel: 政府门户网站"), encoding="utf-8")
    r = run("check", "--format", "json", cwd=root)
    assert r.exit_code == 1
    hits = [f for f in json.loads(r.stdout)["findings"] if f["code"] == "W084"]
    assert len(hits) == 1 and hits[0]["path"] == f"items/2026/{item}.yaml"
    assert hits[0]["line"] == _line(path, "channel: 政府门户网站")
    assert "面向社会" in hits[0]["message"]


def test_check_reports_public_channels_on_narrow_items_and_catalogue_entries(tmp_path, run):
    root = gaoxinqu(tmp_path, run)
    item = approved(run, root)
    path = root / "items" / "2026" / f"{item}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- 文件", "- 新闻媒体", 1), encoding="utf-8")
    cat = root / "catalogue.yaml"
    text = cat.read_text(encoding="utf-8")
    start = text.index("code: 1C")
    cat.write_text(text[:start] + text[start:].replace("- 文件", "- 发布会", 1), encoding="utf-8")
    r = run("check", "--format", "json", cwd=root)
    findings = json.loads(r.stdout)["findings"]
    i037 = [f for f in findings if f["code"] == "I037"]
    k013 = [f for f in findings if f["code"] == "K013"]
    assert r.exit_code == 1 and len(i037) == 1 and len(k013) == 1
    assert i037[0]["line"] == _line(path, "- 新闻媒体")
    assert k013[0]["path"] == "catalogue.yaml" and k013[0]["line"] == _line(cat, "channels:", _line(cat, "code: 1C"))
