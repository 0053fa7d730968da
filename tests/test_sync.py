"""A shared register: the merge driver (pure and through real git), dwgk remote add / sync,
索引号 serial blocks. Real bare repositories and clones in tmp_path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import git_identity, snapshot
from dwgk import merge, serials, sync
from dwgk.loader import load
from dwgk.yamlread import dump, parse

SUBMIT = {"action": "submit", "date": "2026-11-18", "by": "张三", "role": "承办人"}


def ev(action, date, by, **kw):
    return {"action": action, "date": date, "by": by, **kw}


def item(*history, **header):
    return {"id": "GK-2026-aaaaaa", "title": "通知", "scope": "向社会公开", **header, "history": list(history)}


P = "items/2026/GK-2026-aaaaaa.yaml"


# ---------------------------------------------------------------- the merge, pure

def test_two_sides_appending_merge_in_date_order():
    base = item(SUBMIT)
    a = ev("review", "2026-11-19", "王五", step="保密审查", result="可以公开")
    b = ev("feedback", "2026-11-18", "赵六", opinion="意见")
    c = ev("review", "2026-11-20", "李四", step="审核", result="同意")
    ours, theirs = item(SUBMIT, a, c), item(SUBMIT, b)
    got = merge.merge(P, base, ours, theirs)
    assert got["history"] == [SUBMIT, b, a, c]
    # the same file whichever side merges: both clones converge
    assert merge.merge(P, base, theirs, ours)["history"] == got["history"]


def test_identical_events_collapse_and_header_changes_are_taken():
    base = item(SUBMIT)
    a = ev("feedback", "2026-11-19", "王五", opinion="同一条")
    ours = item(SUBMIT, a)
    theirs = item(SUBMIT, a, title="新标题")
    got = merge.merge(P, base, ours, theirs)
    assert got["history"] == [SUBMIT, a] and got["title"] == "新标题"


@pytest.mark.parametrize("mine, other, says", [
    (ev("review", "2026-11-19", "王五", step="保密审查", result="可以公开"),
     ev("review", "2026-11-19", "赵六", step="保密审查", result="不予公开"), "同一审核步骤有两个不同的结论"),
    (ev("publish", "2026-11-19", "王五", channel="政府网站", index_no="X/2026-00001"),
     ev("publish", "2026-11-20", "赵六", channel="政府公报", index_no="X/2026-00101"), "索引号"),
    (ev("archive", "2026-11-19", "王五"), ev("archive", "2026-11-20", "赵六"), "归档"),
])
def test_two_decisions_in_one_slot_conflict(mine, other, says):
    got = merge.merge(P, item(SUBMIT), item(SUBMIT, mine), item(SUBMIT, other))
    assert isinstance(got, merge.Conflict)
    assert says in got.what and got.record == "GK-2026-aaaaaa"
    assert (got.ours_by, got.theirs_by) == ("王五", "赵六")
    assert "王五" in got.ours and "赵六" in got.theirs


def test_publications_without_index_numbers_and_feedback_coexist():
    a = ev("publish", "2026-11-19", "王五", channel="政府网站")
    b = ev("publish", "2026-11-19", "赵六", channel="政府公报")
    got = merge.merge(P, item(SUBMIT), item(SUBMIT, a), item(SUBMIT, b))
    assert not isinstance(got, merge.Conflict) and len(got["history"]) == 3


def test_header_changed_two_ways_and_rewritten_history_conflict():
    got = merge.merge(P, item(SUBMIT), item(SUBMIT, title="甲"), item(SUBMIT, title="乙"))
    assert isinstance(got, merge.Conflict) and "title" in got.what and got.ours == "甲"
    base = item(SUBMIT, ev("feedback", "2026-11-19", "王五"))
    rewritten = item(SUBMIT)  # a hand edit removed an event
    appended = item(SUBMIT, ev("feedback", "2026-11-19", "王五"), ev("archive", "2026-11-20", "赵六"))
    assert isinstance(merge.merge(P, base, rewritten, appended), merge.Conflict)
    assert merge.merge(P, base, rewritten, base) == rewritten  # the other side left it alone


def test_request_replies_conflict_with_their_kind_table():
    p = "requests/2026/YS-2026-bbbbbb.yaml"
    base = {"id": "YS-2026-bbbbbb", "history": [ev("receive", "2026-11-02", "李四")]}
    a = {**base, "history": base["history"] + [ev("reply", "2026-11-18", "李四", result="予以公开")]}
    b = {**base, "history": base["history"] + [ev("reply", "2026-11-18", "赵强", result="不予公开-国家秘密")]}
    got = merge.merge(p, base, a, b)
    assert isinstance(got, merge.Conflict) and "答复" in got.what


# ---------------------------------------------------------------- through real git

def sh(cwd, *args, check=True):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture
def shared(tmp_path, run):
    """A bare repository and two clerks' clones, both synced: (bare, a, b)."""
    bare = tmp_path / "shared.git"
    sh(tmp_path, "git", "init", "-q", "--bare", str(bare))
    a = tmp_path / "a"
    r = run("init", a, "--org", "测试局", "--code", "00817525-1", "--profile", "national")
    assert r.exit_code == 0, r
    git_identity(a)
    r = run("remote", "add", str(bare), cwd=a)
    assert r.exit_code == 0 and "已设置共享登记簿" in r.stdout, r
    r = run("sync", cwd=a)
    assert r.exit_code == 0 and "已把本登记簿送到共享登记簿" in r.stdout, r
    b = tmp_path / "b"
    sh(tmp_path, "git", "clone", "-q", str(bare), str(b))
    git_identity(b)
    r = run("sync", cwd=b)  # a fresh clone: sync installs the driver
    assert r.exit_code == 0, r
    assert "merge_driver" in sh(b, "git", "config", "merge.dwgk.driver").stdout
    return bare, a, b


