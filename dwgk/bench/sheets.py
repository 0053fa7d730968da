"""The benchmark's spreadsheet and completion measurements.

* **import**: the generator writes a register of N items (timed, as its own process, into a
  fresh folder); ``dwgk list --format xlsx`` exports its items; ``dwgk import items`` reads
  that workbook into an empty register (timed). The issue's bar: the import takes at most
  2 × the generator's time for the same register.
* **completion**: ``dwgk __complete show GK-20…`` — completing an item ID from the register,
  as the shell calls it — timed K times; the bar is 150 ms.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

COMPLETE_BAR = 0.150
IMPORT_BAR = 2.0


def measure_import(n: int, seed: int, profile: str, env: dict, dwgk: list[str], work: Path) -> dict:
    from dwgk.bench.run import measure
    gen = work / f"gen-{n}"
    shutil.rmtree(gen, ignore_errors=True)
    g = measure([sys.executable, "-m", "dwgk.bench", "generate", str(gen), "--items", str(n), "--seed", str(seed),
                 "--profile", profile], env)
    book = work / f"items-{n}.xlsx"
    e = measure([*dwgk, "-R", str(gen), "list", "--format", "xlsx", "-o", str(book)], env)
    target = work / f"import-{n}"
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run([*dwgk, "init", str(target), "--org", "基准测试", "--code", "11460100MB1957431X", "--profile",
                    profile], env=env, capture_output=True, check=True)
    for k, v in (("user.name", "dwgk-bench"), ("user.email", "bench@example.org")):
        subprocess.run(["git", "-C", str(target), "config", k, v], check=True)
    i = measure([*dwgk, "import", "items", str(book), "--by", "基准"], env, cwd=str(target))
    count = sum(1 for _ in (target / "items").rglob("*.yaml")) if (target / "items").is_dir() else 0
    shutil.rmtree(gen, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    return {"n": n, "generate": {"wall": g[0], "cpu": g[1], "rss": g[2], "code": g[3]},
            "export": {"wall": e[0], "cpu": e[1], "code": e[3]},
            "import": {"wall": i[0], "cpu": i[1], "rss": i[2], "code": i[3]}, "imported": count,
            "ratio": i[0] / g[0], "cpu_ratio": i[1] / g[1] if g[1] else None}


def command_tree(env: dict, dwgk: list[str]) -> str:
    return subprocess.run([*dwgk, "completion", "bash", "--tree"], env=env, capture_output=True, text=True,
                          check=True).stdout


def measure_complete(root: Path, tree: str, env: dict, dwgk: list[str], repeat: int):
    """(Sample, how many IDs it listed) for completing an item ID of the register at ``root``."""
    from dwgk.bench.run import Sample, measure
    year = max((p.name for p in (root / "items").iterdir() if p.is_dir()), default="2026")
    words = ["show", f"GK-{year}-"]
    cenv = {**env, "DWGK_COMPLETE_TREE": tree, "DWGK_COMPLETE_CWORD": str(len(words) - 1)}
    out = subprocess.run([*dwgk, "__complete", *words], env=cenv, cwd=str(root), capture_output=True, text=True)
    s = Sample()
    for _ in range(repeat):
        s.add(*measure([*dwgk, "__complete", *words], cenv, cwd=str(root)))
    return s, len(out.stdout.split())


def lines(results: dict) -> list[str]:
    """The report's lines for these measurements."""
    out: list[str] = []
    for n, c in results.get("complete", {}).items():
        s = c["sample"]
        ok = "ok" if s.med() <= COMPLETE_BAR else f"OVER {COMPLETE_BAR * 1000:.0f} ms"
        out.append(f"completion of an item ID at N={n:,} ({c['listed']:,} IDs listed): median {s.med() * 1000:.0f} ms "
                   f"(cpu {s.med('cpu') * 1000:.0f} ms)  [{ok}]")
    for n, r in results.get("import", {}).items():
        ok = "ok" if r["ratio"] <= IMPORT_BAR else f"OVER {IMPORT_BAR:.0f}x"
        out.append(f"import of {r['imported']:,} rows at N={n:,}: {r['import']['wall']:.1f} s "
                   f"(cpu {r['import']['cpu']:.1f} s); generator {r['generate']['wall']:.1f} s "
                   f"(cpu {r['generate']['cpu']:.1f} s); x generator {r['ratio']:.2f} "
                   f"(cpu {r['cpu_ratio'] or 0:.2f})  [{ok}]; export to xlsx {r['export']['wall']:.1f} s")
    if out:
        out.insert(0, "")
        out.insert(1, f"spreadsheets and completion (load {os.getloadavg()[0]:.1f})")
    return out
