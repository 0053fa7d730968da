"""Time whole ``dwgk`` processes against floors measured in the same run.

For each register size N the runner generates (once, then reuses) a register with
:mod:`dwgk.bench.generate`, and times, as separate processes of the installed ``dwgk``:

* ``--version`` and ``--help`` against the **typer floor** — ``python -c "import typer"``;
* ``check``, ``status``, ``overdue --format json``, ``list --format json`` and the annual report
  (``report annual --year Y --kind 政务 --format json``), each **cold** (the parse cache
  removed first) and **warm** (run again, nothing changed), against the **parse floor** — a
  bare Python process that reads every YAML file of the register and parses it with libyaml's
  C loader (``yaml.load(text, Loader=yaml.CSafeLoader)``).

Runs are interleaved (floor, then each command, K times over) so that a busy machine slows
floors and commands alike; the table shows medians, the ratio to the floor (wall clock, and
CPU time in brackets — steadier when other work shares the machine) and the peak RSS of
each process (``os.wait4``). Commands that do not exist yet are shown as "—".

The code under test is a snapshot of the ``dwgk`` package taken when the run starts, so
edits made meanwhile cannot change the code half-way. Processes run with a private
``PYTHONPYCACHEPREFIX`` (bytecode is cached, as it is after ``pip install``) and with
``NO_COLOR=1``, ``COLUMNS=100``, a fixed ``DWGK_TODAY``, ``DWGK_REGISTER`` set.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

GEN_VERSION = 6  # bump when the generator's output changes, to regenerate cached registers
SETTLE_SECONDS = 3.5  # new files must age past the cache's "racily clean" window to be cached
YEAR = 2025

FLOOR_PARSE = r"""
import os, sys, yaml
out = []
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if d not in (".git", ".dwgk")]
    for name in filenames:
        if name.endswith(".yaml"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                out.append(yaml.load(fh.read(), Loader=yaml.CSafeLoader))
"""

# label, arguments, uses the register
COMMANDS = (
    ("--version", ("--version",), False),
    ("--help", ("--help",), False),
    ("check", ("check",), True),
    ("status", ("status",), True),
    ("overdue --format json", ("overdue", "--format", "json"), True),
    ("list --format json", ("list", "--format", "json"), True),
    ("report annual (json)", ("report", "annual", "--year", str(YEAR), "--kind", "政务", "--format", "json"), True),
)


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    codes: set[int] = field(default_factory=set)

    def add(self, wall: float, cpu: float, rss: int, code: int) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)
        self.codes.add(code)

    @property
    def ok(self) -> bool:
        return bool(self.wall)

    def med(self, what: str = "wall") -> float:
        return statistics.median(getattr(self, what))

    def to_json(self) -> dict:
        return {"wall_median": self.med() if self.wall else None, "cpu_median": self.med("cpu") if self.cpu else None,
                "rss_max_kib": max(self.rss) if self.rss else None, "wall": self.wall, "cpu": self.cpu,
                "exit_codes": sorted(self.codes)}


def measure(argv: list[str], env: dict, cwd: str | None = None) -> tuple[float, float, int, int]:
    """(wall s, cpu s, peak RSS KiB, exit code) of one process and what it waited for."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode


# ---------------------------------------------------------------- setup

def snapshot_code(dest: Path) -> Path:
    """Copy the dwgk package (templates included) into ``dest``; return the folder to put
    on PYTHONPATH."""
    import dwgk
    src = Path(dwgk.__file__).parent
    target = dest / "dwgk"
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if not (target / "templates").is_dir():
        from dwgk.render import package_dir
        shutil.copytree(package_dir(), target / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def dwgk_command() -> list[str]:
    exe = Path(sys.executable).with_name("dwgk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dwgk"]


def ensure_register(cache_dir: Path, n: int, seed: int, profile: str) -> tuple[Path, dict]:
    """A generated register of n items, reused while the generator version is the same."""
    from dwgk.bench.generate import generate
    root = cache_dir / f"register-{profile}-s{seed}-n{n}"
    marker = root / ".dwgk-bench.json"
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("gen_version") == GEN_VERSION:
            return root, info
    if root.exists():
        shutil.rmtree(root)
    t = time.perf_counter()
    print(f"生成 {n} 个事项的登记簿：{root} …", file=sys.stderr, flush=True)
    info = generate(root, n, seed=seed, profile=profile)
    info.update(gen_version=GEN_VERSION, seconds=round(time.perf_counter() - t, 1),
                bytes=sum(p.stat().st_size for p in root.rglob("*.yaml")),
                files=sum(1 for _ in root.rglob("*.yaml")))
    marker.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    (root / ".git" / "info").mkdir(parents=True, exist_ok=True)
    with open(root / ".git" / "info" / "exclude", "a", encoding="utf-8") as fh:
        fh.write(".dwgk-bench.json\n")
    time.sleep(SETTLE_SECONDS)
    return root, info


# ---------------------------------------------------------------- the run

def run(sizes: list[int], repeat: int = 5, seed: int = 1, profile: str = "national",
        cache_dir: Path | None = None, commands: list[str] | None = None,
        json_out: Path | None = None, live: bool = False, units: int = 0, unit_items: int = 1000) -> int:
    from dwgk.bench.generate import TODAY
    cache_dir = Path(cache_dir or Path(tempfile.gettempdir()) / "dwgk-bench")
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=cache_dir))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DWGK_", "PYTHONDONTWRITEBYTECODE"))}
        env.update(NO_COLOR="1", COLUMNS="100", DWGK_TODAY=TODAY.isoformat(),
                   PYTHONPYCACHEPREFIX=str(cache_dir / "pycache"))
        if not live:
            code = snapshot_code(work / "code")
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH", "")]))
        if units:
            from dwgk.bench.units import run_units
            return run_units(units, unit_items, repeat, seed, profile, cache_dir, work, env, json_out)
        dwgk = dwgk_command()
        py = sys.executable
        wanted = {x.strip().lstrip("-") for x in commands or ()}
        chosen = [c for c in COMMANDS if not wanted or c[1][0].lstrip("-") in wanted]

        # which commands exist in this version
        available = {}
        for label, args, _ in chosen:
            probe = list(args[:2]) if args[0] == "report" else [args[0]]
            available[label] = args[0].startswith("--") or subprocess.run(
                [*dwgk, *probe, "--help"], env=env, capture_output=True).returncode == 0

        # warm-up: bytecode caches, disk caches
        for _ in range(2):
            measure([py, "-c", "import typer"], env)
            measure([*dwgk, "--version"], env)

        results: dict = {"machine": machine_info(), "sizes": {}, "repeat": repeat,
                         "today": TODAY.isoformat(), "command": " ".join(sys.argv)}
        typer_floor = Sample()
        start = {label: Sample() for label, _, reg in chosen if not reg}
        for _ in range(repeat):
            typer_floor.add(*measure([py, "-c", "import typer"], env))
            for label, args, reg in chosen:
                if not reg and available[label]:
                    start[label].add(*measure([*dwgk, *args], env))
        results["typer_floor"] = typer_floor
        results["startup"] = start

        for n in sizes:
            root, info = ensure_register(cache_dir, n, seed, profile)
            renv = {**env, "DWGK_REGISTER": str(root)}
            floor = Sample()
            cold = {label: Sample() for label, _, reg in chosen if reg}
            warm = {label: Sample() for label, _, reg in chosen if reg}
            measure([py, "-c", FLOOR_PARSE, str(root)], renv)  # warm the page cache
            for r in range(repeat):
                print(f"N={n}：第 {r + 1}/{repeat} 轮", file=sys.stderr, flush=True)
                floor.add(*measure([py, "-c", FLOOR_PARSE, str(root)], renv))
                for label, args, reg in chosen:
                    if not reg or not available[label]:
                        continue
                    shutil.rmtree(root / ".dwgk", ignore_errors=True)
                    cold[label].add(*measure([*dwgk, *args], renv))
                    warm[label].add(*measure([*dwgk, *args], renv))
            shutil.rmtree(root / ".dwgk", ignore_errors=True)
            results["sizes"][n] = {"info": info, "floor": floor, "cold": cold, "warm": warm}

        print(table(results, chosen, available))
        if json_out:
            json_out.write_text(json.dumps(results, ensure_ascii=False, indent=1,
                                           default=lambda o: o.to_json() if isinstance(o, Sample) else str(o)),
                                encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def machine_info() -> dict:
    import yaml
    import dwgk
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "pyyaml": yaml.__version__, "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
            "dwgk": dwgk.__version__, "platform": platform.platform(terse=True),
            "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


# ---------------------------------------------------------------- the table

def _t(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def _ratio(a: Sample, b: Sample) -> str:
    return f"{a.med() / b.med():.2f} ({a.med('cpu') / b.med('cpu'):.2f})"


def _mb(s: Sample) -> str:
    return f"{max(s.rss) / 1024:.0f}"


def table(results: dict, chosen, available) -> str:
    """The report, at most 100 columns wide."""
    m = results["machine"]
    load = f", load {m['load']:.1f}" if m.get("load") is not None else ""
    out = [f"dwgk {m['dwgk']} benchmark: {m['cpus']} CPUs{load}, Python {m['python']}, PyYAML {m['pyyaml']}"
           f" ({'libyaml' if m['libyaml'] else 'NO libyaml'}), median of {results['repeat']} runs",
           "x floor = median wall time / the floor's, same run (CPU-time ratio in brackets); RSS = peak",
           f"resident memory, MB; cold = parse cache removed, warm = run again; DWGK_TODAY={results['today']}",
           ""]
    tf: Sample = results["typer_floor"]
    out.append(f"start-up          floor  python -c 'import typer'  {_t(tf.med()):>9}   RSS {_mb(tf)}")
    out.append(f"{'command':<30}{'time':>10}{'x floor':>16}{'RSS':>8}")
    for label, s in results["startup"].items():
        if s.ok:
            out.append(f"{'dwgk ' + label:<30}{_t(s.med()):>10}{_ratio(s, tf):>16}{_mb(s):>8}")
        else:
            out.append(f"{'dwgk ' + label:<30}{'-':>10}")
    for n, r in results["sizes"].items():
        info, floor = r["info"], r["floor"]
        out += ["", f"N = {n:,} items, {info.get('requests', 0):,} requests ({info.get('files', 0):,} files, "
                f"{info.get('bytes', 0) / 1e6:.0f} MB of YAML)",
                f"{'parse floor (CSafeLoader)':<30}{_t(floor.med()):>10}{'':>16}{'':>10}{'':>16}{_mb(floor):>12}",
                f"{'command':<30}{'cold':>10}{'x floor':>16}{'warm':>10}{'x floor':>16}{'RSS c/w':>12}"]
        for label, _, reg in chosen:
            if not reg:
                continue
            c, w = r["cold"][label], r["warm"][label]
            if not c.ok:
                out.append(f"{label:<30}{'-':>10}{'':>16}{'-':>10}")
                continue
            bad = "" if c.codes | w.codes <= {0, 1} else f" exit {sorted(c.codes | w.codes)}"
            out.append(f"{label:<30}{_t(c.med()):>10}{_ratio(c, floor):>16}{_t(w.med()):>10}"
                       f"{_ratio(w, floor):>16}{_mb(c) + '/' + _mb(w):>12}{bad}")
    if len(results["sizes"]) > 1:
        out += ["", "cold time per item, ms (linear growth keeps each row level)",
                f"{'command':<30}" + "".join(f"{f'N={n:,}':>12}" for n in results["sizes"])]
        rows = [("parse floor", [r["floor"] for r in results["sizes"].values()])]
        rows += [(label, [r["cold"][label] for r in results["sizes"].values()])
                 for label, _, reg in chosen if reg and available[label]]
        for label, samples in rows:
            cells = [s.med() / n * 1000 for s, n in zip(samples, results["sizes"])]
            out.append(f"{label:<30}" + "".join(f"{c:>12.3f}" for c in cells))
    return "\n".join(out)
