"""The roster (people.yaml) and what waits for whom: dwgk people add/end/list, init, check,
dwgk todo and status grouped by person (issue 14)."""

import json

from conftest import make_register, snapshot
from test_check import check, edit, finding
from test_record_once import commit_all, ok, refused


def test_init_creates_an_empty_roster_and_check_warns(reg, run):
    text = (reg / "people.yaml").read_text(encoding="utf-8")
    assert "people: []" in text
    r, data = check(run, reg)
    assert r.exit_code == 0
    f = finding(data, "W100")
    assert f["severity"] == "warning" and f["path"] == "people.yaml" and "dwgk people add" in f["hint"]
    ok(run("people", "add", "张三", "--role", "承办人", "--department", "办公室", "--from", "2025-01-01", cwd=reg))
    assert "W100" not in json.dumps(check(run, reg)[1])


def test_people_add_end_list(reg, run):
    r = ok(run("people", "add", "王五", "--role", "分管领导", "--role", "主要负责人", "--from", "2025-01-01", cwd=reg))
    assert "王五任分管领导、主要负责人" in r.stdout
    refused(run, reg, "people", "add", "王五", "--role", "分管领导", "--from", "2025-06-01", code="R012",
            says=("dwgk people end 王五 --role 分管领导",))
    refused(run, reg, "people", "add", "赵六", "--role", "保洁员", code="R004", says=("分管领导", "政府信息公开工作机构"))
    refused(run, reg, "people", "add", "赵六", "--role", "承办人", "--department", "宣传部", code="R016")
    refused(run, reg, "people", "end", "无名", "--date", "2026-01-01", code="R013", says=("王五",))
    refused(run, reg, "people", "end", "王五", "--role", "分管领导", "--date", "2024-12-31", code="R015")
    ok(run("people", "end", "王五", "--role", "分管领导", "--date", "2026-02-28", cwd=reg))
    refused(run, reg, "people", "end", "王五", "--role", "分管领导", "--date", "2026-03-31", code="R014")
    ok(run("people", "add", "李四", "--role", "分管领导", "--from", "2026-03-01", cwd=reg))
    data = json.loads(ok(run("people", "list", "--format", "json", cwd=reg)).stdout)
    wang = next(p for p in data if p["name"] == "王五")
    assert wang["roles"] == [{"role": "分管领导", "from": "2025-01-01", "to": "2026-02-28", "current": False},
                             {"role": "主要负责人", "from": "2025-01-01", "to": None, "current": True}]
    text = ok(run("people", "list", cwd=reg)).stdout
    assert "已卸任" in text and "共 2 人" in text
    # as it stood on 2026-02-01: 李四 not yet, 王五 still 分管领导
    then = json.loads(ok(run("--today", "2026-02-01", "people", "list", "--format", "json", cwd=reg)).stdout)
    assert [p["name"] for p in then] == ["王五"] and all(h["current"] for h in then[0]["roles"])
    import subprocess
    subjects = subprocess.run(["git", "-C", str(reg), "log", "--format=%s", "--", "people.yaml"], capture_output=True,
                              text=True, check=True).stdout
    assert "人员名册：王五不再担任分管领导（任至 2026-02-28）" in subjects


def test_a_broken_roster_is_a_finding_and_blocks_people_commands(reg, run):
    (reg / "people.yaml").write_text("people:\n- name: 张三\n  roles:\n  - {role: 承办人, from: 2026-13-01}\n"
                                     "- name: 张三\n  roles: [承办人]\n- roles: []\n", encoding="utf-8")
    commit_all(reg)
    r, data = check(run, reg)
    assert r.exit_code == 1
    codes = {f["code"] for f in data["findings"]}
    assert {"R005", "R003", "R002"} <= codes, codes
    assert finding(data, "R005")["line"] == 4
    refused(run, reg, "people", "add", "李四", "--role", "承办人", code="R017")


def test_old_records_made_before_the_roster_are_warnings(reg, run):
    r = ok(run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
               "--by", "张三", "--date", "2026-11-02", cwd=reg))
    item = r.stdout.strip()
    ok(run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "张三", "--date", "2026-11-03", cwd=reg))
    ok(run("people", "add", "张三", "--role", "承办人", "--from", "2025-01-01", cwd=reg))
    r, data = check(run, reg)
    assert r.exit_code == 0  # warnings: those records were made before the roster existed
    f = finding(data, "R021")
    assert f["severity"] == "warning" and "保密审查" in f["message"] and f["line"] > 0
    # a new command with the same signer is refused, and nothing changes
    refused(run, reg, "review", item, "--step", "审核", "--result", "同意", "--by", "张三", "--date", "2026-11-04",
            code="R021", says=("张三于 2026-11-04 担任承办人",))
    refused(run, reg, "review", item, "--step", "审核", "--result", "同意", "--by", "无名氏", "--date", "2026-11-04",
            code="R020", says=("不在人员名册中",))


