"""Register creation, discovery, git audit trail, robustness and layering."""

import ast
import json
import subprocess
from pathlib import Path

import pytest

from conftest import snapshot

import dwgk


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_init_creates_git_repo_with_first_commit(tmp_path, run):
    r = run("init", tmp_path / "r", "--org", "某局", "--code", "00817525-1", "--profile", "s003_gaoxinqu")
    assert r.exit_code == 0, r
    assert (tmp_path / "r" / "dwgk.yaml").is_file() and (tmp_path / "r" / "catalogue.yaml").is_file()
    assert git(tmp_path / "r", "rev-list", "--count", "HEAD").strip() == "1"
    assert ".dwgk/" in (tmp_path / "r" / ".gitignore").read_text()


def test_init_refuses_to_overwrite(reg, run):
    before = snapshot(reg)
    r = run("init", reg, "--org", "别的局")
    assert r.exit_code == 1 and "不会覆盖" in r.stderr
    assert snapshot(reg) == before


def test_init_unknown_profile(tmp_path, run):
    r = run("init", tmp_path / "x", "--org", "某局", "--profile", "nope")
    assert r.exit_code == 2 and "可用的方案" in r.stderr and "s004_shidian" in r.stderr
    assert not (tmp_path / "x" / "dwgk.yaml").exists()


def test_init_takes_a_profile_by_its_seed_number(tmp_path, run):
    # the README names the profiles s000 … s004; a prefix that is not a seed number is no name
    r = run("init", tmp_path / "x", "--org", "某局", "--profile", "s000")
    assert r.exit_code == 0, r
    assert "profile: s000_kejiju" in (tmp_path / "x" / "dwgk.yaml").read_text(encoding="utf-8")
    assert run("init", tmp_path / "y", "--org", "某局", "--profile", "s").exit_code == 2


def test_discovery_upward_and_by_option_and_env(reg, run, tmp_path):
    sub = reg / "items"
    assert run("status", cwd=sub).exit_code == 0
    assert run("-R", reg, "status", cwd=tmp_path).exit_code == 0
    assert run("status", "-R", str(reg), cwd=tmp_path).exit_code == 0  # global options anywhere
    assert run("status", cwd=tmp_path, env={"DWGK_REGISTER": str(reg)}).exit_code == 0
    r = run("status", cwd=tmp_path)
    assert r.exit_code == 3 and "dwgk init" in r.stderr


def test_commit_message_and_trailers(reg, run):
    item = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
               "--by", "张三", "--date", "2026-11-02", cwd=reg).stdout.strip()
    run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-03",
        "--opinion", "不涉密", cwd=reg)
    msg = git(reg, "log", "-1", "--format=%B")
    assert msg.startswith("保密审查：可以公开")
    assert f"Dwgk-Id: {item}" in msg and "Dwgk-Step: 保密审查" in msg and "Dwgk-By: 王五" in msg
    assert git(reg, "log", "-1", "--format=%an").strip() == "测试员"
    assert git(reg, "show", "--stat", "--format=", "HEAD").count("|") == 1  # exactly one file


def test_no_commit_option(reg, run):
    count = git(reg, "rev-list", "--count", "HEAD")
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", "--no-commit", cwd=reg)
    assert r.exit_code == 0
    assert git(reg, "rev-list", "--count", "HEAD") == count
    assert "??" in git(reg, "status", "--porcelain")


def test_register_without_git_works_with_warning(tmp_path, run):
    root = tmp_path / "plain"
    assert run("init", root, "--org", "某局", "--no-commit").exit_code == 0
    assert not (root / ".git").exists()
    r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
            "--by", "张三", cwd=root)
    assert r.exit_code == 0 and "不是 git 仓库" in r.stderr


def test_lock_refuses_concurrent_command(reg, run):
    from dwgk.writer import Transaction
    before = snapshot(reg)
    with Transaction(reg):
        r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
                "--by", "张三", cwd=reg)
    assert r.exit_code == 1 and "另一个 dwgk 命令" in r.stderr
    assert snapshot(reg) == before


def test_failed_commit_rolls_back_files(reg, run):
    # A stale index.lock makes `git add` fail after the file was written: it must be undone.
    before = snapshot(reg)
    (reg / ".git" / "index.lock").write_text("")
    try:
        r = run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
                "--by", "张三", cwd=reg)
    finally:
        (reg / ".git" / "index.lock").unlink()
    assert r.exit_code == 1 and "git" in r.stderr
    assert snapshot(reg) == before


def test_item_ids_are_validated_before_becoming_paths(reg, run):
    r = run("show", "../../etc/passwd", cwd=reg)
    assert r.exit_code == 1


def test_domain_does_not_import_cli_libraries():
    pkg = Path(dwgk.__file__).parent
    for path in pkg.glob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for n in names:
                assert not n.startswith(("typer", "rich", "dwgk.cli")), f"{path.name} imports {n}"


def test_every_command_and_option_has_help():
    import typer.main
    from dwgk.cli.app import app
    root = typer.main.get_command(app)

    def walk(cmd, path):
        assert cmd.help or getattr(cmd, "short_help", None), f"{path} has no help"
        for p in cmd.params:
            if p.param_type_name == "option" and not getattr(p, "hidden", False):
                assert p.help, f"{path} {p.opts} has no help"
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")
    walk(root, "dwgk")


def test_version_and_help(run):
    r = run("--version")
    assert r.exit_code == 0 and dwgk.__version__ in r.stdout
    r = run("--help")
    assert r.exit_code == 0 and "登记簿" in r.stdout


def test_catalogue_filing_is_versioned_in_git(reg, run):
    # filed after the register's start (2026-11-20) and in date order (issue 12: K031, K032)
    r = run("catalogue", "file", "--by", "办公室", "--date", "2026-11-23", "--to", "上级党委", "--today", "2026-11-25",
            cwd=reg)
    assert r.exit_code == 0, r
    r = run("catalogue", "file", "--by", "办公室", "--date", "2026-11-25", "--today", "2026-11-25", cwd=reg)
    assert "第 2 版" in r.stdout
    hist = json.loads(run("catalogue", "history", "--format", "json", cwd=reg).stdout)
    assert [h["trailers"].get("Dwgk-Version") for h in hist] == [None, "1", "2"]
    first = git(reg, "show", f"{hist[1]['commit']}:catalogue.yaml")
    assert "filed: 2026-11-23" in first and "version: 1" in first
    assert run("check", cwd=reg).exit_code == 0


def test_catalogue_list_json_has_codes(reg, run):
    data = json.loads(run("catalogue", "list", "--format", "json", cwd=reg).stdout)
    assert data and all(e["code"] for e in data)
    assert {e["timing"] for e in data} <= {"长期", "定期", "及时", "随时"}
