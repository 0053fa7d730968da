"""Benchmark tooling: a synthetic register generator and a whole-process timer.

    python -m dwgk.bench generate DIR --items N [--seed S] [--profile P]
    python -m dwgk.bench run [--sizes 1000,10000,50000] [--repeat K] [--profile] [--register-profile P]

``run --profile`` adds each command's phases (imports, stat, cache read, parse, build,
deadlines, cache write, the rest), from one more run cold and one warm.

Nothing here is imported by the ``dwgk`` command itself.
"""
