"""The benchmark's generator and runner (dwgk/bench). No timing assertions: the numbers are
for ``python -m dwgk.bench run``; these tests check that what it measures is valid."""

from __future__ import annotations

import filecmp
import json
import subprocess
from pathlib import Path

import pytest

from dwgk.items import procedure as workflow
from dwgk.bench import run as bench_run
from dwgk.bench.generate import generate
from dwgk.loader import load
from dwgk.vocab import STAGES
from dwgk.profile import available


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(root).parts)


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "national"
    generate(root, 200, seed=5, first_year=2023)
    return root


def test_generated_register_passes_check_and_covers_every_stage(national, run):
    r = run("-R", national, "--no-cache", "check")
    assert r.exit_code == 0, r
    reg = load(national)
    assert len(reg.items) == 200
    stages = {workflow.state(reg.profile, i).stage for i in reg.items}
    assert stages == set(STAGES)
    assert {i.submitted.year for i in reg.items} == {2023, 2024, 2025, 2026}
    assert len({i.department for i in reg.items}) >= 3
    assert any(e.action == "revise" for i in reg.items for e in i.history)
    assert all(15 <= len(i.title) <= 40 for i in reg.items)
    assert all(200 <= len(i.content) <= 2100 for i in reg.items)


def test_generated_register_has_requests_and_a_git_history(national):
    reg = load(national)
    if not hasattr(__import__("dwgk.requests").requests, "OUTCOMES"):
        pytest.skip("the requests module cannot read requests yet")
    assert len(reg.requests) == 20
    log = subprocess.run(["git", "-C", str(national), "log", "--format=%s"], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert len(log) == 5  # the register's creation, then one commit per year
    status = subprocess.run(["git", "-C", str(national), "status", "--porcelain"], capture_output=True,
                            text=True, check=True).stdout
    assert status == ""


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for root, seed in ((a, 9), (b, 9), (c, 10)):
        generate(root, 40, seed=seed, first_year=2025, git=False)
    assert _files(a) == _files(b)
    match, mismatch, errors = filecmp.cmpfiles(a, b, _files(a), shallow=False)
    assert not mismatch and not errors
    assert filecmp.cmpfiles(a, c, _files(a), shallow=False)[1]


@pytest.mark.parametrize("profile", [p for p in available() if p != "national"])
def test_every_profile_generates_a_clean_register(tmp_path, run, profile):
    root = tmp_path / profile
    generate(root, 60, seed=1, profile=profile, first_year=2025, git=False)
    r = run("-R", root, "--no-cache", "check")
    assert r.exit_code == 0, r


def test_generator_refuses_to_overwrite_a_register(national):
    with pytest.raises(FileExistsError):
        generate(national, 10)


def test_cli_generate(tmp_path):
    import sys
    out = subprocess.run([sys.executable, "-m", "dwgk.bench", "generate", str(tmp_path / "g"), "--items", "15",
                          "--first-year", "2026", "--no-git"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert len(list((tmp_path / "g" / "items").rglob("*.yaml"))) == 15


def test_runner_end_to_end_and_table_fits_100_columns(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench_run, "SETTLE_SECONDS", 0)
    code = bench_run.run(sizes=[12], repeat=1, cache_dir=tmp_path, commands=["version", "check", "overdue"],
                         json_out=tmp_path / "out.json", phases=True)
    assert code == 0
    text = capsys.readouterr().out
    assert "parse floor" in text and "check" in text and "--version" in text
    assert "warm floor (stat + marshal)" in text
    # every target this run measured, with its ratio and verdict
    for target in ("warm check / warm floor", "cold check / parse floor", "warm overdue / warm floor",
                   "cold overdue / parse floor", "--version / typer floor", "peak RSS of any command"):
        line = next(x for x in text.splitlines() if x.startswith(target))
        assert line.endswith(("met", "NOT MET")), line
    # the phases, cold and warm (files this new are too fresh to be cached: both parse)
    assert "phases (--profile)" in text
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    phases = data["sizes"]["12"]["phases"]["check"]
    assert phases["cold"]["parse"] > 0 and phases["cold"]["build"] > 0
    assert phases["warm"]["cache read"] > 0 and phases["warm"]["imports"] > 0
    for run in phases.values():
        parts = sum(v for k, v in run.items() if k != "total")
        assert abs(parts - run["total"]) < 1e-3 * max(1, run["total"]) + 1e-6
    assert max(len(line) for line in text.splitlines()) <= 100
    assert data["sizes"]["12"]["cold"]["check"]["exit_codes"] == [0]
    assert data["sizes"]["12"]["warm_floor"]["wall_median"] > 0
    # the generated register is kept for the next run, and reused
    assert list(tmp_path.glob("register-national-s1-n12/dwgk.yaml"))


def test_measure_reports_exit_code_and_memory():
    import sys
    wall, cpu, rss, code = bench_run.measure([sys.executable, "-c", "import sys; x = bytearray(30_000_000); sys.exit(3)"], {})
    assert code == 3 and rss > 25_000 and wall > 0 and cpu >= 0


def test_units_case_measures_units_overdue_against_each_units_own(tmp_path, monkeypatch, capsys):
    import json
    import os
    import sys
    from dwgk.bench.units import run_units
    monkeypatch.setattr(bench_run, "SETTLE_SECONDS", 0)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DWGK_")}
    env.update(NO_COLOR="1", DWGK_TODAY="2026-11-20", HOME=str(tmp_path),
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))
    work = tmp_path / "work"
    work.mkdir()
    run_units(2, 30, 1, 3, "national", tmp_path / "cache", work, env, tmp_path / "u.json")
    out = capsys.readouterr().out
    assert "2 units x 30 items" in out and "ratio" in out and "load average" in out
    data = json.loads((tmp_path / "u.json").read_text(encoding="utf-8"))
    assert data["units_overdue"]["exit_codes"] == [0] and data["sum_of_units"]["exit_codes"] == [0]
    assert len(list((work / "office" / ".dwgk" / "units").iterdir())) == 2
