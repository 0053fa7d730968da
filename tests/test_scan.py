"""``dwgk scan`` and the scan in ``dwgk publish`` (issue 13): a public channel never takes an
item with an unaccepted finding, an acceptance is recorded with who made it, an inner channel
warns, and a refusal changes nothing."""

from __future__ import annotations

import json
import subprocess

from conftest import snapshot

ID = "11010519491231002X"
CONTENT = f"新录用人员：张三，身份证号 {ID}，联系邮箱 ab@cd.com。\n机密★1年"


def approved(run, reg, content: str = CONTENT) -> str:
    r = run("submit", "--entry", "Z02", "--title", "新录用人员名单", "--scope", "向社会公开", "--content", content,
            "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 0, r
    iid = r.stdout.strip()
    for step in ("保密审查=可以公开", "审核=同意", "审批=同意"):
        name, result = step.split("=")
        assert run("review", iid, "--step", name, "--result", result, "--by", "李四", "--date", "2026-11-03",
                   cwd=reg).exit_code == 0
    return iid


def test_scan_an_item_and_a_file(run, reg, tmp_path):
    iid = approved(run, reg)
    r = run("scan", iid, "--format", "json", cwd=reg)
    assert r.exit_code == 1, r
    found = json.loads(r.stdout)["findings"]
    assert [(f["kind"], f["where"], f["line"]) for f in found] == [
        ("身份证号", f"{iid} 内容", 1), ("电子邮箱", f"{iid} 内容", 1), ("密级标志", f"{iid} 内容", 2)]
    assert ID not in r.stdout and "ab@cd.com" not in r.stdout
    text = run("scan", iid, cwd=reg).stdout
    assert "共发现 3 处须审查的内容" in text and "110*************2X" in text
    clean = tmp_path / "通知.txt"
    clean.write_text("会议定于周三召开。\n", encoding="utf-8")
    r = run("scan", clean, cwd=reg)
    assert r.exit_code == 0 and "未发现" in r.stdout
    r = run("scan", tmp_path, cwd=reg)  # a folder is not read
    assert r.exit_code == 2 and "[P004]" in r.stderr, r


def test_a_public_channel_refuses_until_each_kind_is_accepted(run, reg):
    iid = approved(run, reg)
    before = snapshot(reg)
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 1 and "错误[P001]" in r.stderr and "身份证号" in r.stderr and ID not in r.stderr, r
    # accepting some kinds is not enough
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
            "--accept-finding", "电子邮箱=单位公开的办公邮箱", cwd=reg)
    assert r.exit_code == 1 and "密级标志" in r.stderr and "电子邮箱：" not in r.stderr, r
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--accept-finding", "邮箱", cwd=reg)
    assert r.exit_code == 2 and "错误[P002]" in r.stderr, r
    assert snapshot(reg) == before
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06",
            "--accept-finding", "电子邮箱=单位公开的办公邮箱", "--accept-finding", "身份证号=本人书面同意公开",
            "--accept-finding", "密级标志=已解密，见解密通知", cwd=reg)
    assert r.exit_code == 0, r
    data = json.loads(run("show", iid, "--format", "json", cwd=reg).stdout)
    assert data["history"][-1]["accepted"] == {"电子邮箱": "单位公开的办公邮箱", "身份证号": "本人书面同意公开",
                                               "密级标志": "已解密，见解密通知"}
    body = subprocess.run(["git", "-C", str(reg), "log", "-1", "--format=%B"], capture_output=True, text=True).stdout
    assert "赵六确认可以公开（身份证号）：本人书面同意公开" in body
    # the acceptances hold for the same version on another public channel
    r = run("publish", iid, "--channel", "政务新媒体", "--by", "赵六", "--date", "2026-11-07", cwd=reg)
    assert r.exit_code == 0, r
    assert run("check", cwd=reg).stdout.count("[P005]") == 0


def test_an_inner_channel_warns(run, reg):
    iid = approved(run, reg)
    r = run("publish", iid, "--channel", "书面告知", "--scope", "对特定对象公开", "--by", "赵六", "--date", "2026-11-06",
            cwd=reg)
    assert r.exit_code == 0 and "警告[P003]" in r.stderr and "身份证号" in r.stderr, r


def test_a_clean_item_publishes_without_a_word(run, reg):
    iid = approved(run, reg, "会议定于周三召开，联系电话 0951-1234567。")
    r = run("publish", iid, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 0 and r.stderr.strip() == "", r
    assert run("scan", iid, cwd=reg).exit_code == 0