def submit(run, root, title="关于印发科技项目管理办法的通知"):
    (root.parent / "正文.txt").write_text("各科室：现印发。\n", encoding="utf-8")
    r = run("submit", "--entry", "Z02", "--title", title, "--scope", "向社会公开", "--content-file",
            root.parent / "正文.txt", "--by", "张三", cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def approve(run, root, iid):
    for step, result, by in (("保密审查", "可以公开", "王五"), ("审核", "同意", "李四"), ("审批", "同意", "陈局长")):
        r = run("review", iid, "--step", step, "--result", result, "--by", by, cwd=root)
        assert r.exit_code == 0, r


def history(root, iid):
    path = next(root.glob(f"items/*/{iid}.yaml"))
    return parse(path.read_text(encoding="utf-8"), "x")[0]["history"]


def test_init_versions_the_attributes_and_configures_the_driver(reg):
    text = (reg / ".gitattributes").read_text(encoding="utf-8")
    assert "items/**/*.yaml merge=dwgk" in text
    assert sh(reg, "git", "check-attr", "merge", "items/2026/GK-2026-abcdef.yaml").stdout.strip().endswith("dwgk")
    assert ".gitattributes" in sh(reg, "git", "ls-files").stdout
    driver = sh(reg, "git", "config", "merge.dwgk.driver").stdout
    import sys
    assert driver.startswith(sys.executable) and "%O %A %B %P" in driver


def test_concurrent_decisions_on_one_record_merge_in_one_history(shared, run):
    bare, a, b = shared
    iid = submit(run, a)
    approve(run, a, iid)
    assert run("sync", cwd=a).exit_code == 0
    assert run("sync", cwd=b).exit_code == 0
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", cwd=a)
    assert r.exit_code == 0, r
    assert run("sync", cwd=a).exit_code == 0
    assert run("sync", cwd=b).exit_code == 0
    r1 = run("feedback", iid, "--opinion", "建议补充附件", "--handling", "已补充", "--by", "赵六", cwd=a)
    r2 = run("feedback", iid, "--opinion", "请公布联系电话", "--handling", "已公布", "--by", "钱七", cwd=b)
    assert r1.exit_code == 0 and r2.exit_code == 0
    assert run("sync", cwd=a).exit_code == 0
    r = run("sync", cwd=b)  # both sides changed the same file: the driver merges
    assert r.exit_code == 0, r
    assert "收到 1 项改动" in r.stdout and "反馈" in r.stdout and "已与本副本的改动合并" in r.stdout
    assert run("sync", cwd=a).exit_code == 0
    ha, hb = history(a, iid), history(b, iid)
    assert ha == hb
    assert sorted(e.get("opinion") for e in ha if e["action"] == "feedback") == ["建议补充附件", "请公布联系电话"]
    assert run("check", cwd=a).exit_code == 0 and run("check", cwd=b).exit_code == 0
    assert "<<<<<<<" not in next(b.glob(f"items/*/{iid}.yaml")).read_text(encoding="utf-8")


def test_incompatible_decisions_stop_the_sync_and_leave_the_register_as_it_was(shared, run):
    bare, a, b = shared
    iid = submit(run, a)
    assert run("sync", cwd=a).exit_code == 0 and run("sync", cwd=b).exit_code == 0
    assert run("review", iid, "--step", "保密审查", "--result", "可以公开", "--by", "王五", cwd=a).exit_code == 0
    assert run("review", iid, "--step", "保密审查", "--result", "不予公开", "--exemption", "工作秘密",
               "--by", "赵六", cwd=b).exit_code == 0
    assert run("sync", cwd=a).exit_code == 0
    before = snapshot(b)
    r = run("sync", cwd=b)
    assert r.exit_code == 1, r
    assert "G110" in r.stderr and iid in r.stderr and "保密审查" in r.stderr
    assert "王五" in r.stderr and "赵六" in r.stderr and "可以公开" in r.stderr and "不予公开" in r.stderr
    assert "git revert" in r.stderr
    assert snapshot(b) == before
    assert not (Path(sh(b, "git", "rev-parse", "--absolute-git-dir").stdout.strip()) / "MERGE_HEAD").exists()
    # following the hint: B withdraws its decision, then the sync goes through
    sha = sh(b, "git", "log", "-1", "--format=%h", "--", f"items/2026/{iid}.yaml").stdout.strip()
    assert f"本副本的提交 {sha}" in r.stderr
    sh(b, "git", "revert", "--no-edit", sha)
    r = run("sync", cwd=b)
    assert r.exit_code == 0, r
    assert history(b, iid)[-1]["by"] == "王五"


def test_plain_git_merge_calls_the_driver_and_never_leaves_a_half_merged_file(shared, run):
    bare, a, b = shared
    iid = submit(run, a)
    assert run("sync", cwd=a).exit_code == 0 and run("sync", cwd=b).exit_code == 0
    run("review", iid, "--step", "保密审查", "--result", "可以公开", "--by", "王五", cwd=a)
    run("review", iid, "--step", "保密审查", "--result", "不予公开", "--exemption", "工作秘密", "--by", "赵六", cwd=b)
    assert run("sync", cwd=a).exit_code == 0
    sh(b, "git", "fetch", "-q", "origin")
    mine = next(b.glob(f"items/*/{iid}.yaml")).read_text(encoding="utf-8")
    branch = sh(b, "git", "symbolic-ref", "--short", "HEAD").stdout.strip()
    r = sh(b, "git", "merge", f"origin/{branch}", check=False)
    assert r.returncode != 0
    assert "同一审核步骤有两个不同的结论" in r.stderr + r.stdout
    assert next(b.glob(f"items/*/{iid}.yaml")).read_text(encoding="utf-8") == mine  # ours, whole
    sh(b, "git", "merge", "--abort")


def test_sync_refusals(tmp_path, reg, run):
    r = run("sync", cwd=reg)
    assert r.exit_code == 1 and "G105" in r.stderr and "dwgk remote add" in r.stderr
    bare = tmp_path / "s.git"
    sh(tmp_path, "git", "init", "-q", "--bare", str(bare))
    assert run("remote", "add", str(bare), cwd=reg).exit_code == 0
    r = run("remote", "add", str(tmp_path / "other.git"), cwd=reg)
    assert r.exit_code == 1 and "G102" in r.stderr and "git remote set-url" in r.stderr
    (reg / "dwgk.yaml").write_text((reg / "dwgk.yaml").read_text(encoding="utf-8") + "# 手改\n", encoding="utf-8")
    r = run("sync", cwd=reg)
    assert r.exit_code == 1 and "G107" in r.stderr and "dwgk.yaml" in r.stderr
    sh(reg, "git", "checkout", "--", "dwgk.yaml")
    sh(reg, "git", "remote", "set-url", "origin", str(tmp_path / "nowhere.git"))
    before = snapshot(reg)
    r = run("sync", cwd=reg)
    assert r.exit_code == 1 and "G104" in r.stderr and "无法连接共享登记簿" in r.stderr
    assert snapshot(reg) == before


# ---------------------------------------------------------------- 索引号

def index_no(root, iid):
    return next(e["index_no"] for e in history(root, iid) if e.get("index_no"))


def test_two_clones_publishing_before_a_sync_never_share_an_index_number(shared, run):
    bare, a, b = shared
    ia, ib = submit(run, a, "甲通知"), submit(run, b, "乙通知")
    approve(run, a, ia)
    approve(run, b, ib)
    assert run("publish", ia, "--channel", "政府网站", "--by", "赵六", cwd=a).exit_code == 0
    assert run("publish", ib, "--channel", "政府网站", "--by", "钱七", cwd=b).exit_code == 0
    na, nb = index_no(a, ia), index_no(b, ib)
    assert na != nb and na.startswith("00817525-1/2026-") and nb.startswith("00817525-1/2026-")
    for root in (a, b, a):
        assert run("sync", cwd=root).exit_code == 0
    assert index_no(a, ib) == nb and index_no(b, ia) == na
    assert run("check", cwd=a).exit_code == 0


def test_a_shared_clone_without_a_block_is_refused_and_sync_claims_one(shared, run):
    bare, a, b = shared
    iid = submit(run, b)
    approve(run, b, iid)
    # the clone's blocks are gone (say, a copy of another clone's folder): no guessing
    sh(b, "git", "config", "dwgk.clone", "feedbeef")
    before = snapshot(b)
    r = run("publish", iid, "--channel", "政府网站", "--by", "钱七", cwd=b)
    assert r.exit_code == 1 and "G122" in r.stderr and "dwgk sync" in r.stderr
    assert snapshot(b) == before
    r = run("sync", cwd=b)
    assert r.exit_code == 0 and "已为本副本领取索引号" in r.stdout, r
    assert run("publish", iid, "--channel", "政府网站", "--by", "钱七", cwd=b).exit_code == 0
    blocks = load(b).serials
    mine = [x for x in blocks if x.clone == "feedbeef"]
    serial = int(index_no(b, iid).rsplit("-", 1)[1])
    assert mine and mine[0].first <= serial <= mine[0].last
    assert all(x.last < mine[0].first or x.first > mine[0].last for x in blocks if x.clone != "feedbeef")


def test_check_reports_duplicates_that_reached_the_register_by_hand(reg, run):
    ids = [submit(run, reg, f"通知{i}") for i in range(2)]
    for iid in ids:
        approve(run, reg, iid)
        assert run("publish", iid, "--channel", "政府网站", "--by", "赵六", cwd=reg).exit_code == 0
    p = next(reg.glob(f"items/*/{ids[1]}.yaml"))
    p.write_text(p.read_text(encoding="utf-8").replace(index_no(reg, ids[1]), index_no(reg, ids[0])), encoding="utf-8")
    (reg / "serials.yaml").write_text(serials.dump_blocks([
        serials.Block(2026, 1, 100, "aaaa"), serials.Block(2026, 50, 150, "bbbb")]), encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 1
    assert "I031" in r.stderr and index_no(reg, ids[0]) in r.stderr
    assert "serials.yaml:" in r.stderr and "G124" in r.stderr and "重叠" in r.stderr


def test_serial_blocks_merge_as_a_union_and_overlaps_conflict():
    a = {"blocks": [serials.Block(2026, 1, 100, "a").to_raw()]}
    b = {"blocks": [*a["blocks"], serials.Block(2026, 101, 200, "b").to_raw()]}
    c = {"blocks": [*a["blocks"], serials.Block(2026, 101, 200, "c").to_raw()]}
    assert len(serials.merge(a, b, a)["blocks"]) == 2
    assert "重叠" in serials.merge(a, b, c)
    text = serials.dump_blocks(serials.blocks_of(serials.merge(a, b, a))[0])
    assert serials.blocks_of(parse(text, "x")[0])[0][1].clone == "b"
    assert dump  # the same dumper as every record


def test_a_broken_serials_file_is_a_finding_and_stops_publication(reg, run):
    iid = submit(run, reg)
    approve(run, reg, iid)
    (reg / "serials.yaml").write_text("blocks:\n- {year: 2026, first: 1, last: 100, clone: a}\n- {year: 2026, first: 0}\n",
                                      encoding="utf-8")
    sh(reg, "git", "add", "serials.yaml")
    sh(reg, "git", "commit", "-qm", "手工修改")
    r = run("check", cwd=reg)
    assert r.exit_code == 1 and "serials.yaml:3:3: error[G120]" in r.stderr, r
    before = snapshot(reg)
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", cwd=reg)
    assert r.exit_code == 1 and "G121" in r.stderr and snapshot(reg) == before


def test_a_register_inside_a_larger_repository_is_not_shared(tmp_path, run):
    outer = tmp_path / "项目"
    outer.mkdir()
    sh(outer, "git", "init", "-q")
    sh(outer, "git", "remote", "add", "origin", str(tmp_path / "别处.git"))
    root = outer / "登记簿"
    assert run("init", root, "--org", "测试局", "--code", "00817525-1").exit_code == 0
    git_identity(outer)
    assert not sync.shared(root)
    r = run("remote", "add", str(tmp_path / "共享.git"), cwd=root)
    assert r.exit_code == 1 and "G100" in r.stderr and "顶层" in r.stderr
