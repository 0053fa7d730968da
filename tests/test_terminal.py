"""The terminal that fits the clerk: real width and wrapping, colour only on a terminal, the
current text in ``show``, ``report set`` and the Chinese findings for a hand-edited
reports/<year>.yaml, shell completion, progress bars and the pre-commit hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import snapshot
from dwgk.cli import complete, term
from dwgk.cli.textfmt import width, wrap
from test_procedure import review, submit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "national"
LONG = "关于印发《江北市科技创新券管理办法（试行）》及配套实施细则和申报指南的通知"


# ---------------------------------------------------------------- width, wrapping, colour

def test_a_command_in_a_hint_is_never_broken():
    text = "该申请正在等待补正：期满未补正的，用 dwgk request lapse YS-2026-1a2b3c --by 姓名 登记终止办理。"
    for cols in (20, 28, 36, 50):
        lines = wrap(text, cols)
        assert any("dwgk request lapse" in line for line in lines), lines
        assert "".join(x.strip() for x in lines).replace(" ", "") == text.replace(" ", "")


def test_list_wraps_long_titles_to_the_terminal_instead_of_cutting(reg, run):
    item = submit(run, reg)
    assert run("correct", item, "--title", LONG, "--reason", "改标题", "--by", "张三", cwd=reg).exit_code != 0
    other = run("submit", "--entry", "Z02", "--title", LONG, "--scope", "向社会公开", "--content", "内容",
                "--by", "张三", cwd=reg).stdout.strip()
    for cols in (50, 80, 120):
        r = run("list", cwd=reg, env={"COLUMNS": str(cols)})
        lines = r.stdout.splitlines()
        assert all(width(line) <= cols for line in lines), r.stdout
        assert "…" not in r.stdout
        block = "".join(line.strip() for line in lines if not line.startswith("共"))
        assert LONG in block.replace(" ", "") and other in block
    assert len(run("list", cwd=reg, env={"COLUMNS": "50"}).stdout.splitlines()) > \
        len(run("list", cwd=reg, env={"COLUMNS": "120"}).stdout.splitlines())


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch, tmp_path, run):
    root = tmp_path / "n"
    shutil.copytree(EXAMPLE, root)
    r = run("-R", root, "overdue", env={"NO_COLOR": None})  # piped (CliRunner), NO_COLOR unset: still none
    assert r.exit_code == 0, r
    assert "\x1b[" not in r.stdout, [line for line in r.stdout.splitlines() if "\x1b" in line]
    assert "逾期" in r.stdout
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert term.paint("超期", "overdue") == "\x1b[31m超期\x1b[0m"
    assert term.paint("严重", "serious").startswith("\x1b[31m\x1b[1m")
    assert term.paint("到期", "due") == "\x1b[33m到期\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert term.paint("超期", "overdue") == "超期"
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert term.paint("超期", "overdue") == "超期"


def test_columns_follow_the_environment(monkeypatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert term.columns() == 132
    monkeypatch.setenv("COLUMNS", "10")
    assert term.columns() == term.MIN_COLUMNS


# ---------------------------------------------------------------- show

def test_show_prints_the_current_internal_and_public_text(reg, run):
    item = submit(run, reg)
    r = run("show", item, cwd=reg)
    assert "内部文本（第 1 版" in r.stdout and "第一条 为规范管理，制定本办法。" in r.stdout
    assert "公开文本：与内部文本相同" in r.stdout
    assert review(run, reg, item, "保密审查", "部分公开", "2026-11-03", "--exemption", "个人隐私",
                  "--removed", "当事人要求", "--redact", "为规范管理").exit_code == 0
    r = run("show", item, cwd=reg)
    assert "公开文本（部分公开" in r.stdout and "第一条 （此处依法删除 5 字），制定本办法。" in r.stdout


# ---------------------------------------------------------------- report set

def test_report_set_fills_the_annual_inputs_without_hand_editing(reg, run, tmp_path):
    text = tmp_path / "总体情况.txt"
    text.write_text("2025年，本机关坚持以公开为常态。\n\n一是完善制度；二是加强审核。\n", encoding="utf-8")
    parts = ("proactive", "requests", "management", "platforms", "supervision")
    steps = [("overview.proactive", "--file", text), *[(f"overview.{k}", f"{k}情况良好。") for k in parts[1:]],
             ("problems", "个别事项公开不及时。"), ("other", "无。"),
             *[(f"rules.{k}", "0") for k in ("issued", "repealed", "in_force")],
             *[(f"normative.{k}", "2") for k in ("issued", "repealed", "in_force")],
             ("行政许可", "12"), ("penalty", "3"), ("coercion", "0"), ("fees", "0.5"), ("发布日期", "2026-01-20")]
    for key, *value in steps:
        r = run("report", "set", "--year", "2025", key, *value, "--by", "赵六", cwd=reg)
        assert r.exit_code == 0, r
    data = yaml.safe_load((reg / "reports" / "2025.yaml").read_text(encoding="utf-8"))
    assert data["overview"]["proactive"] == "2025年，本机关坚持以公开为常态。\n\n一是完善制度；二是加强审核。\n"
    assert data["overview"]["supervision"] == "supervision情况良好。\n"
    assert data["proactive"]["licensing"] == 12 and data["proactive"]["fees"] == 0.5
    assert str(data["published"]) == "2026-01-20"
    assert "# 行政许可：本年处理决定数量" in (reg / "reports" / "2025.yaml").read_text(encoding="utf-8")
    with open(reg / "dwgk.yaml", "a", encoding="utf-8") as fh:  # where it is published (T070)
        fh.write("annual_report:\n  download: 门户网站\n  contact: {office: 办公室, phone: 0000-1234567}\n")
    subprocess.run(["git", "-C", str(reg), "commit", "-qam", "annual report contact"], check=True)
    r = run("report", "annual", "--year", "2025", "--format", "json", cwd=reg)
    assert r.exit_code == 0, r  # complete: the report is no longer refused
    before = snapshot(reg)
    r = run("report", "set", "--year", "2025", "penalty", "三", cwd=reg)
    assert r.exit_code == 2 and "error" not in r.stderr.lower() or "E084" in r.stderr
    r = run("report", "set", "--year", "2025", "no_such", "1", cwd=reg)
    assert r.exit_code == 2 and "E083" in r.stderr and "overview" in r.stderr
    assert snapshot(reg) == before


@pytest.mark.parametrize("text, line, code, says", [
    ("published: 2026-01-20\noverview：2025年情况良好。\n", 2, "E080", "全角冒号"),
    ("overview: |\n\t2025年情况良好。\n", 2, "E081", "制表符（Tab）"),
    ("published: 2026-01-20\noverview: |\n2025年情况良好。\n第二段。\n", 3, "E082", "没有缩进在“overview: |”下面"),
    ("proactive:\n  rules:\n    issued：3\n", 3, "E080", "“issued”后面是全角冒号"),
])
def test_hand_edits_of_the_report_file_are_told_at_their_line_in_chinese(reg, run, text, line, code, says):
    (reg / "reports" / "2025.yaml").write_text(text, encoding="utf-8")
    r = run("check", cwd=reg)
    assert r.exit_code == 1
    assert f"reports/2025.yaml:{line}:" in r.stderr and f"error[{code}]" in r.stderr and says in r.stderr, r.stderr
    assert "提示:" in r.stderr
    r = run("report", "set", "--year", "2025", "other", "无。", cwd=reg)
    assert r.exit_code == 1 and f"error[{code}]" in r.stderr


# ---------------------------------------------------------------- completion

@pytest.fixture(scope="module")
def tree() -> dict:
    from dwgk.cli.completion_cmds import command_tree
    return command_tree()


def ask(tree, root: Path, line: str) -> list[str]:
    words = line.split(" ")
    return complete.candidates(tree, words, len(words) - 1, {}, root)


def test_completion_from_the_register(tree, tmp_path):
    root = tmp_path / "n"
    shutil.copytree(EXAMPLE, root)
    ids = sorted(p.stem for p in (root / "items").rglob("*.yaml"))
    assert ask(tree, root, "rev") == ["review"]
    assert ask(tree, root, "review GK-") == ids
    assert ask(tree, root, f"show {ids[0][:9]}") == [i for i in ids if i.startswith(ids[0][:9])]
    assert ask(tree, root, "request reply YS") and all(x.startswith("YS-") for x in ask(tree, root, "request reply YS"))
    assert ask(tree, root, f"review {ids[0]} --step ") == ["保密审查", "审核", "审批"]
    assert ask(tree, root, f"review {ids[0]} --step 保密审查 --result ") == ["可以公开", "部分公开", "不予公开", "提请审定"]
    assert ask(tree, root, "submit --entry Z0")[:2] == ["Z01", "Z02"]
    assert ask(tree, root, "submit --scope ") == ["向社会公开", "对特定对象公开", "党内公开"]
    assert "政府网站" in ask(tree, root, "publish x --channel ")
    assert ask(tree, root, "request reply x --result 无法") == ["无法提供-不掌握", "无法提供-需另行制作", "无法提供-补正后仍不明确"]
    assert ask(tree, root, "list --format ") == ["text", "json", "xlsx", "csv"]
    assert "--step" in ask(tree, root, "review x --s") and "--register" in ask(tree, root, "review x --re")
    assert ask(tree, root, "import items ") == [complete.FILES]
    assert ask(tree, tmp_path, "review G") == []  # no register here: nothing, no error


def test_bash_completion_script_completes_in_bash(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    root = tmp_path / "n"
    shutil.copytree(EXAMPLE, root)
    exe = Path(sys.executable).with_name("dwgk")
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ['PATH']}"}
    script = ('eval "$(dwgk completion bash)"; COMP_WORDS=(dwgk review GK-2025); COMP_CWORD=2; _dwgk_complete; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    r = subprocess.run([bash, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    want = sorted(p.stem for p in (root / "items" / "2025").glob("*.yaml"))
    assert r.returncode == 0 and sorted(r.stdout.split()) == want, r


def test_zsh_completion_script_is_valid_zsh(tmp_path):
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("no zsh on this machine")
    exe = Path(sys.executable).with_name("dwgk")
    script = subprocess.run([str(exe), "completion", "zsh"], capture_output=True, text=True).stdout
    (tmp_path / "c.zsh").write_text(script, encoding="utf-8")
    r = subprocess.run([zsh, "-n", str(tmp_path / "c.zsh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_completion_does_not_import_typer_or_load_the_register(tmp_path, tree):
    root = tmp_path / "n"
    shutil.copytree(EXAMPLE, root)
    code = ("import sys; sys.argv=['dwgk','__complete','show','GK-'];"
            "from dwgk.cli import main\ntry: main()\nexcept SystemExit: pass\n"
            "print('TYPER' if 'typer' in sys.modules else '', 'LOADER' if 'dwgk.loader' in sys.modules else '',"
            " file=sys.stderr)")
    env = {**os.environ, "DWGK_COMPLETE_TREE": json.dumps(tree), "DWGK_COMPLETE_CWORD": "1"}
    r = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    assert r.stdout.split() and r.stderr.strip() == "", r


# ---------------------------------------------------------------- progress, pre-commit

def test_progress_only_on_a_terminal(monkeypatch, capsys):
    from dwgk.cli import progress
    with progress.progress("测试", 10) as advance:  # stderr is not a terminal under pytest
        advance(5)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    with progress.progress("测试", 10) as advance:
        time.sleep(0.01)
        advance(5)
    assert progress.wanted()


def test_pre_commit_hook_runs_dwgk_check(reg, run, tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "dwgk-check")
    assert hook["entry"] == "dwgk check" and hook["pass_filenames"] is False and hook["language"] == "python"
    exe = Path(sys.executable).with_name("dwgk")
    argv = [str(exe), *hook["entry"].split()[1:]]
    assert subprocess.run(argv, cwd=reg, capture_output=True).returncode == 0
    (reg / "items" / "2026").mkdir(parents=True, exist_ok=True)
    (reg / "items" / "2026" / "GK-2026-000000.yaml").write_text("id: GK-2026-000000\ntitle: [\n", encoding="utf-8")
    assert subprocess.run(argv, cwd=reg, capture_output=True).returncode == 1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "id: dwgk-check" in readme and "pre-commit" in readme
