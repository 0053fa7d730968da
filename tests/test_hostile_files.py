"""A register is shared through git: whatever a file in it is — a symlink, a FIFO, a folder,
an alias bomb — it is one finding for that file, and every command goes on (issue 12)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from conftest import snapshot
from test_check import new_item, published_item

ALIAS_BOMB = "".join(f"{a}: &{a} [" + ",".join([f"*{p}" if p else "x"] * 10) + "]\n"
                     for p, a in zip(["", *"abcdefgh"], "abcdefghi")) + "id: [" + ",".join(["*i"] * 10) + "]\n"


@contextmanager
def within(seconds: float):
    """Fail instead of hanging (the holes this file keeps closed used to hang for ever)."""
    def expired(*_):
        raise TimeoutError(f"took longer than {seconds} s")
    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def commit_all(root: Path, message: str = "他人推送的文件") -> None:
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", message], check=True)


def findings(run, root) -> tuple[int, list[dict]]:
    with within(20):
        r = run("check", "--format", "json", cwd=root)
    assert "内部错误" not in r.stderr and "Traceback" not in r.stderr, r
    return r.exit_code, json.loads(r.stdout)["findings"]


def bad_file(root: Path, how: str) -> str:
    """Make one hostile file the way the attack did; return its path in the register."""
    if how == "dangling symlink in items/":
        os.symlink("nowhere.yaml", root / "items" / "x.yaml")
        return "items/x.yaml"
    if how in ("dangling symlink in requests/", "dangling symlink in messages/"):
        folder = how.split()[-1].rstrip("/")
        os.symlink("../nowhere.yaml", root / folder / "x.yaml")
        return f"{folder}/x.yaml"
    if how == "dangling symlink in reports/":
        os.symlink("nowhere.yaml", root / "reports" / "2025.yaml")
        return "reports/2025.yaml"
    if how == "reports/2025.yaml as a folder":
        (root / "reports" / "2025.yaml").mkdir()
        (root / "reports" / "2025.yaml" / ".gitkeep").write_text("")
        return "reports/2025.yaml"
    if how == "version ² in catalogue.yaml":
        p = root / "catalogue.yaml"
        p.write_text('version: "²"\n' + p.read_text(encoding="utf-8"), encoding="utf-8")
        return "catalogue.yaml"
    if how == "reports/².yaml":
        (root / "reports" / "².yaml").write_text("overview: 文字\n", encoding="utf-8")
        return "reports/².yaml"
    if how == "a record linked to /dev/zero":
        os.symlink("/dev/zero", root / "items" / "z.yaml")
        return "items/z.yaml"
    if how == "a FIFO in a record folder":
        os.mkfifo(root / "messages" / "f.yaml")
        return "messages/f.yaml"
    if how == "ten nested aliases":
        (root / "items" / "2026").mkdir(exist_ok=True)
        (root / "items" / "2026" / "GK-2026-aaaaaa.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
        return "items/2026/GK-2026-aaaaaa.yaml"
    if how == "a symlinked record folder":
        (root / "outside").mkdir()
        os.symlink("../outside", root / "requests" / "2026")
        return "requests/2026"
    if how == "holidays.yaml linked to /dev/zero":
        os.symlink("/dev/zero", root / "holidays.yaml")
        return "holidays.yaml"
    raise AssertionError(how)


CASES = {  # how → (code, line)
    "dangling symlink in items/": ("Y010", 1),
    "dangling symlink in requests/": ("Y010", 1),
    "dangling symlink in messages/": ("Y010", 1),
    "dangling symlink in reports/": ("Y010", 1),
    "reports/2025.yaml as a folder": ("Y011", 1),
    "version ² in catalogue.yaml": ("K030", 1),
    "reports/².yaml": ("Y016", 1),
    "a record linked to /dev/zero": ("Y010", 1),
    "a FIFO in a record folder": ("Y011", 1),
    "ten nested aliases": ("Y013", 1),
    "a symlinked record folder": ("Y010", 1),
    "holidays.yaml linked to /dev/zero": ("Y010", 1),
}


@pytest.mark.parametrize("how", sorted(CASES))
def test_one_bad_file_is_a_finding_for_that_file_and_every_command_goes_on(reg, run, how):
    item, _ = published_item(run, reg)
    rel = bad_file(reg, how)
    if how != "a FIFO in a record folder":  # git keeps no FIFOs; the others come by a pull
        commit_all(reg)
    code, line = CASES[how]
    exit_code, found = findings(run, reg)
    assert exit_code == (0 if code == "Y016" else 1)  # a misnamed report file is only a warning
    mine = [f for f in found if f["path"] == rel]
    assert [(f["code"], f["line"]) for f in mine][:1] == [(code, line)], found
    assert all(f["path"] == rel for f in found if f["severity"] == "error"), found  # nothing else suffers
    for args in (("status",), ("list",), ("overdue",), ("show", item), ("due",),
                 ("report", "annual", "--year", "2026", "--draft", "--format", "json"),
                 ("catalogue", "render", "--audience", "社会", "--format", "md")):
        with within(20):
            r = run(*args, cwd=reg)
        assert "内部错误" not in r.stderr and "Traceback" not in r.stderr, (args, r)
        # a broken holidays.yaml stops deadline arithmetic on purpose (H100), naming the file
        assert r.exit_code in (0, 1) or (r.exit_code == 3 and "H100" in r.stderr and rel in r.stderr), (args, r)
        if args[0] in ("status", "list", "show"):
            assert r.exit_code == 0, (args, r)
            assert item in r.stdout or args[0] == "status", (args, r)


def test_a_symlinked_dwgk_yaml_cannot_run_and_says_why(reg, run):
    os.replace(reg / "dwgk.yaml", reg / "real.yaml")
    os.symlink("/dev/zero", reg / "dwgk.yaml")
    with within(10):
        r = run("status", cwd=reg)
    assert r.exit_code == 3, r
    assert "dwgk.yaml:1:1: error[Y010]" in r.stderr and "符号链接" in r.stderr, r


def test_numbers_are_read_as_yaml_means_them():
    from dwgk.yamlread import as_count, parse
    text = "a: 0777\nb: 0\nc: 12\nd: 1_000\ne: 0x1f\nf: '²'\n"
    data, diags = parse(text, "x.yaml")
    assert not diags and data == yaml.safe_load(text) == {"a": 511, "b": 0, "c": 12, "d": 1000, "e": 31, "f": "²"}
    assert [as_count(v) for v in (3, "3", "²", True, -1, 2.0, None)] == [3, 3, None, None, None, None, None]


def test_anchors_and_aliases_are_refused_with_their_line():
    from dwgk.yamlread import parse
    data, diags = parse("id: X\ntitle: &t 标题\ncontent: *t\n", "items/x.yaml")
    assert data is None and [(d.code, d.line, d.col) for d in diags] == [("Y013", 2, 8)]
    assert "锚点（&t）" in diags[0].message
    with within(5):
        data, diags = parse(ALIAS_BOMB, "items/x.yaml")
    assert data is None and diags[0].code == "Y013"
    # text that merely contains & and * is no anchor
    data, diags = parse("title: 研发&推广\ncontent: '*重要* & 紧急'\n", "items/x.yaml")
    assert not diags and data["content"] == "*重要* & 紧急"


# ---------------------------------------------------------------- writing never follows a symlink

def test_a_symlinked_folder_in_the_register_never_receives_a_write(reg, run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, reg / "items" / "2026")
    commit_all(reg)
    before = snapshot(reg)
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 1 and "G021" in r.stderr and "items/2026" in r.stderr and "符号链接" in r.stderr, r
    assert list(outside.iterdir()) == []
    assert snapshot(reg) == before


def test_a_symlinked_record_is_not_written_through(reg, run, tmp_path):
    item, path = new_item(run, reg)
    target = tmp_path / "elsewhere.yaml"
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    os.symlink(target, path)
    commit_all(reg)
    kept = target.read_text(encoding="utf-8")
    r = run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王", "--date", "2026-11-03", cwd=reg)
    assert r.exit_code == 1 and "Y010" in r.stderr, r
    assert target.read_text(encoding="utf-8") == kept and path.is_symlink()


def test_a_symlinked_dwgk_folder_gets_no_lock_file(tmp_path, run):
    """A register that is not its own git repository keeps its lock in .dwgk/."""
    outer = tmp_path / "repo"
    outer.mkdir()
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    from conftest import git_identity, make_register
    git_identity(outer)
    root = make_register(outer / "reg", run)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil
    shutil.rmtree(root / ".dwgk", ignore_errors=True)
    os.symlink(elsewhere, root / ".dwgk")
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", cwd=root)
    assert r.exit_code == 1 and "G021" in r.stderr and ".dwgk" in r.stderr, r
    assert list(elsewhere.iterdir()) == []


# ---------------------------------------------------------------- the cache stays in its own folder

@pytest.fixture
def home(tmp_path, monkeypatch):
    """A cache key of the test's own, and every file old enough for the cache to keep it."""
    import time
    from dwgk import cache
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + 10 * cache.RACY_NS)
    h = tmp_path / "home"
    h.mkdir()
    return {"HOME": str(h), "XDG_CACHE_HOME": ""}


