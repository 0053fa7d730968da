"""Shared fixtures: small registers built in tmp_path, and a CLI runner."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dwgk.cli.app import app, hoist_globals

TODAY = "2026-11-20"


class Result:
    def __init__(self, r):
        self.exit_code = r.exit_code
        self.stdout = r.stdout
        self.stderr = r.stderr
        self.exception = r.exception

    def __repr__(self):
        return f"<exit {self.exit_code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}>"


@pytest.fixture
def run(monkeypatch):
    """run(*args, cwd=None, env=None) → Result with stdout/stderr/exit_code kept apart."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("DWGK_TODAY", TODAY)
    monkeypatch.delenv("DWGK_REGISTER", raising=False)

    def _run(*args, cwd=None, env=None, input=None):
        runner = CliRunner()
        old = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            r = runner.invoke(app, hoist_globals([str(a) for a in args]), env=env, input=input,
                              catch_exceptions=True)
        finally:
            os.chdir(old)
        if r.exception and not isinstance(r.exception, SystemExit):
            raise r.exception
        return Result(r)
    return _run


def git_identity(path: Path) -> None:
    subprocess.run(["git", "-C", str(path), "config", "user.name", "测试员"], check=True)
    subprocess.run(["git", "-C", str(path), "config", "user.email", "clerk@example.org"], check=True)


@pytest.fixture
def reg(tmp_path, run):
    """A fresh national-profile register with a git identity, at tmp_path/reg."""
    root = tmp_path / "reg"
    r = run("init", root, "--org", "测试局", "--code", "00817525-1", "--profile", "national")
    assert r.exit_code == 0, r
    git_identity(root)
    return root


def make_register(root: Path, run, profile: str = "national") -> Path:
    r = run("init", root, "--org", "测试机关", "--code", "11110000-X", "--profile", profile)
    assert r.exit_code == 0, r
    git_identity(root)
    return root


def snapshot(root: Path) -> dict:
    """Everything a refusal must leave alone: every work-tree file, HEAD and the index."""
    files = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith((".git/", ".dwgk/")):
            files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True).stdout
    count = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout
    return {"files": files, "head": head, "status": status, "count": count}


def sealed(item):
    """``item`` with each decision's and revision's ``content_hash`` as dwgk records it (an item
    made in a test without them is a W080 item, which no public output shows)."""
    import dataclasses
    from dwgk.items import procedure as wf
    history: list = []
    for e in item.history:
        if e.action in ("review", "revise"):
            e = dataclasses.replace(e, content_hash=wf.hash_with(item.with_history(tuple(history)), e))
        history.append(e)
    return item.with_history(tuple(history))
