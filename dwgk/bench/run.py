"""Time whole ``dwgk`` processes against floors measured in the same run.

For each register size N the runner generates (once, then reuses) a register with
:mod:`dwgk.bench.generate`, and times, as separate processes of the installed ``dwgk``:

* ``--version`` and ``--help`` against the **typer floor** — ``python -c "import typer"``;
* ``check``, ``status``, ``overdue --format json``, ``due --format json``, ``list --format json``
  and the annual report (``report annual --year Y --kind 政务 --format json``), each **cold**
  (the parse cache removed first) against the **parse floor** — a bare Python process that
  reads every YAML file of the register and parses it with libyaml's C loader
  (``yaml.load(text, Loader=yaml.CSafeLoader)``) — and **warm** (run again, nothing changed)
  against the **warm floor**: what a warm run cannot avoid — ``import typer`` and
  ``import yaml``, walking and stat-ing every register file, and loading one ``marshal`` blob
  of the parsed register without item contents (made by the runner beforehand).

The targets of issue 19 are printed under the table, each with its ratio: warm ``overdue``,
``status``, ``due``, ``list`` at most 1.5 × the warm floor, warm ``check`` at most 2 ×; cold
``check`` at most 1.0 × the parse floor, cold ``overdue`` and ``status`` at most 0.7 ×;
``--version`` / ``--help`` at most 1.2 × the typer floor; and (issue 13) ``site build``, cold, at
most 2 × the parse floor. ``--profile`` adds, per size, one
profiled run of each command cold and warm, split into phases (``dwgk.bench.phases``).

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

FLOOR_WARM = r"""
import marshal, os, sys, typer, yaml
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if d not in (".git", ".dwgk")]
    for name in filenames:
        if name.endswith(".yaml"):
            os.stat(os.path.join(dirpath, name))
with open(sys.argv[2], "rb") as fh:
    data = marshal.load(fh)
