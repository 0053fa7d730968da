"""The README's walkthroughs, run as a newcomer would: every ```sh block marked
``<!-- walkthrough -->``, in order, in one shell, with the installed ``dwgk``."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def walkthrough() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- walkthrough -->\n```sh\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 3, "README 中的 walkthrough 代码块不见了"
    return "\n".join(blocks)


def test_readme_walkthroughs_run_as_written(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DWGK_", "GIT_"))}
    env.update(PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""), HOME=str(tmp_path),
               NO_COLOR="1", DWGK_TODAY="2026-11-20", GIT_AUTHOR_NAME="张三", GIT_AUTHOR_EMAIL="zhangsan@example.org",
               GIT_COMMITTER_NAME="张三", GIT_COMMITTER_EMAIL="zhangsan@example.org")
    script = walkthrough() + '\necho "ITEM=$ID REQUEST=$RID MESSAGE=$MID"\n'
    r = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    ids = dict(kv.split("=", 1) for kv in r.stdout.strip().splitlines()[-1].split())
    root = tmp_path / "我的登记簿"
    dwgk = lambda *a: subprocess.run(["dwgk", *a], cwd=root, env=env, capture_output=True, text=True)  # noqa: E731
    assert dwgk("check").returncode == 0
    show = dwgk("show", ids["ITEM"], "--format", "json").stdout
    assert '"stage": "archived"' in show
    log = dwgk("log", ids["ITEM"]).stdout
    for step in ("提出", "保密审查", "审核", "审批", "公开", "反馈", "归档"):
        assert step in log, step
    assert '"stage": "archived"' in dwgk("request", "show", ids["REQUEST"], "--format", "json").stdout
    assert "答复书" in (root / "答复书.html").read_text(encoding="utf-8")
    commits = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True,
                             text=True).stdout
    # one per command: init, the roster's 7 people, the item's 8, the request's 8, the message's 2, the opinion's 5;
    # then the shared register: two serial-block claims (one per clone), 赵强's 2, 张三's submit, the sync's merge,
    # 3 more decisions and the 台账 import
    assert int(commits) == 1 + 7 + 8 + 8 + 2 + 5 + 2 + 2 + 1 + 1 + 3 + 1
    shared = subprocess.run(["git", "-C", str(tmp_path / "共享登记簿.git"), "rev-list", "--count", "HEAD"],
                            capture_output=True, text=True).stdout
    assert int(shared) == int(commits)  # the last sync sent everything
    other = tmp_path / "赵强的副本"
    assert subprocess.run(["dwgk", "sync"], cwd=other, env=env, capture_output=True, text=True).returncode == 0
    assert sorted(p.name for p in (other / "items").rglob("*.yaml")) == sorted(p.name for p in (root / "items").rglob("*.yaml"))
    assert dwgk("check").returncode == 0
    import json
    codes = {f["code"] for f in json.loads(dwgk("check", "--format", "json").stdout)["findings"]}
    # every signer on the roster in the right role (H130: no 2027 calendar yet; C024/C025: the walkthrough's
    # dwgk.yaml names no 文号 pattern and no annual report address yet)
    assert codes <= {"H130", "C024", "C025"}, codes
    assert "李四" in dwgk("people", "list").stdout
    assert "第一责任人（主要负责人）：陈局长" in (root / "舆情处置记录表.md").read_text(encoding="utf-8")