def test_a_committed_symlink_for_the_cache_folder_deletes_nothing(reg, run, home, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    for name in ("a.pickle", "0123456789abcdef01234567.pickle"):
        (victim / name).write_bytes(b"not dwgk's")
    (reg / ".dwgk" / "cache").mkdir(parents=True, exist_ok=True)
    os.symlink(victim, reg / ".dwgk" / "cache" / f"u{os.getuid()}")
    new_item(run, reg)
    for args in (("status",), ("check",), ("list",)):
        r = run(*args, cwd=reg, env=home)
        assert "内部错误" not in r.stderr, r
    assert sorted(p.name for p in victim.iterdir()) == ["0123456789abcdef01234567.pickle", "a.pickle"]
    r = run("check", "--format", "json", cwd=reg, env=home)
    codes = {(f["code"], f["path"]) for f in json.loads(r.stdout)["findings"]}
    assert ("Y015", f".dwgk/cache/u{os.getuid()}") in codes, r


def test_a_dangling_symlink_for_dwgk_gitignore_is_not_followed(reg, run, home, tmp_path):
    import shutil
    shutil.rmtree(reg / ".dwgk", ignore_errors=True)
    (reg / ".dwgk").mkdir()
    target = tmp_path / "created-by-dwgk"
    os.symlink(target, reg / ".dwgk" / ".gitignore")
    new_item(run, reg)
    r = run("status", cwd=reg, env=home)
    assert r.exit_code == 0, r
    assert not target.exists()
    assert list((reg / ".dwgk" / "cache").rglob("*.pickle"))  # the cache itself still works


def test_the_cache_deletes_only_its_own_stale_shards(reg, run, home):
    new_item(run, reg)
    assert run("status", cwd=reg, env=home).exit_code == 0
    folder = reg / ".dwgk" / "cache" / f"u{os.getuid()}"
    ours = sorted(folder.glob("*.pickle"))
    assert ours
    stale = folder / "00000000000000000000beef.pickle"
    stale.write_bytes(ours[0].read_bytes())  # a shard dwgk wrote, for a folder that is gone
    planted = folder / "0000000000000000000000aa.pickle"
    planted.write_bytes(b"dwgk-cache-2\n" + b"\0" * 40)  # looks like one, was not signed with our key
    assert run("status", cwd=reg, env=home).exit_code == 0
    assert not stale.exists() and planted.exists()
