"""Golden files: the Markdown and JSON of every document, for the test registers and for
each example register under ``examples/``.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_render_golden.py``
and review the diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dwgk.loader import load
from dwgk.items.procedure import state
from test_render_support import gov_register, party_register

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
EXAMPLES = HERE.parent / "examples"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"缺少 golden 文件 {path.relative_to(HERE)}；用 UPDATE_GOLDEN=1 生成后检查其内容"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            str(path.relative_to(HERE)), "now", n=2))
        pytest.fail(f"{path.relative_to(HERE)} 与输出不同（UPDATE_GOLDEN=1 可更新）：\n{diff[:6000]}")


def documents(root: Path, year: int, period: tuple[str, str]) -> list[tuple[str, list[str]]]:
    """(golden file name, dwgk arguments) for every document of a register."""
    reg = load(root)
    docs = [("catalogue-党内.md", ["catalogue", "render", "--audience", "党内", "--format", "md"]),
            ("catalogue-社会.md", ["catalogue", "render", "--audience", "社会", "--format", "md"])]
    kinds = ["党务"] if reg.profile.kind == "党务" else ["政务", "党务"] if reg.profile.kind == "党政务" else ["政务"]
    for kind in kinds:
        for fmt in ("md", "json"):
            docs.append((f"annual-{year}-{kind}.{fmt}",
                         ["report", "annual", "--year", str(year), "--kind", kind, "--format", fmt]))
    for fmt in ("md", "json"):
        docs.append((f"period-{period[0]}-{period[1]}.{fmt}",
                     ["report", "period", "--from", period[0], "--to", period[1], "--format", fmt]))
    picked: dict[str, str] = {}
    for it in sorted(reg.items, key=lambda i: i.id):
        stage = state(reg.profile, it).stage
        group = {"archived": "published", "submitted": "open", "reviewing": "open", "deferred": "open",
                 "returned": "open", "approved": "open"}.get(stage, stage)
        picked.setdefault(group, it.id)
    for item_id in sorted(picked.values()):
        for kind in ("审批表", "保密审查表", "风险评估表", "三审单"):
            docs.append((f"form-{item_id}-{kind}.md", ["form", item_id, "--kind", kind, "--format", "md"]))
    # items whose forms show more: several risk assessment rounds, a 重大事项 with its 预公开
    rounds = [i.id for i in reg.items if sum(e.action == "review" and e.step == "风险评估" for e in i.history) > 1]
    major = [i.id for i in reg.items if i.major and reg.profile.prepublish]
    for item_id in sorted(set(rounds + major) - set(picked.values())):
        for kind in ("审批表", "风险评估表") if item_id in rounds else ("审批表",):
            docs.append((f"form-{item_id}-{kind}.md", ["form", item_id, "--kind", kind, "--format", "md"]))
    reqs = sorted(reg.requests, key=lambda r: r.id)
    for rq in reqs[:3]:
        for kind in ("答复书", "补正告知书"):
            docs.append((f"form-{rq.id}-{kind}.md", ["form", rq.id, "--kind", kind, "--format", "md"]))
    if root.name == "national":  # the example with every outcome code: every letter it sent
        for rq in reqs[3:]:
            kinds = ("答复书", "补正告知书") if any(e.action == "amend" for e in rq.history) else ("答复书",)
            for kind in kinds:
                docs.append((f"form-{rq.id}-{kind}.md", ["form", rq.id, "--kind", kind, "--format", "md"]))
    return docs


def run_all(run, root: Path, name: str, year: int, period: tuple[str, str]) -> None:
    folder = GOLDEN / name
    if UPDATE and folder.is_dir():
        shutil.rmtree(folder)
    for fname, args in documents(root, year, period):
        r = run("--no-cache", *args, cwd=root)  # every register here has a complete reports/<year>.yaml
        assert r.exit_code == 0, (fname, r)
        check_golden(folder / fname, r.stdout)


def test_golden_test_registers(tmp_path, run):
    run_all(run, gov_register(tmp_path / "gov"), "test-gov", 2025, ("2025-01-01", "2025-12-31"))
    run_all(run, party_register(tmp_path / "party"), "test-party", 2025, ("2025-04-01", "2025-06-30"))


EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "dwgk.yaml").is_file()) if EXAMPLES.is_dir() else []


@pytest.mark.skipif(not EXAMPLE_NAMES, reason="examples/ has no example register yet")
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_golden_examples(name, run, tmp_path):
    root = tmp_path / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns(".dwgk", ".git"))
    run_all(run, root, f"example-{name}", 2025, ("2026-07-01", "2026-09-30"))
