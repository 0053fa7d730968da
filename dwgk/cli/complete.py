"""Shell completion's fast path: ``dwgk __complete WORD…`` prints the candidates for the word
being completed, one a line, without importing typer or loading the register.

The command tree (commands, options, what each option and argument takes) comes from the
script ``dwgk completion bash|zsh`` printed (``DWGK_COMPLETE_TREE``, built from the typer app
when the script was made, so it never falls out of step with the commands). Only what
depends on the register is read here, and only what the word needs: IDs from a directory
listing of ``items/``, ``requests/``, ``messages/`` (no file is opened), steps, results,
channels, scopes and departments from ``dwgk.yaml`` and its profile, codes from
``catalogue.yaml``. This module imports nothing of dwgk's beyond the standard library and,
for the register's own files, PyYAML's C loader.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ID_FOLDERS = {"item": ("items",), "request": ("requests",), "message": ("messages",),
              "any": ("items", "requests", "messages")}
FILES = "__files__"  # tells the shell to complete file names itself
GLOBAL_WITH_VALUE = ("-R", "--register", "--today")


def main(argv: list[str], env: dict | None = None) -> int:
    env = os.environ if env is None else env
    try:
        tree = json.loads(env.get("DWGK_COMPLETE_TREE") or "{}")
        cword = int(env.get("DWGK_COMPLETE_CWORD") or len(argv))
    except ValueError:
        return 0
    words = candidates(tree, argv, cword, env, Path.cwd())
    try:
        sys.stdout.write("".join(w + "\n" for w in words))
        sys.stdout.flush()
    except BrokenPipeError:  # the shell stopped reading: nothing to tell it
        pass
    return 0


def candidates(tree: dict, words: list[str], cword: int, env, cwd: Path) -> list[str]:
    """What may stand at ``words[cword]`` (``cword`` counts the words after ``dwgk``)."""
    if not tree:
        return []
    cur = words[cword] if cword < len(words) else ""
    path, node = "", tree.get("", {})
    register, step = None, None
    positional = 0
    i = 0
    while i < cword:
        w = words[i]
        if w in GLOBAL_WITH_VALUE or w in node.get("opts", {}) and node["opts"][w] is not None:
            value = words[i + 1] if i + 1 < cword else None
            if value is None:  # completing this option's value
                kind = "dir" if w in ("-R", "--register") else node.get("opts", {}).get(w, "")
                return values(tree, kind, cur, register, step, env, cwd)
            if w in ("-R", "--register"):
                register = value
            if w == "--step":
                step = value
            i += 2
            continue
        if w.startswith("-"):
            i += 1
            continue
        sub = f"{path} {w}".strip()
        if sub in tree and w in node.get("cmds", ()):
            path, node, positional = sub, tree[sub], 0
        else:
            positional += 1
        i += 1
    if cur.startswith("-"):
        opts = list(node.get("opts", {})) + ([o for o in tree[""]["opts"]] if path else [])
        return sorted(o for o in dict.fromkeys(opts) if o.startswith(cur))
    if node.get("cmds"):
        return [c for c in node["cmds"] if c.startswith(cur)]
    args = node.get("args", [])
    if positional < len(args) or (args and args[-1].endswith("...")):
        kind = args[min(positional, len(args) - 1)].removesuffix("...")
        return values(tree, kind, cur, register, step, env, cwd)
    return []


def values(tree: dict, kind: str, cur: str, register, step, env, cwd: Path) -> list[str]:
    if kind in ("file", "dir"):
        return [FILES]
    if kind.startswith("choice:"):
        return [c for c in kind[7:].split("|") if c.startswith(cur)]
    if not kind:
        return []
    root = find_root(register, env, cwd)
    if root is None:
        return []
    if kind in ID_FOLDERS:
        return ids(root, ID_FOLDERS[kind], cur)
    if kind == "entry":
        return [c for c in catalogue_codes(root) if c.startswith(cur)]
    profile = register_profile(root)
    if kind == "step":
        names = [s.get("name", "") for s in profile.get("steps") or () if isinstance(s, dict)]
    elif kind == "result":
        kinds = tree.get("__results__", {})
        steps = [s for s in profile.get("steps") or () if isinstance(s, dict)]
        chosen = [s for s in steps if s.get("name") == step] or steps
        names = [r for s in chosen for r in kinds.get(str(s.get("kind")), ())]
    elif kind == "channel":
        names = [c.get("name", "") for c in profile.get("channels") or () if isinstance(c, dict)]
    elif kind == "scope":
        names = [str(s) for s in profile.get("scopes") or ()]
    elif kind == "department":
        names = [str(d) for d in [*(profile.get("departments") or ()), *(profile.get("_departments") or ())]]
    else:
        names = []
    return [n for n in dict.fromkeys(names) if n and n.startswith(cur)]


# ---------------------------------------------------------------- the register, lightly

def find_root(register: str | None, env, cwd: Path) -> Path | None:
    opt = register or env.get("DWGK_REGISTER")
    if opt:
        root = (cwd / opt).resolve()
        return root if (root / "dwgk.yaml").is_file() else None
    for folder in (cwd, *cwd.parents):
        if (folder / "dwgk.yaml").is_file():
            return folder
    return None


def ids(root: Path, folders: tuple[str, ...], cur: str) -> list[str]:
    """Record IDs from the file names under ``<folder>/<year>/`` — a directory listing only."""
    out: list[str] = []
    parts = cur.split("-")
    year = parts[1][:4] if len(parts) > 1 and len(parts[1]) >= 4 and parts[1][:4].isdigit() else ""
    for folder in folders:
        try:
            years = [e for e in os.scandir(root / folder) if e.is_dir() and (not year or e.name == year)]
        except OSError:
            continue
        for y in years:
            try:
                names = os.listdir(y.path)
            except OSError:
                continue
            out += [n[:-5] for n in names if n.endswith(".yaml") and n.startswith(cur)]
    return sorted(out)


def _yaml(path: Path):
    import yaml
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh.read(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, ValueError, yaml.YAMLError):
        return None


def catalogue_codes(root: Path) -> list[str]:
    data = _yaml(root / "catalogue.yaml")
    entries = data.get("entries") if isinstance(data, dict) else None
    return [str(e["code"]) for e in entries or () if isinstance(e, dict) and e.get("code")]


def register_profile(root: Path) -> dict:
    """The register's profile as data: the shipped profile with dwgk.yaml's overrides on top
    (lists replaced, as the profile loader does), plus the departments dwgk.yaml names."""
    config = _yaml(root / "dwgk.yaml")
    if not isinstance(config, dict):
        return {}
    name = str(config.get("profile") or "national")
    folder = Path(__file__).resolve().parent.parent / "profiles"
    path = folder / f"{name}.yaml"
    if not path.is_file():
        hits = sorted(folder.glob(f"{name}_*.yaml"))
        path = hits[0] if len(hits) == 1 else path
    data = _yaml(path) if path.is_file() else None
    data = dict(data) if isinstance(data, dict) else {}
    overrides = config.get("overrides")
    if isinstance(overrides, dict):
        data.update({k: v for k, v in overrides.items() if k in ("steps", "channels", "scopes", "departments")})
    data["_departments"] = config.get("departments") if isinstance(config.get("departments"), list) else []
    return data
