"""The procedure table: every alias of every step kind means its canonical result everywhere.

Regression (issue 11): ``result: 公开`` hand-written on a 保密审查 event was clean for ``check``,
shown as 已退回 by ``show``, and the next ``review`` was refused (W007), because only the
deadline engine normalised the alias. Now build normalises once and everything else agrees.
"""

import json
import subprocess

import pytest

from dwgk.procedure import STEP_KINDS

# What a decision with each canonical result must carry on the command line.
NEEDS = {"部分公开": ("--exemption", "工作秘密", "--removed", "第三段个人信息", "--redact", "正文"),
         "不予公开": ("--exemption", "工作秘密"), "不同意": ("--opinion", "依据不足")}
STEP_OF = {"secrecy": "保密审查", "approve": "审核"}  # a step of each kind in the national profile
CASES = [(kind, alias, canonical) for kind, spec in STEP_KINDS.items() for alias, canonical in spec.aliases.items()]


def _submit(run, root) -> str:
    r = run("submit", "--entry", "Z02", "--title", "关于印发管理办法的通知", "--scope", "向社会公开",
            "--content", "正文", "--by", "张三", "--date", "2026-11-02", cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def _decide(run, root, item: str, kind: str, result: str) -> None:
    if kind == "approve":
        assert run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王五",
                   "--date", "2026-11-03", cwd=root).exit_code == 0
    r = run("review", item, "--step", STEP_OF[kind], "--result", result, "--by", "李四", "--date", "2026-11-04",
            *NEEDS.get(result, ()), cwd=root)
    assert r.exit_code == 0, r


def _state(run, root, item: str) -> dict:
    data = json.loads(run("show", item, "--format", "json", cwd=root).stdout)
    return {k: data[k] for k in ("stage", "waiting_for", "next")}


def _findings(run, root, item: str) -> list[str]:
    data = json.loads(run("check", "--format", "json", cwd=root).stdout)
    return sorted(f["code"] for f in data["findings"] if item in f["path"])


def test_every_step_kind_is_in_the_table():
    assert {"secrecy", "risk", "approve"} <= set(STEP_KINDS)
    for spec in STEP_KINDS.values():
        assert set(spec.passing) <= set(spec.results)
        assert all(canonical in spec.results for canonical in spec.aliases.values())


@pytest.mark.parametrize("kind, alias, canonical", CASES)
def test_an_alias_written_by_hand_means_its_canonical_result(reg, run, kind, alias, canonical):
    plain, aliased = _submit(run, reg), _submit(run, reg)
    for item in (plain, aliased):
        _decide(run, reg, item, kind, canonical)
    path = next(reg.glob(f"items/*/{aliased}.yaml"))
    text = path.read_text(encoding="utf-8")
    assert f"result: {canonical}\n" in text
    path.write_text(text.replace(f"result: {canonical}\n", f"result: {alias}\n"), encoding="utf-8")
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "hand edit"], check=True)

    assert _state(run, reg, aliased) == _state(run, reg, plain)  # show
    assert _findings(run, reg, aliased) == _findings(run, reg, plain)  # check
    nxt = ("审批", "同意") if kind == "approve" else ("审核", "同意")
    results = [run("review", item, "--step", nxt[0], "--result", nxt[1], "--by", "陈局长", "--date", "2026-11-05",
                   cwd=reg).exit_code for item in (plain, aliased)]
    assert results[0] == results[1]  # review
    assert _state(run, reg, aliased) == _state(run, reg, plain)
