"""A bounded fuzz test (issue 12): a few hundred seeded mutations of each kind of register file —
an item, a request, a message, dwgk.yaml, catalogue.yaml, holidays.yaml, reports/<year>.yaml —
each followed by ``dwgk check`` (and, in turn, another reading command). Whatever a clerk or
an attacker writes, dwgk answers with findings that name file and line: never a traceback, never
内部错误, never a hang past a few seconds.

Run it longer by hand:  python tests/test_fuzz.py --runs 2000 --seed 7
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from test_hostile_files import within

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "national"
TODAY = "2026-11-20"
RUNS = 200  # per kind of file; a fixed seed makes every run of the suite the same
SECONDS = 5  # a command taking longer than this counts as a hang

HOLIDAYS = """years:
  2027:
    notice: 国办发明电〔2026〕12号
    title: 国务院办公厅关于2027年部分节假日安排的通知
    rest:
    - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
    - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}
    workdays:
    - {date: 2027-04-25, name: 劳动节}
    reason: ""
"""

FILES = {  # kind → the file of the example register it mutates
    "item": "items/2025/GK-2025-2b78df.yaml",
    "request": None,  # the first request file (see ``base``)
    "message": "messages/2025/LY-2025-038826.yaml",
    "config": "dwgk.yaml",
    "catalogue": "catalogue.yaml",
    "holidays": "holidays.yaml",
    "report": None,  # the first reports/<year>.yaml
}
OTHER_COMMANDS = (("status",), ("list", "--format", "json"), ("overdue", "--format", "json"),
                  ("due", "--within", "10"), ("report", "annual", "--year", "2025", "--format", "json"),
                  ("calendar", "check"), ("catalogue", "render", "--audience", "社会", "--format", "md"))

# ---------------------------------------------------------------- mutations

ODD_TEXT = ["²", "0777", "1e999", "-1", "9999-12-31", "2026-02-30", "0000-00-00", "~", "null", "true", "no",
            "\u0000", "\ufeff", "\t", "&a", "*a", "!!python/object:os.system", "<<: *a", "{", "[", "]", "'", '"',
            "|", ">", "%YAML 1.1", "---", "...", "#", "@", "`", "\\", "\u202e", "😀", "𠀀", "　", "\r", "\x7f",
            "x" * 5000, "公" * 300, "items/../../etc/passwd", "-", ": ", "? ", "<<<<<<< HEAD", "=======",
            "0x1F", "0b101", "1_000", ".inf", "-.nan", "2026-11-20T10:00:00", "[1, [2, [3]]]", "{a: {b: c}}"]
ODD_VALUES = [None, True, 0, -5, 10**30, 3.5, float("inf"), "", " ", "²", "2026-13-01", "9999-12-31", [], {},
              [1, 2], {"x": 1}, ["a", {"b": []}], "x" * 3000, "\u0000", "行\n第二行"]


def mutate_text(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    op = rng.randrange(10)
    i = rng.randrange(len(lines)) if lines else 0
    if op == 0 and text:  # delete a span
        a = rng.randrange(len(text))
        return text[:a] + text[a + rng.randint(1, 40):]
    if op == 1:  # insert something odd
        a = rng.randrange(len(text) + 1)
        return text[:a] + rng.choice(ODD_TEXT) + text[a:]
    if op == 2 and lines:  # duplicate a line (a duplicate key, an extra list item)
        return "\n".join(lines[:i + 1] + lines[i:])
    if op == 3 and lines:  # drop a line
        return "\n".join(lines[:i] + lines[i + 1:])
    if op == 4 and len(lines) > 1:  # swap two lines
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if op == 5 and lines:  # shift the indentation
        lines[i] = (" " * rng.choice((1, 2, 4)) + lines[i]) if rng.random() < .5 else lines[i].lstrip()
        return "\n".join(lines)
    if op == 6 and lines and ": " in lines[i]:  # replace a value
        key = lines[i].split(": ", 1)[0]
        return "\n".join(lines[:i] + [f"{key}: {rng.choice(ODD_TEXT)}"] + lines[i + 1:])
    if op == 7:  # cut the file short
        return text[:rng.randrange(len(text) + 1)]
    if op == 8 and lines:  # rename a key
        line = lines[i]
        if ":" in line:
            k, rest = line.split(":", 1)
            lines[i] = k + rng.choice(("x", "_", "²", "")) + ":" + rest
        return "\n".join(lines)
    return structural(text, rng)


def structural(text: str, rng: random.Random) -> str:
    """Parse, replace a random node with a value of another shape, write back."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text + "\n" + rng.choice(ODD_TEXT)
    paths: list[tuple] = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for n, v in enumerate(node):
                walk(v, path + (n,))
    walk(data, ())
    path = rng.choice(paths)
    if not path:
        data = rng.choice(ODD_VALUES)
    else:
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        if rng.random() < .2 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(ODD_VALUES)
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        return text[::-1]


