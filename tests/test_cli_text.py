"""What the cli prints: click's usage errors and help in Chinese, and the text and JSON of
show, list and status."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import typer.main

from conftest import make_register, snapshot
from dwgk.cli.app import app
from dwgk.cli.textfmt import width
from test_procedure import COLLECTIVE, RISK_OK, review, show, submit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def commands():
    root = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name in list(subs):
                walk(subs[name], (*path, name))
        else:
            out.append(path)
    walk(root, ())
    return out


ALL = commands()


def test_every_command_is_walked():
    assert ("review",) in ALL and ("catalogue", "list") in ALL and len(ALL) > 30


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_unknown_option_is_told_in_chinese_for_every_command(run, tmp_path, path):
    r = run(*path, "--no-such-option", cwd=tmp_path)
    assert r.exit_code == 2, r
    assert r.stderr.startswith("dwgk: 用法错误：没有选项 --no-such-option"), r
    assert f"运行 dwgk {' '.join(path)} --help 查看用法" in r.stderr
    assert "Error" not in r.stderr and "Try '" not in r.stderr and "Usage:" not in r.stderr


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_help_is_in_chinese_for_every_command(run, tmp_path, path):
    r = run(*path, "--help", cwd=tmp_path)
    assert r.exit_code == 0, r
    assert "显示本帮助并退出" in r.stdout and r.stdout.startswith("用法：")
    assert "Show this message" not in r.stdout and "[OPTIONS]" not in r.stdout and "Options:" not in r.stdout
    # no Python type names (<str>, <path>, <list[str]>) and no doubled brackets ([[目录]])
    assert not re.search(r"<(str|int|path|list|float|bool)", r.stdout) and "[[" not in r.stdout, r.stdout
    # it fits an 80-column terminal, a CJK character counted as two columns
    from dwgk.cli.textfmt import width
    assert max(width(line) for line in r.stdout.splitlines()) <= 80, r.stdout


@pytest.mark.parametrize("args, says", [
    (("correct", "X", "--by", "张"), "缺少选项 --reason"),
    (("review",), "缺少参数“事项编号”"),
    (("review", "X", "--step", "a", "--result", "b", "--by", "c", "多余"), "多余的参数：多余"),
    (("prepublish", "X", "--opinions", "abc", "--by", "a"), "选项 --opinions 的值无效：须为整数"),
    (("review", "X", "--by"), "选项 --by 后面须写一个值"),
    (("revew",), "没有命令“revew”（是否想用：review、rereview）"),
    (("list", "--stage", "done"), "阶段“done”无效"),
    (("show", "X", "--format", "xml"), "格式“xml”无效"),
])
def test_usage_errors(reg, run, args, says):
    before = snapshot(reg)
    r = run(*args, cwd=reg)
    assert r.exit_code == 2, r
    assert says in r.stderr and "提示: 运行 dwgk" in r.stderr, r
    assert "Error" not in r.stderr and "Missing" not in r.stderr and "Invalid" not in r.stderr
    assert snapshot(reg) == before


# ---- show

def test_show_text_says_everything_once(tmp_path, run):
    root = make_register(tmp_path / "k", run, "s000_kejiju")
    item = submit(run, root, entry="A01", scope="党内公开")
    text = run("show", item, cwd=root).stdout
    assert "下一步：等待保密审查（办公室）" in text and "（办公室）（办公室）" not in text
    review(run, root, item, "保密审查", "部分公开", "2026-11-03", "--exemption", "个人隐私", "--removed", "删去身份证号",
           "--redact", "为规范管理")
    review(run, root, item, "风险评估", "暂缓公开", "2026-11-04", "--level", "中", *RISK_OK)
    text = run("show", item, cwd=root).stdout
    assert "类别：个人隐私" in text and "删去：“为规范管理”；说明：删去身份证号" in text
    assert "风险等级：中" in text and "合法性：符合规定" in text


def test_show_prepublish_opinions_and_adjustments(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = submit(run, root, entry="J1", extra=("--major",), date="2026-10-01")
    review(run, root, item, "保密审查", "可以公开", "2026-10-02")
    review(run, root, item, "审核", "同意", "2026-10-09", *COLLECTIVE)
    review(run, root, item, "上报审核", "同意", "2026-10-10")
    assert run("prepublish", item, "--channel", "局域网党务公开专栏", "--by", "办", "--date", "2026-10-12", cwd=root).exit_code == 0
    assert run("prepublish", item, "--close", "--opinions", "4", "--adjustments", "延长期限", "--by", "办",
               "--date", "2026-10-19", cwd=root).exit_code == 0
    text = run("show", item, cwd=root).stdout
    assert "收到意见 4 条" in text and "调整：延长期限" in text
    assert "会议：局党组会议 2026年第9次" in text and "参加：局长、副局长" in text


def test_referred_item_waits_for_the_body_it_was_referred_to(reg, run):
    item = submit(run, reg)
    review(run, reg, item, "保密审查", "提请审定", "2026-11-03", "--referred-to", "市国家保密局")
    data = show(run, reg, item)
    assert data["stage"] == "deferred" and data["next"]["role"] == "市国家保密局"


def test_corrected_item_keeps_its_earlier_revision(reg, run):
    item = submit(run, reg)
    review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    review(run, reg, item, "审核", "不同意", "2026-11-04", "--opinion", "依据不足")
    r = run("correct", item, "--content", "修改后的正文", "--title", "新标题", "--reason", "补充依据", "--by", "张三",
            "--date", "2026-11-05", cwd=reg)
    assert r.exit_code == 0, r
    revise = show(run, reg, item)["history"][-1]
    assert revise["action"] == "revise"
    assert revise["previous"] == {"title": "关于印发科技项目管理办法的通知", "content": "第一条 为规范管理，制定本办法。\n"}
    r = run("show", item, "--revision", "1", cwd=reg)
    assert r.exit_code == 0, r
    assert "第 1 版（共 2 版）  关于印发科技项目管理办法的通知" in r.stdout and "第一条 为规范管理" in r.stdout
    assert "不同意" in r.stdout and "修改后的正文" not in r.stdout
    old = json.loads(run("show", item, "--revision", "1", "--format", "json", cwd=reg).stdout)
    assert old["title"] == "关于印发科技项目管理办法的通知" and old["revision"] == 1 and old["revisions"] == 2
    assert "--revision 1 查看" in run("show", item, cwd=reg).stdout  # one old version: no range "1…1"
    r = run("show", item, "--revision", "3", cwd=reg)
    assert r.exit_code == 2 and "只有 2 个版本" in r.stderr


def test_list_json_has_the_history(reg, run):
    item = submit(run, reg)
    review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    data = json.loads(run("list", "--format", "json", cwd=reg).stdout)
    row = next(d for d in data if d["id"] == item)
    assert {"id", "title", "stage", "waiting_for", "history"} <= row.keys()
    assert [h["action"] for h in row["history"]] == ["submit", "review"]
    assert row["history"][1]["step"] == "保密审查"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "dwgk.yaml").is_file()))
def test_status_fits_the_terminal(run, tmp_path, name):
    root = tmp_path / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns(".dwgk"))
    for cols in (80, 60):
        r = run("-R", root, "status", "--no-cache", env={"COLUMNS": str(cols)})
        assert r.exit_code == 0, r
        lines = r.stdout.splitlines()
        assert len(lines) > 5
        assert max(width(line) for line in lines) <= cols, r.stdout
        assert all(line == line.rstrip() for line in lines)
        # titles wrap, never cut: each shown item's whole title is there, lines joined
        joined = "".join(line.strip() for line in lines)
        items = {d["id"]: d["title"] for d in json.loads(run("-R", root, "list", "--format", "json").stdout)}
        shown = [i for i in items if i in joined]
        assert shown and all(items[i].replace(" ", "") in joined.replace(" ", "") for i in shown)


def test_list_stage_by_its_chinese_name(reg, run):
    item = submit(run, reg)
    other = submit(run, reg)
    review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    by_code = run("list", "--stage", "reviewing", cwd=reg).stdout
    by_name = run("list", "--stage", "审核中", cwd=reg).stdout
    assert by_name == by_code and item in by_name and other not in by_name
    assert run("list", "--stage", "审核", cwd=reg).exit_code == 2


def test_list_has_no_trailing_spaces(reg, run):
    submit(run, reg)
    lines = run("list", cwd=reg, env={"COLUMNS": "80"}).stdout.splitlines()
    assert all(line == line.rstrip() and width(line) <= 80 for line in lines)


def test_revision_without_its_text_points_to_git(reg, run):
    item = submit(run, reg)
    review(run, reg, item, "保密审查", "可以公开", "2026-11-03")
    review(run, reg, item, "审核", "不同意", "2026-11-04", "--opinion", "依据不足")
    assert run("correct", item, "--content", "新正文", "--reason", "补充", "--by", "张三", "--date", "2026-11-05",
               cwd=reg).exit_code == 0
    path = reg / "items" / "2026" / f"{item}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  previous:")
    end = text.index("  content_hash:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # as dwgk wrote it before keeping revisions
    before = snapshot(reg)
    r = run("show", item, "--revision", "1", cwd=reg)
    assert r.exit_code == 1 and "E026" in r.stderr and "git show" in r.stderr
    assert snapshot(reg) == before
    assert run("show", item, "--revision", "2", cwd=reg).exit_code == 0