"""

# label, arguments, uses the register (``complete`` and ``import``, dwgk.bench.sheets, are measured apart)
COMMANDS = (
    ("--version", ("--version",), False),
    ("--help", ("--help",), False),
    ("check", ("check",), True),
    ("status", ("status",), True),
    ("overdue --format json", ("overdue", "--format", "json"), True),
    ("due --format json", ("due", "--format", "json"), True),
    ("list --format json", ("list", "--format", "json"), True),
    ("report annual (json)", ("report", "annual", "--year", str(YEAR), "--kind", "政务", "--format", "json"), True),
    ("site build", ("site", "build", "{site}"), True),  # {site}: a folder in the run's work directory
)
GROUPS = ("report", "site")  # commands whose first word is a group: probed with their first two


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

def warm_blob(root: Path, dest: Path) -> Path:
    """The warm floor's blob: every register file parsed (dates as text, as dwgk reads them),
    items without their ``content``, as one ``marshal`` dump."""
    import marshal
    from dwgk.yamlread import parse
    data = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        if rel.parts[0] in (".git", ".dwgk"):
            continue
        value, _ = parse(path.read_text(encoding="utf-8"), rel.as_posix())
        if rel.parts[0] == "items" and isinstance(value, dict):
            value.pop("content", None)
        data[rel.as_posix()] = value
    dest.write_bytes(marshal.dumps(data))
    return dest


def run(sizes: list[int], repeat: int = 5, seed: int = 1, profile: str = "national",
        cache_dir: Path | None = None, commands: list[str] | None = None,
        json_out: Path | None = None, live: bool = False, units: int = 0, unit_items: int = 1000,
        phases: bool = False) -> int:
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
        chosen = [(label, tuple(a.replace("{site}", str(work / "site")) for a in args), reg)
                  for label, args, reg in chosen]
        available = {}
        for label, args, _ in chosen:
            probe = list(args[:2]) if args[0] in GROUPS else [args[0]]
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

        tree = ""
        for n in sizes:
            root, info = ensure_register(cache_dir, n, seed, profile)
            renv = {**env, "DWGK_REGISTER": str(root)}
            floor, warm_floor = Sample(), Sample()
            cold = {label: Sample() for label, _, reg in chosen if reg}
            warm = {label: Sample() for label, _, reg in chosen if reg}
            blob = str(warm_blob(root, work / f"warm-{n}.marshal"))
            measure([py, "-c", FLOOR_PARSE, str(root)], renv)  # warm the page cache
            for r in range(repeat):
                print(f"N={n}：第 {r + 1}/{repeat} 轮", file=sys.stderr, flush=True)
                floor.add(*measure([py, "-c", FLOOR_PARSE, str(root)], renv))
                warm_floor.add(*measure([py, "-c", FLOOR_WARM, str(root), blob], renv))
                for label, args, reg in chosen:
                    if not reg or not available[label]:
                        continue
                    shutil.rmtree(root / ".dwgk", ignore_errors=True)
                    cold[label].add(*measure([*dwgk, *args], renv))
                    warm[label].add(*measure([*dwgk, *args], renv))
            results["sizes"][n] = {"info": info, "floor": floor, "warm_floor": warm_floor, "cold": cold,
                                   "warm": warm, "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}
            if phases:
                from dwgk.bench.phases import profile_commands
                print(f"N={n}：分阶段计时（--profile）", file=sys.stderr, flush=True)
                results["sizes"][n]["phases"] = profile_commands(root, chosen, available, dwgk, renv)
            shutil.rmtree(root / ".dwgk", ignore_errors=True)
            from dwgk.bench import sheets
            if not wanted or "complete" in wanted:
                print(f"N={n}：补全编号", file=sys.stderr, flush=True)
                tree = tree or sheets.command_tree(env, dwgk)
                sample, listed = sheets.measure_complete(root, tree, renv, dwgk, repeat)
                results.setdefault("complete", {})[n] = {"sample": sample, "listed": listed}
            if "import" in wanted or (not wanted and n <= 10_000):
                print(f"N={n}：生成、导出并导入 {n} 行台账", file=sys.stderr, flush=True)
                results.setdefault("import", {})[n] = sheets.measure_import(n, seed, profile, env, dwgk, work)

        from dwgk.bench.sheets import lines
        print("\n".join([table(results, chosen, available), *lines(results)]))
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


# issue 19: (command label, cold or warm, the floor, at most this many times the floor)
TARGETS = (("overdue --format json", "warm", "warm_floor", 1.5), ("status", "warm", "warm_floor", 1.5),
           ("due --format json", "warm", "warm_floor", 1.5), ("list --format json", "warm", "warm_floor", 1.5),
           ("check", "warm", "warm_floor", 2.0), ("check", "cold", "floor", 1.0),
           ("overdue --format json", "cold", "floor", 0.7), ("status", "cold", "floor", 0.7),
           ("site build", "cold", "floor", 2.0))  # issue 13: the reading room, loading included
MEMORY_MB = 300


def targets(r: dict, results: dict) -> list[str]:
    """Each target of issue 19 this run measured: the ratio, and met or not."""
    out = [f"{'targets (wall-clock ratio)':<30}{'ratio':>10}{'target':>10}"]
    for label, how, floor, limit in TARGETS:
        s = r[how].get(label)
        if s is None or not s.ok:
            continue
        ratio = s.med() / r[floor].med()
        name = f"{how} {label.split(' ')[0]} / {'warm' if floor == 'warm_floor' else 'parse'} floor"
        out.append(f"{name:<30}{ratio:>10.2f}{'≤ ' + str(limit):>10}  {'met' if ratio <= limit else 'NOT MET'}")
    tf = results["typer_floor"]
    for label, s in results["startup"].items():
        if s.ok:
            ratio = s.med() / tf.med()
            out.append(f"{label + ' / typer floor':<30}{ratio:>10.2f}{'≤ 1.2':>10}  {'met' if ratio <= 1.2 else 'NOT MET'}")
    peak = max((max(s.rss) for how in ("cold", "warm") for s in r[how].values() if s.ok), default=0) / 1024
    out.append(f"{'peak RSS of any command, MB':<30}{peak:>10.0f}{'< ' + str(MEMORY_MB):>10}  "
               f"{'met' if peak < MEMORY_MB else 'NOT MET'}")
    return out


def table(results: dict, chosen, available) -> str:
    """The report, at most 100 columns wide."""
    m = results["machine"]
    load = f", load {m['load']:.1f}" if m.get("load") is not None else ""
    out = [f"dwgk {m['dwgk']} benchmark: {m['cpus']} CPUs{load}, Python {m['python']}, PyYAML {m['pyyaml']}"
           f" ({'libyaml' if m['libyaml'] else 'NO libyaml'}), median of {results['repeat']} runs",
           "x floor = median wall time / the floor's, same run (CPU-time ratio in brackets): cold against",
           "the parse floor, warm against the warm floor; RSS = peak resident memory, MB; cold = parse",
           f"cache removed, warm = run again; DWGK_TODAY={results['today']}", ""]
    tf: Sample = results["typer_floor"]
    out.append(f"start-up          floor  python -c 'import typer'  {_t(tf.med()):>9}   RSS {_mb(tf)}")
    out.append(f"{'command':<30}{'time':>10}{'x floor':>16}{'RSS':>8}")
    for label, s in results["startup"].items():
        if s.ok:
            out.append(f"{'dwgk ' + label:<30}{_t(s.med()):>10}{_ratio(s, tf):>16}{_mb(s):>8}")
        else:
            out.append(f"{'dwgk ' + label:<30}{'-':>10}")
    for n, r in results["sizes"].items():
        info, floor, wfloor = r["info"], r["floor"], r["warm_floor"]
        load = f", load {r['load']:.1f} at the end" if r.get("load") is not None else ""
        out += ["", f"N = {n:,} items, {info.get('requests', 0):,} requests ({info.get('files', 0):,} files, "
                f"{info.get('bytes', 0) / 1e6:.0f} MB of YAML){load}",
                f"{'parse floor (CSafeLoader)':<30}{_t(floor.med()):>10}{'':>16}{'':>10}{'':>16}{_mb(floor):>12}",
                f"{'warm floor (stat + marshal)':<30}{'':>10}{'':>16}{_t(wfloor.med()):>10}{'':>16}{_mb(wfloor):>12}",
                f"{'command':<30}{'cold':>10}{'x parse':>16}{'warm':>10}{'x warm':>16}{'RSS c/w':>12}"]
        for label, _, reg in chosen:
            if not reg:
                continue
            c, w = r["cold"][label], r["warm"][label]
            if not c.ok:
                out.append(f"{label:<30}{'-':>10}{'':>16}{'-':>10}")
                continue
            bad = "" if c.codes | w.codes <= {0, 1} else f" exit {sorted(c.codes | w.codes)}"
            out.append(f"{label:<30}{_t(c.med()):>10}{_ratio(c, floor):>16}{_t(w.med()):>10}"
                       f"{_ratio(w, wfloor):>16}{_mb(c) + '/' + _mb(w):>12}{bad}")
        out += targets(r, results)
        if r.get("phases"):
            from dwgk.bench.phases import lines as phase_lines
            out += phase_lines(n, r["phases"])
    if len(results["sizes"]) > 1:
        out += ["", "cold time per item, ms (linear growth keeps each row level)",
                f"{'command':<30}" + "".join(f"{f'N={n:,}':>12}" for n in results["sizes"])]
        rows = [("parse floor", [r["floor"] for r in results["sizes"].values()])]
        rows += [(label, [r["cold"][label] for r in results["sizes"].values()])
                 for label, _, reg in chosen if reg and available[label]]
        rows += [("warm floor", [r["warm_floor"] for r in results["sizes"].values()])]
        rows += [(label.split(" ")[0] + " (warm)", [r["warm"][label] for r in results["sizes"].values()])
                 for label, _, reg in chosen if reg and available[label]]
        for label, samples in rows:
            cells = [s.med() / n * 1000 for s, n in zip(samples, results["sizes"])]
            out.append(f"{label:<30}" + "".join(f"{c:>12.3f}" for c in cells))
    return "\n".join(out)