def test_todo_lists_what_each_person_must_do_worst_first(reg, run):
    for name, role in (("张三", "承办人"), ("王五", "政府信息公开工作机构"), ("李四", "分管领导"), ("陈局长", "主要负责人")):
        ok(run("people", "add", name, "--role", role, "--from", "2025-01-01", cwd=reg))
    items = []
    for day in ("2026-09-01", "2026-11-02"):
        r = ok(run("submit", "--entry", "Z02", "--title", f"文件{day}", "--scope", "向社会公开", "--content", "正文",
                   "--by", "张三", "--date", day, "--doc-date", day, cwd=reg))
        items.append(r.stdout.strip())
    ok(run("review", items[1], "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-03", cwd=reg))
    data = json.loads(ok(run("todo", "--format", "json", cwd=reg)).stdout)
    people = {p["person"]: p for p in data["people"]}
    assert [t["id"] for t in people["王五"]["tasks"]] == [items[0]]
    assert [t["id"] for t in people["李四"]["tasks"]] == [items[1]]
    assert people["王五"]["tasks"][0]["overdue"] is True  # 20 工作日 from 2026-09-01 have run out
    assert data["people"][0]["person"] == "王五"  # worst first
    mine = json.loads(ok(run("todo", "--by", "李四", "--format", "json", cwd=reg)).stdout)
    assert [p["person"] for p in mine["people"]] == ["李四"]
    refused(run, reg, "todo", "--by", "无名", code="R013")
    text = ok(run("todo", cwd=reg)).stdout
    assert text.index("王五") < text.index("李四") and "超期" in text
    status = ok(run("status", cwd=reg)).stdout
    assert "王五（政府信息公开工作机构）" in status and "李四（分管领导）" in status
    data = json.loads(ok(run("status", "--format", "json", cwd=reg)).stdout)
    assert {p["person"]: p["waiting"] for p in data["people"]} == {"王五": [items[0]], "李四": [items[1]]}


def test_todo_without_a_roster_groups_by_role(reg, run):
    ok(run("submit", "--entry", "Z02", "--title", "文件", "--scope", "向社会公开", "--content", "正文",
           "--by", "张三", "--date", "2026-11-02", cwd=reg))
    r = ok(run("todo", cwd=reg))
    assert "（政府信息公开工作机构）" in r.stdout and "人员名册为空" in r.stderr


def test_participants_separated_by_a_comma_like_mark(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    for name, role in (("林芳", "局党务公开领导小组办公室"), ("黄丽", "局办公室"), ("曹文斌", "局党组"), ("韩立新", "局党组"),
                       ("宋敏", "局党组"), ("钱伟", "局党组")):
        ok(run("people", "add", name, "--role", role, "--from", "2025-01-01", cwd=root))
    item = ok(run("submit", "--entry", "J2", "--title", "决定", "--scope", "党内公开", "--content", "正文",
                  "--by", "林芳", "--date", "2026-11-02", cwd=root)).stdout.strip()
    ok(run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "黄丽", "--date", "2026-11-03", cwd=root))
    before = snapshot(root)
    r = run("review", item, "--step", "审核", "--result", "同意", "--by", "曹文斌", "--meeting", "局党组会议",
            "--participant", "曹文斌、韩立新", "--date", "2026-11-04", cwd=root)
    assert r.exit_code == 1 and "R024" in r.stderr and "4 名成员" in r.stderr and snapshot(root) == before
    ok(run("review", item, "--step", "审核", "--result", "同意", "--by", "曹文斌", "--meeting", "局党组会议",
           "--participant", "曹文斌、韩立新", "--participant", "宋敏", "--date", "2026-11-04", cwd=root))
    path = root / "items" / "2026" / f"{item}.yaml"
    assert "participants:\n  - 曹文斌\n  - 韩立新\n  - 宋敏\n" in path.read_text(encoding="utf-8")
    # an older file that kept the names in one text is read as three people
    edit(path, "participants:\n  - 曹文斌\n  - 韩立新\n  - 宋敏\n", "participants:\n  - 曹文斌、韩立新、宋敏\n")
    commit_all(root)
    data = json.loads(ok(run("show", item, "--format", "json", cwd=root)).stdout)
    assert data["history"][-1]["participants"] == ["曹文斌", "韩立新", "宋敏"]


