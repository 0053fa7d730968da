"""The smaller holes the attack on the register found (issue 12): each is a clear refusal with
nothing changed on disk, or the right default."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import make_register, snapshot
from test_check import new_item
from test_hostile_files import within


def md(run, root, *extra):
    return run("catalogue", "render", "--audience", "社会", "--format", "md", *extra, cwd=root)


# ---------------------------------------------------------------- -o

@pytest.mark.parametrize("target", ["dwgk.yaml", "catalogue.yaml", "items/新文件.html", ".git/config",
                                    "notes.txt", "链接.md"])
def test_o_never_overwrites_a_register_file(reg, run, target):
    (reg / "notes.txt").write_text("一份已提交的说明\n", encoding="utf-8")
    os.symlink("dwgk.yaml", reg / "链接.md")
    subprocess.run(["git", "-C", str(reg), "add", "notes.txt"], check=True)
    subprocess.run(["git", "-C", str(reg), "commit", "-qm", "说明"], check=True)
    before = snapshot(reg)
    r = md(run, reg, "-o", target)
    assert r.exit_code == 1 and "T052" in r.stderr and "登记簿自己的文件" in r.stderr, r
    assert snapshot(reg) == before


def test_o_writes_a_new_document_inside_the_register_folder(reg, run):
    r = md(run, reg, "-o", "公开目录.md")
    assert r.exit_code == 0 and (reg / "公开目录.md").read_text(encoding="utf-8").startswith("# 测试局"), r
    assert md(run, reg, "-o", "公开目录.md").exit_code == 0  # its own earlier output may be replaced


def test_o_to_a_special_file_names_the_real_problem(reg, run, tmp_path):
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    targets = {fifo: "命名管道", tmp_path: "目录"}
    try:
        os.mknod(tmp_path / "null", 0o666 | 0o020000, os.makedev(1, 3))  # a private /dev/null
        targets[tmp_path / "null"] = "设备文件"
    except (PermissionError, AttributeError):
        pass
    for path, what in targets.items():
        with within(10):
            r = md(run, reg, "-o", str(path))
        assert r.exit_code == 1 and "T053" in r.stderr and what in r.stderr and "不是普通文件" in r.stderr, r
    assert fifo.exists() and not fifo.is_file()
    if (tmp_path / "null").exists():
        assert (tmp_path / "null").is_char_device()


# ---------------------------------------------------------------- Markdown

def test_markdown_outputs_escape_the_organisation_and_filing_body(tmp_path, run):
    root = tmp_path / "reg"
    r = run("init", root, "--org", "测试*局_[一]", "--profile", "national", "--today", "2026-01-05")
    assert r.exit_code == 0, r
    r = run("catalogue", "file", "--by", "张三", "--to", "上级*机关_", "--date", "2026-02-01", cwd=root)
    assert r.exit_code == 0, r
    text = md(run, root).stdout
    assert "# 测试\\*局\\_\\[一\\]" in text and "报上级\\*机关\\_备案" in text, text
    assert "测试*局" not in text


# ---------------------------------------------------------------- catalogue file

def test_catalogue_filing_dates_keep_their_order_and_the_registers_life(tmp_path, run):
    root = tmp_path / "reg"
    assert run("init", root, "--org", "测试局", "--profile", "s004_shidian", "--today", "2026-01-05").exit_code == 0
    assert run("catalogue", "file", "--by", "张三", "--date", "2026-03-01", cwd=root).exit_code == 0
    before = snapshot(root)
    r = run("catalogue", "file", "--by", "张三", "--date", "2026-02-01", cwd=root)
    assert r.exit_code == 1 and "K031" in r.stderr and "早于上一次备案" in r.stderr, r
    r = run("catalogue", "file", "--by", "张三", "--date", "2025-12-31", cwd=root)
    assert r.exit_code == 1 and ("K031" in r.stderr or "K032" in r.stderr), r
    assert snapshot(root) == before
    assert run("catalogue", "file", "--by", "张三", "--date", "2026-03-01", cwd=root).exit_code == 0


def test_catalogue_filing_date_before_the_register_started(tmp_path, run):
    root = tmp_path / "reg"
    assert run("init", root, "--org", "测试局", "--profile", "national", "--today", "2026-06-01").exit_code == 0
    r = run("catalogue", "file", "--by", "张三", "--date", "2026-05-31", cwd=root)
    assert r.exit_code == 1 and "K032" in r.stderr and "启用日期 2026-06-01" in r.stderr, r


@pytest.mark.parametrize("profile,to", [("national", "上级机关"), ("s004_shidian", "上级党组织")])
def test_catalogue_is_filed_with_the_right_body_by_default(tmp_path, run, profile, to):
    root = make_register(tmp_path / "reg", run, profile)
    r = run("catalogue", "file", "--by", "张三", cwd=root)
    assert r.exit_code == 0 and f"报{to}备案" in r.stdout, r
    assert f"filed_with: {to}" in (root / "catalogue.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a duplicated ID

def test_nothing_is_recorded_on_an_id_held_by_two_files(reg, run):
    item, path = new_item(run, reg)
    twin = reg / "items" / "2025" / path.name
    twin.parent.mkdir()
    shutil.copy(path, twin)
    subprocess.run(["git", "-C", str(reg), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(reg), "commit", "-qm", "重复"], check=True)
    assert "I030" in run("check", cwd=reg).stderr
    before = snapshot(reg)
    for args in (("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王", "--date", "2026-11-03"),
                 ("withhold", item, "--reasons", "理由", "--basis", "依据", "--by", "王"),
                 ("rereview", item, "--result", "维持", "--by", "王")):
        r = run(*args, cwd=reg)
        assert r.exit_code == 1 and "E050" in r.stderr and "items/2025/" in r.stderr and "items/2026/" in r.stderr, r
    assert snapshot(reg) == before


# ---------------------------------------------------------------- init and --content-file

def test_init_that_cannot_find_git_leaves_no_folder(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python")
    target = tmp_path / "新登记簿"
    r = subprocess.run([sys.executable, "-m", "dwgk", "init", str(target), "--org", "某局"], capture_output=True,
                       text=True, env={**os.environ, "PATH": str(bin_dir), "DWGK_TODAY": "2026-11-20"})
    assert r.returncode == 3 and "G001" in r.stderr and "找不到 git" in r.stderr, r
    assert not target.exists()


def test_a_byte_order_mark_is_not_content(reg, run, tmp_path):
    f = tmp_path / "正文.txt"
    f.write_bytes("\ufeff各科室：请遵照执行。".encode("utf-8"))
    r = run("submit", "--entry", "Z02", "--title", "通知", "--scope", "向社会公开", "--content-file", f,
            "--by", "张三", cwd=reg)
    assert r.exit_code == 0, r
    from dwgk.loader import load
    assert load(reg).item(r.stdout.strip()).content.strip() == "各科室：请遵照执行。"  # no U+FEFF in front


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_content_file_of_a_fifo_or_device_is_refused_at_once(reg, run, tmp_path, kind):
    path = tmp_path / "pipe" if kind == "fifo" else "/dev/zero"
    if kind == "fifo":
        os.mkfifo(path)
    before = snapshot(reg)
    with within(10):
        r = run("submit", "--entry", "Z02", "--title", "通知", "--scope", "向社会公开", "--content-file", path,
                "--by", "张三", cwd=reg)
    assert r.exit_code == 2 and "E023" in r.stderr and "不是普通文件" in r.stderr, r
    assert snapshot(reg) == before
    with within(10):
        r = run("calendar", "import", str(path), "--dry-run", cwd=reg)
    assert r.exit_code == 3 and "H120" in r.stderr, r
