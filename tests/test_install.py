"""The installed command, run from outside the source checkout: it must carry its own
profiles and templates (CI installs a plain wheel, not an editable checkout)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def dwgk(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DWGK_REGISTER")}
    env.update(NO_COLOR="1", DWGK_TODAY="2026-11-20")
    return subprocess.run([sys.executable, "-m", "dwgk", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_installed_command_renders_from_its_own_templates(tmp_path):
    r = dwgk("-R", str(REPO / "examples" / "national"), "catalogue", "render", "--audience", "社会",
             "--format", "html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "<table" in r.stdout and "公开目录" in r.stdout


def test_installed_command_knows_every_profile(tmp_path):
    r = dwgk("profiles", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for name in ("national", "s000_kejiju", "s001_jiguan", "s002_shikejiju", "s003_gaoxinqu", "s004_shidian"):
        assert name in r.stdout


def test_every_subpackage_ships_in_the_wheel():
    import tomllib
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(conf["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "dwgk").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, f"not in pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"
