"""A clerk's hand edits that break one file: every command still answers in Chinese,
names the broken file, and leaves the register alone."""

from conftest import snapshot
from test_check import edit, new_item
from test_requests_cli import new


def test_list_survives_an_item_without_a_submit_date(reg, run):
    new_item(run, reg)
    _, broken = new_item(run, reg)
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.split("history:")[0] + "history: oops\n", encoding="utf-8")
    for fmt in ("text", "json"):
        r = run("list", "--format", fmt, cwd=reg)
        assert r.exit_code == 0, r
        assert broken.stem in r.stdout


def test_commands_name_an_unreadable_request_or_message_file(reg, run):
    rid = new(run, reg)
    r = run("message", "new", "--type", "咨询", "--citizen", "刘某", "--subject", "问", "--content", "请问？",
            "--by", "李四", "--received", "2026-11-18", cwd=reg)
    assert r.exit_code == 0, r
    mid = r.stdout.strip()
    rpath = reg / "requests" / "2026" / f"{rid}.yaml"
    mpath = reg / "messages" / "2026" / f"{mid}.yaml"
    rpath.write_text("# 只剩一行注释\n", encoding="utf-8")
    mpath.write_bytes("id: 留言\n".encode("gbk"))
    before = snapshot(reg)
    for args, path in ((("request", "show", rid), rpath), (("explain", rid), rpath),
                       (("request", "consult", rid, "--party", "某公司", "--by", "李四"), rpath),
                       (("message", "show", mid), mpath)):
        r = run(*args, cwd=reg)
        assert r.exit_code == 1, r
        assert "E022" in r.stderr and path.relative_to(reg).as_posix() in r.stderr, r
        assert "没有编号" not in r.stderr
    assert snapshot(reg) == before


def test_explain_names_an_unreadable_item_file(reg, run):
    item, path = new_item(run, reg)
    edit(path, "title: 办法", "<<<<<<< HEAD\ntitle: 办法\n=======\ntitle: 办法二\n>>>>>>> other")
    r = run("explain", item, cwd=reg)
    assert r.exit_code == 1 and "E022" in r.stderr and "合并冲突" in r.stderr and "没有编号" not in r.stderr


def _check_codes(run, root):
    import json
    r = run("check", "--format", "json", cwd=root)
    return r, {(f["code"], f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]}


def test_a_list_or_mapping_where_text_goes_is_a_finding_with_its_line(reg, run):
    item, ipath = new_item(run, reg)
    rid = new(run, reg)
    r = run("message", "new", "--type", "咨询", "--citizen", "刘某", "--subject", "问", "--content", "请问？",
            "--by", "李四", "--received", "2026-11-18", cwd=reg)
    mid = r.stdout.strip()
    rpath = reg / "requests" / "2026" / f"{rid}.yaml"
    mpath = reg / "messages" / "2026" / f"{mid}.yaml"
    edit(ipath, "title: 办法", "title: [办法, 通知]")
    edit(ipath, "by: 张三", "by:\n  - 张三")
    edit(rpath, "applicant: 张三", "applicant: {name: 张三}")
    edit(mpath, "subject: 问", "subject: [问]")
    r, found = _check_codes(run, reg)
    assert r.exit_code == 1
    rel = lambda p: p.relative_to(reg).as_posix()  # noqa: E731
    assert ("I016", rel(ipath), 2) in found
    assert ("I016", rel(ipath), next(n for n, ln in enumerate(ipath.read_text().splitlines(), 1)
                                     if ln.strip() == "by:")) in found  # the key's line
    assert ("Q125", rel(rpath), next(n for n, ln in enumerate(rpath.read_text().splitlines(), 1)
                                     if ln.startswith("applicant:"))) in found
    assert ("M116", rel(mpath), next(n for n, ln in enumerate(mpath.read_text().splitlines(), 1)
                                     if ln.startswith("subject:"))) in found
    before = snapshot(reg)
    r = run("feedback", item, "--opinion", "意见", "--handling", "已处理", "--by", "赵六", cwd=reg)
    assert r.exit_code == 1 and "E022" in r.stderr
    assert snapshot(reg) == before


def test_parser_errors_are_told_in_chinese():
    from dwgk.yamlread import parse
    for text, words in (("a: !!python/object:os.system x\n", "不支持的标签"),
                        ("a: 1\n---\nb: 2\n", "多个文档"),
                        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "嵌套过深")):
        data, diags = parse(text, "items/2026/X.yaml")
        assert data is None and len(diags) == 1
        assert words in diags[0].message and not any("a" <= ch <= "z" for ch in diags[0].message), diags[0]


def test_a_file_whose_id_no_longer_matches_its_name_is_named(reg, run):
    item, path = new_item(run, reg)
    edit(path, f"id: {item}", "id: GK-2026-zzzzzz")
    for args in (("show", item), ("explain", item), ("log", item)):
        r = run(*args, cwd=reg)
        assert r.exit_code == 1 and "E022" in r.stderr and "I006" in r.stderr, r


