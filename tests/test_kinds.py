"""Every record kind through the commands that work on all of them: show, log, check."""

import json

from dwgk.kinds import BY_NAME, KINDS, kind_of


def _request(run, root) -> str:
    r = run("request", "new", "--received", "2026-11-02", "--channel", "网络", "--confirmed", "2026-11-02",
            "--applicant", "张某", "--applicant-type", "自然人", "--content", "立项清单", "--by", "李四", cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def _message(run, root) -> str:
    r = run("message", "new", "--type", "咨询", "--citizen", "刘某", "--subject", "申领条件", "--content", "请问？",
            "--by", "李四", "--received", "2026-11-18", cwd=root)
    assert r.exit_code == 0, r
    return r.stdout.strip()


def test_the_kinds_and_their_prefixes():
    assert [k.name for k in KINDS] == ["items", "requests", "messages", "opinions"]
    assert kind_of("YQ-2026-abcdef") is BY_NAME["opinions"]
    assert kind_of("YS-2026-abcdef") is BY_NAME["requests"] and kind_of("LY-2026-abcdef") is BY_NAME["messages"]
    assert kind_of("abcdef") is None


def test_show_and_log_take_any_kind(reg, run):
    rid, mid = _request(run, reg), _message(run, reg)
    for ref, key in ((rid, "applicant"), (mid, "citizen")):
        data = json.loads(run("show", ref, "--format", "json", cwd=reg).stdout)
        assert data["id"] == ref and key in data
        assert run("show", ref[-6:], cwd=reg).exit_code == 0  # the hex tail is enough
        log = json.loads(run("log", ref, "--format", "json", cwd=reg).stdout)
        assert len(log) == 1 and log[0]["trailers"]["Dwgk-Id"] == ref


def test_a_reference_to_nothing_names_every_kind(reg, run):
    r = run("show", "GK-2026-ffffff", cwd=reg)
    assert r.exit_code == 1 and "E021" in r.stderr
    r = run("log", "zzzzzz", cwd=reg)
    assert r.exit_code == 1 and "事项、申请或留言" in r.stderr
    r = run("show", _request(run, reg), "--revision", "1", cwd=reg)
    assert r.exit_code == 2 and "只有公开事项" in r.stderr
