"""``python -m dwgk.bench run --profile``: where each command's time goes, phase by phase.

Each register command is run once more cold and once warm with ``DWGK_PROFILE=1``, which
makes ``dwgk`` print its phases (``dwgk.phases``: imports, stat, cache read, parse, build,
deadlines, cache write, the rest) on stderr; "start" is what the process spent outside them
(the interpreter starting and the imports before ``main``), the wall time minus their sum.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

PREFIX = "dwgk-profile\t"


def profile_once(argv: list[str], env: dict) -> dict[str, float]:
    """{phase: seconds} of one run, "start" included."""
    t0 = time.perf_counter()
    p = subprocess.run(argv, env={**env, "DWGK_PROFILE": "1"}, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    out: dict[str, float] = {}
    for line in p.stderr.splitlines():
        if line.startswith(PREFIX):
            _, name, seconds = line.split("\t")
            out[name] = out.get(name, 0.0) + float(seconds)
    out["start"] = max(0.0, wall - sum(out.values()))
    out["total"] = wall
    return out


def profile_commands(root: Path, chosen, available, dwgk: list[str], env: dict) -> dict:
    """{label: {"cold": phases, "warm": phases}} for each register command."""
    out = {}
    for label, args, reg in chosen:
        if not reg or not available[label]:
            continue
        shutil.rmtree(root / ".dwgk", ignore_errors=True)
        cold = profile_once([*dwgk, *args], env)
        out[label] = {"cold": cold, "warm": profile_once([*dwgk, *args], env)}
    return out


ORDER = ("start", "imports", "stat", "cache read", "parse", "build", "load (config, catalogue, …)",
         "calendar", "deadlines", "cache write", "other (checks, output)")
SHORT = {"imports": "import", "load (config, catalogue, …)": "config", "other (checks, output)": "rest",
         "cache read": "cache", "cache write": "save", "calendar": "cal", "deadlines": "dl"}


def lines(n: int, profiled: dict) -> list[str]:
    """The phases table of one size, ms, at most 100 columns."""
    names = list(ORDER) + sorted({k for r in profiled.values() for p in r.values() for k in p}
                                 - set(ORDER) - {"total"})
    head = f"{'ms':<14}" + "".join(f"{SHORT.get(k, k)[:6]:>7}" for k in names) + f"{'total':>7}"
    out = ["", f"N = {n:,}: phases (--profile), ms, one run each with DWGK_PROFILE=1, cold then warm;",
           "start = the interpreter and imports before main, dl = deadlines, rest = checks and output",
           head[:100]]
    for label, runs in profiled.items():
        for how, ph in runs.items():
            row = f"{(label.split(' ')[0] + ' ' + how):<14}" + "".join(
                f"{ph.get(k, 0) * 1000:>7.0f}" for k in names) + f"{ph['total'] * 1000:>7.0f}"
            out.append(row[:100])
    return out
