"""``dwgk --help`` printed from the text kept by the last run (dwgk/cli/helpcache.py): the
same bytes as printing it afresh, for each terminal width, and never a stale or foreign text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dwgk.cli import helpcache


def dwgk_help(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dwgk", *(args or ("--help",))], env=env,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture
def env(tmp_path) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("DWGK_")}
    e["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    return e


@pytest.mark.parametrize("columns", ["60", "100"])
def test_the_kept_text_is_the_text(env, columns):
    env["COLUMNS"] = columns
    first = dwgk_help(env)
    kept = list((Path(env["XDG_CACHE_HOME"]) / "dwgk").glob("help-*.txt"))
    assert first.returncode == 0 and "用法" in first.stdout and len(kept) == 1
    second = dwgk_help(env)
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert dwgk_help(env, "-h").stdout == first.stdout
    # a kept text is only ever printed for its own key: marking it shows that it was used
    kept[0].write_text(first.stdout + "（已保存）", encoding="utf-8")
    assert dwgk_help(env).stdout.endswith("（已保存）")


def test_a_change_to_a_command_module_or_the_width_gives_another_key(env, tmp_path, monkeypatch):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    before = helpcache.key(os.environ)
    monkeypatch.setenv("COLUMNS", "61")
    assert helpcache.key(os.environ) != before
    monkeypatch.setenv("COLUMNS", env.get("COLUMNS", ""))
    module = Path(helpcache.__file__).parent / "app.py"
    st = module.stat()
    try:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert helpcache.key(os.environ) != before
    finally:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert helpcache.key(os.environ) == before


def test_a_symlinked_or_unwritable_cache_is_not_used(env, tmp_path):
    first = dwgk_help(env)
    kept = next((Path(env["XDG_CACHE_HOME"]) / "dwgk").glob("help-*.txt"))
    other = tmp_path / "other.txt"
    other.write_text("别人的文字", encoding="utf-8")
    kept.unlink()
    kept.symlink_to(other)
    r = dwgk_help(env)
    assert r.returncode == 0 and r.stdout == first.stdout  # printed afresh, not the link's text
    env["XDG_CACHE_HOME"] = "/proc/no-such-place"
    r = dwgk_help(env)
    assert r.returncode == 0 and r.stdout == first.stdout and r.stderr == ""