def mutations(text: str, rng: random.Random, n: int):
    for _ in range(n):
        out = text
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            out = mutate_text(out, rng)
        yield out


# ---------------------------------------------------------------- running

def base(tmp: Path) -> tuple[Path, dict[str, str]]:
    root = tmp / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "holidays.yaml").write_text(HOLIDAYS, encoding="utf-8")
    files = dict(FILES)
    files["request"] = sorted(p.relative_to(root).as_posix() for p in (root / "requests").rglob("*.yaml"))[0]
    files["report"] = sorted(p.relative_to(root).as_posix() for p in (root / "reports").glob("*.yaml"))[0]
    return root, files


def invoke(root: Path, args: tuple) -> tuple[int, str, str]:
    from typer.testing import CliRunner
    from dwgk.cli.app import app, hoist_globals
    r = CliRunner().invoke(app, hoist_globals(["-R", str(root), "--no-cache", "--today", TODAY, *args]),
                           env={"NO_COLOR": "1", "COLUMNS": "100"}, catch_exceptions=True)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception  # a traceback: the test fails with it
    return r.exit_code, r.stdout, r.stderr


def one(root: Path, rel: str, text: str, extra: tuple | None) -> list[str]:
    """Write one mutation, run check (and ``extra``); the problems found, as text."""
    (root / rel).write_text(text, encoding="utf-8", errors="surrogatepass") if isinstance(text, str) else None
    problems = []
    with within(SECONDS):
        code, out, err = invoke(root, ("check", "--format", "json"))
    if "内部错误" in err or "Traceback" in err:
        problems.append(f"check 内部错误: {err[:300]}")
    if code == 3:  # cannot run (a broken dwgk.yaml): a refusal that names the file and line
        if f"{rel}:" not in err:
            problems.append(f"check exit 3 without {rel}:line: {err[:300]}")
    elif code not in (0, 1):
        problems.append(f"check exit {code}: {err[:300]}")
    else:
        try:
            found = json.loads(out)["findings"]
        except (ValueError, KeyError):
            found = None
            problems.append(f"check --format json printed no JSON: {out[:200]}")
        for f in found or ():
            if f["path"] == rel and f["line"] < 1 and f["code"] != "G020":
                problems.append(f"finding without a line: {f}")
    if extra is not None:
        with within(SECONDS):
            code, out, err = invoke(root, extra)
        if "内部错误" in err or "Traceback" in err or code not in (0, 1, 3):
            problems.append(f"{' '.join(extra)} exit {code}: {err[:300]}")
        elif code == 3 and "error[" not in err and "错误[" not in err:
            problems.append(f"{' '.join(extra)} exit 3 without a finding: {err[:300]}")
    return problems


@pytest.mark.parametrize("kind", sorted(FILES))
def test_mutated_files_get_findings_never_a_crash_or_a_hang(tmp_path, kind):
    root, files = base(tmp_path)
    rel = files[kind]
    original = (root / rel).read_text(encoding="utf-8")
    rng = random.Random(f"dwgk-fuzz-{kind}")
    problems = []
    for n, text in enumerate(mutations(original, rng, RUNS)):
        extra = OTHER_COMMANDS[n // 4 % len(OTHER_COMMANDS)] if n % 4 == 0 else None
        for p in one(root, rel, text, extra):
            problems.append(f"#{n}: {p}\n--- {rel} ---\n{text[:400]}")
    (root / rel).write_text(original, encoding="utf-8")
    assert not problems, "\n\n".join(problems[:5])


if __name__ == "__main__":  # a longer run by hand, counting what it meets
    import argparse
    import tempfile
    from collections import Counter
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--seed", default="0")
    args = ap.parse_args()
    total, codes, bad = 0, Counter(), []
    with tempfile.TemporaryDirectory() as tmp:
        root, files = base(Path(tmp))
        for kind, rel in files.items():
            original = (root / rel).read_text(encoding="utf-8")
            rng = random.Random(f"{args.seed}-{kind}")
            for n, text in enumerate(mutations(original, rng, args.runs)):
                extra = OTHER_COMMANDS[n % len(OTHER_COMMANDS)]
                try:
                    found = one(root, rel, text, extra)
                except Exception as e:  # noqa: BLE001 - report, go on
                    found = [f"{type(e).__name__}: {e}"]
                total += 1
                code, out, _ = invoke(root, ("check", "--format", "json"))
                try:
                    codes.update(f["code"] for f in json.loads(out)["findings"] if f["path"] == rel)
                except ValueError:
                    codes["(exit 3)"] += 1
                bad += [(kind, n, p, text[:300]) for p in found]
            (root / rel).write_text(original, encoding="utf-8")
    print(f"{total} mutations, {len(bad)} problems")
    print("codes found in the mutated files:", dict(codes.most_common()))
    for kind, n, p, text in bad[:20]:
        print(f"\n[{kind} #{n}] {p}\n{text}")