def test_a_bad_time_limit_in_overrides_is_refused_not_ignored_or_a_crash(reg, run):
    cfg = reg / "dwgk.yaml"
    original = cfg.read_text(encoding="utf-8")
    for override, words in (("{limits: {publish_after_formed: {days: -5}}}", "publish_after_formed.days"),
                            ("{limits: {publish_after_formed: {days: 99999999}}}", "publish_after_formed.days"),
                            ("{limits: {publish_after_formed: abc}}", "limits.publish_after_formed"),
                            ("{limits: {publish_after_formd: 20}}", "publish_after_formd"),
                            ("{limits: {rereview: {month_day: 02-30}}}", "month_day"),
                            ("{limits: {transfer_paper: {day_of_month: 40}}}", "day_of_month")):
        cfg.write_text(original.replace("overrides: {}", f"overrides: {override}"), encoding="utf-8")
        for args in (("check",), ("status",), ("overdue",)):
            r = run(*args, cwd=reg)
            assert r.exit_code == 3 and "C004" in r.stderr and words in r.stderr, (override, r)
    cfg.write_text(original.replace("overrides: {}", "overrides: {limits: {publish_after_formed: false}}"),
                   encoding="utf-8")
    assert run("status", cwd=reg).exit_code == 0  # switching a rule off is still allowed


def test_unknown_override_keys_org_type_and_a_list_for_org_are_refused_with_lines(reg, run):
    cfg = reg / "dwgk.yaml"
    original = cfg.read_text(encoding="utf-8")
    for old, new, code, line in (("overrides: {}", "overrides:\n  colour: red", "C005", 7),
                                 ("overrides: {}", "overrides:\n  org_type: 公司", "C007", 7),
                                 ("org: 测试局", "org: [测试局]", "C007", 2)):
        cfg.write_text(original.replace(old, new), encoding="utf-8")
        r = run("status", cwd=reg)
        assert r.exit_code == 3 and f"dwgk.yaml:{line}:" in r.stderr and code in r.stderr, (new, r)


def test_broken_template_overrides_are_named_not_a_crash(reg, run):
    tpl = reg / "templates" / "catalogue.html"
    for data, args, words in (("中文{{ x }}".encode("gbk"), (), "templates/catalogue.html：不是 UTF-8"),
                              (b"{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", (), "templates/catalogue.html 第 1 行无限递归"),
                              (b"", ("--format", "docx", "-o", str(reg.parent / "out.docx")), "文档是空的")):
        tpl.write_bytes(data)
        r = run("catalogue", "render", "--audience", "社会", *args, cwd=reg)
        assert r.exit_code == 3 and words in r.stderr, r


def test_a_list_for_a_catalogue_code_is_a_finding(reg, run):
    cat = reg / "catalogue.yaml"
    edit(cat, "code: Z03", "code: [Z03]")
    r, found = _check_codes(run, reg)
    line = next(n for n, ln in enumerate(cat.read_text(encoding="utf-8").splitlines(), 1) if "[Z03]" in ln)
    assert r.exit_code == 1 and ("K006", "catalogue.yaml", line) in found


def test_a_year_9999_date_in_a_file_or_option_is_invalid_not_a_crash(reg, run):
    item, path = new_item(run, reg)
    edit(path, "date: 2026-11-02", "date: 9999-12-31")
    r, found = _check_codes(run, reg)
    line = next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "9999" in ln)
    assert r.exit_code == 1 and ("I004", path.relative_to(reg).as_posix(), line) in found
    for args in (("status",), ("overdue",), ("due",), ("explain", item)):
        assert run(*args, cwd=reg).exit_code in (0, 1)
    for args in (("--today", "9999-12-31", "overdue"), ("calendar", "add", "9999-12-30", "5")):
        r = run(*args, cwd=reg)
        assert r.exit_code == 2 and "9999" in r.stderr and "无效" in r.stderr, r


def test_ctrl_c_while_committing_puts_the_files_back_and_says_so(reg, run, monkeypatch):
    item, _ = new_item(run, reg)
    before = snapshot(reg)
    from dwgk import writer

    def interrupted(*a, **kw):
        raise KeyboardInterrupt
    monkeypatch.setattr(writer, "commit_files", interrupted)
    r = run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王五", cwd=reg)
    assert r.exit_code == 130 and "已中断" in r.stderr and "Traceback" not in r.stderr, r
    assert snapshot(reg) == before


def test_ctrl_c_while_starting_is_one_chinese_line(monkeypatch, capsys):
    import builtins

    import pytest

    import dwgk.cli
    real = builtins.__import__

    def imp(name, *a, **kw):
        if name == "dwgk.cli.app":
            raise KeyboardInterrupt
        return real(name, *a, **kw)
    monkeypatch.setattr(builtins, "__import__", imp)
    with pytest.raises(SystemExit) as e:
        dwgk.cli.main()
    assert e.value.code == 130 and "已中断" in capsys.readouterr().err


def test_git_errors_name_the_git_command_not_its_settings():
    from dwgk.writer import git_error
    r = git_error(("-c", "user.name=张三", "-c", "user.email=x@y", "commit", "-q"), "fatal: something odd")
    assert "git commit 执行失败" in r.message and "-c" not in r.message
    r = git_error(("-c", "user.name=", "commit"), "fatal: empty ident name (for <dwgk@localhost>) not allowed")
    assert "git config user.name" in r.hint
