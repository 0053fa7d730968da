"""``python -m dwgk.bench generate|run`` — see dwgk/bench/__init__.py."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dwgk.bench", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write a synthetic register")
    g.add_argument("dir", type=Path)
    g.add_argument("--items", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--profile", default="national")
    g.add_argument("--first-year", type=int, default=2017)
    g.add_argument("--today", default="2026-11-20", help="the generated history ends before this day")
    g.add_argument("--requests", type=int, default=None, help="number of requests (default items/10)")
    g.add_argument("--no-git", action="store_true", help="do not make a git history")
    r = sub.add_parser("run", help="time whole dwgk processes against the floors")
    r.add_argument("--sizes", default="1000,10000,50000")
    r.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--register-profile", dest="profile", default="national",
                   help="the profile of the generated registers (--profile is the phases)")
    r.add_argument("--cache-dir", type=Path, default=None,
                   help="where generated registers are kept between runs (default: system temp)")
    r.add_argument("--commands", default=None,
                   help="comma-separated subset: version,help,check,status,overdue,due,list,report,site,complete,"
                        "import (import: the generator, then a 台账 of N rows imported; by default at N <= 10000)")
    r.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    r.add_argument("--live", action="store_true",
                   help="run the working tree's code instead of a snapshot taken at the start")
    r.add_argument("--units", type=int, default=0,
                   help="instead of --sizes: N registers overseen by one (dwgk units overdue vs each unit's own)")
    r.add_argument("--unit-items", type=int, default=1000, help="items per unit with --units")
    r.add_argument("--profile", dest="phases", action="store_true",
                   help="also run each command once cold and once warm with its phases timed "
                        "(imports, stat, cache read, parse, build, deadlines, cache write, the rest)")
    args = ap.parse_args(argv)

    if args.cmd == "generate":
        from dwgk.bench.generate import generate
        info = generate(args.dir, args.items, seed=args.seed, profile=args.profile,
                        first_year=args.first_year, today=date.fromisoformat(args.today),
                        git=not args.no_git, requests=args.requests)
        print(f"已生成 {info['items']} 个事项、{info.get('requests', 0)} 件依申请公开：{info['root']}")
        return 0
    from dwgk.bench.run import run
    return run(sizes=[int(s) for s in args.sizes.split(",") if s], repeat=args.repeat,
               seed=args.seed, profile=args.profile, cache_dir=args.cache_dir,
               commands=args.commands.split(",") if args.commands else None, json_out=args.json,
               live=args.live, units=args.units, unit_items=args.unit_items, phases=args.phases)


if __name__ == "__main__":
    sys.exit(main())