def test_roster_file_findings():
    """Each thing people.yaml can get wrong is a finding with its place (R00x)."""
    from dwgk.fields import Findings
    from dwgk.profile import load_profile
    from dwgk.roster import build_roster
    p = load_profile("national")

    def codes(data):
        f = Findings("people.yaml")
        build_roster(data, f, p)
        return {(d.code, kp, d.severity) for kp, d in f.pending}
    assert codes(["张三"]) == {("R001", (), "error")}
    assert codes({"people": [{"name": "张三", "title": "科长"}]}) == {("R007", ("people", 0, "title"), "error")}
    assert codes({"people": [{"name": "张三\n李四"}]}) == {("R009", ("people", 0, "name"), "error")}
    assert codes({"people": [{"name": "张三", "roles": "承办人"}]}) == {("R008", ("people", 0, "roles"), "error")}
    assert codes({"people": [{"name": "张三", "roles": [{"from": "2026-01-01"}]}]}) == {
        ("R008", ("people", 0, "roles", 0), "error")}
    assert codes({"people": [{"name": "张三", "roles": [{"role": "承办人", "from": "2026-03-01", "to": "2026-02-01"}]}]}) \
        == {("R006", ("people", 0, "roles", 0, "to"), "error")}
    assert codes({"people": [{"name": "张三", "roles": [{"role": "承办人", "from": "2026-01-01"},
                                                      {"role": "承办人", "from": "2026-03-01"}]}]}) == {
        ("R010", ("people", 0, "roles", 1), "warning")}
    assert codes({"people": [{"name": "张三", "roles": ["承办人", {"role": "主要负责人", "to": "2026-02-01"}]}]}) == set()


def test_a_role_must_be_named(reg, run):
    refused(run, reg, "people", "add", "张三", "--role", " ", code="R011", exit_code=2)


def test_handle_record_numbers_and_public_items_without_a_public_channel(tmp_path, run):
    root = make_register(tmp_path / "s", run, "s004_shidian")
    item = ok(run("submit", "--entry", "D1", "--title", "议事规则", "--scope", "向社会公开", "--content", "正文",
                  "--channel", "文件", "--by", "林芳", "--date", "2026-11-02", cwd=root)).stdout.strip()
    path = root / "items" / "2026" / f"{item}.yaml"
    f = finding(check(run, root)[1], "W108")
    assert f["severity"] == "warning" and "宣传单" in f["hint"]
    path.write_text(path.read_text(encoding="utf-8") + "- {action: handle, date: 2026-11-05, by: 林芳, entry: 第一条, "
                    "handling: 已答复}\n", encoding="utf-8")
    commit_all(root)
    f = finding(check(run, root)[1], "W111")
    assert f["severity"] == "error" and f["line"] > 0


def test_the_proposer_approving_is_refused_on_disk_too(reg, run):
    """Bad input at the command line: refused with who may do it instead, exit 1, nothing changed."""
    for name, roles in (("张三", ("承办人", "主要负责人")), ("王五", ("政府信息公开工作机构",)), ("李四", ("分管领导",)),
                        ("陈局长", ("主要负责人",))):
        ok(run("people", "add", name, *(a for r in roles for a in ("--role", r)), "--from", "2025-01-01", cwd=reg))
    item = ok(run("submit", "--entry", "Z02", "--title", "办法", "--scope", "向社会公开", "--content", "正文",
                  "--by", "张三", "--date", "2026-11-02", cwd=reg)).stdout.strip()
    ok(run("review", item, "--step", "保密审查", "--result", "可以公开", "--by", "王五", "--date", "2026-11-03", cwd=reg))
    ok(run("review", item, "--step", "审核", "--result", "同意", "--by", "李四", "--date", "2026-11-04", cwd=reg))
    r = refused(run, reg, "review", item, "--step", "审批", "--result", "同意", "--by", "张三", "--date", "2026-11-05",
                code="R022", says=("张三已在该事项中办理“提出”", "可由陈局长（主要负责人）办理"))
    assert r.stderr.startswith("dwgk: 错误[R022]")
    ok(run("review", item, "--step", "审批", "--result", "同意", "--by", "陈局长", "--date", "2026-11-05", cwd=reg))
