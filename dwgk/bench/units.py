"""``python -m dwgk.bench run --units 50``: oversight of many units against the units' own runs.

Generates (once, then reuses) N registers of ``--unit-items`` items each (seeds seed…seed+N-1),
an office register that lists them in ``units.yaml``, and fetches the copies (``dwgk units
fetch``: git clones). With every copy's parse cache warm, it times, interleaved ``repeat``
times, the office's ``dwgk units overdue --format json`` against the sum of each unit's own
``dwgk -R <copy> overdue --format json`` (one process per unit, as an office would run them
one by one). The target is a ratio of at most 1.2.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from dwgk.bench import run as bench_run
from dwgk.bench.run import Sample, dwgk_command, ensure_register, measure

TARGET = 1.2
OVERDUE = ("overdue", "--format", "json")


def run_units(n_units: int, items: int, repeat: int, seed: int, profile: str, cache_dir: Path, work: Path,
              env: dict, json_out: Path | None = None) -> int:
    dwgk = dwgk_command()
    units = [ensure_register(cache_dir, items, seed + i, profile)[0] for i in range(n_units)]
    office = work / "office"
    subprocess.run([*dwgk, "init", str(office), "--org", "某县人民政府办公室", "--profile", "national"],
                   env=env, check=True, capture_output=True)
    for cmd in (["config", "user.name", "bench"], ["config", "user.email", "bench@localhost"]):
        subprocess.run(["git", "-C", str(office), *cmd], check=True)
    lines = ["units:"] + [f"- {{name: u{i:02d}, source: {json.dumps(str(u), ensure_ascii=False)}}}"
                          for i, u in enumerate(units)]
    (office / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    oenv = {**env, "DWGK_REGISTER": str(office)}
    t = time.perf_counter()
    r = subprocess.run([*dwgk, "units", "fetch"], env=oenv, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr, file=sys.stderr)
        return 1
    print(f"取得 {n_units} 个单位的副本：{time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    copies = [office / ".dwgk" / "units" / f"u{i:02d}" for i in range(n_units)]
    time.sleep(bench_run.SETTLE_SECONDS)  # new files must age past the cache's "racily clean" window
    for c in copies:  # warm every unit's cache (the same cache files units overdue reads)
        measure([*dwgk, *OVERDUE], {**env, "DWGK_REGISTER": str(c)})
    measure([*dwgk, "units", *OVERDUE], oenv)
    whole, parts = Sample(), Sample()
    for k in range(repeat):
        print(f"第 {k + 1}/{repeat} 轮", file=sys.stderr, flush=True)
        whole.add(*measure([*dwgk, "units", *OVERDUE], oenv))
        wall = cpu = 0.0
        rss, codes = 0, set()
        for c in copies:
            w, cp, m, code = measure([*dwgk, *OVERDUE], {**env, "DWGK_REGISTER": str(c)})
            wall, cpu, rss = wall + w, cpu + cp, max(rss, m)
            codes.add(code)
        parts.add(wall, cpu, rss, max(codes))
    load = os.getloadavg()
    ratio, cpu_ratio = whole.med() / parts.med(), whole.med("cpu") / parts.med("cpu")
    out = [f"{n_units} units x {items:,} items (warm caches), median of {repeat} runs, load average "
           f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
           f"{'dwgk units overdue --format json':<44}{whole.med():>8.2f} s  CPU {whole.med('cpu'):.2f} s  "
           f"RSS {max(whole.rss) / 1024:.0f} MB",
           f"{'sum of the units own overdue --format json':<44}{parts.med():>8.2f} s  CPU {parts.med('cpu'):.2f} s",
           f"ratio {ratio:.2f} (CPU {cpu_ratio:.2f}); target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'}",
           f"exit codes: units overdue {sorted(whole.codes)}, units' own {sorted(parts.codes)}"]
    print("\n".join(out))
    if json_out:
        json_out.write_text(json.dumps({"units": n_units, "items": items, "repeat": repeat, "load": load,
                                        "units_overdue": whole.to_json(), "sum_of_units": parts.to_json(),
                                        "ratio": ratio, "cpu_ratio": cpu_ratio,
                                        "wall_each": statistics.mean(parts.wall) / n_units},
                                       ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ratio <= TARGET else 1
