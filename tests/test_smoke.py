from conftest import snapshot


def test_full_procedure_national(reg, run):
    r = run("submit", "--entry", "Z02", "--title", "关于印发管理办法的通知", "--scope", "向社会公开",
            "--content", "正文", "--by", "张三", "--date", "2026-11-02", cwd=reg)
    assert r.exit_code == 0, r
    item = r.stdout.strip()
    assert item.startswith("GK-2026-")
    for step, result, who, day in (("保密审查", "可以公开", "王五", "03"), ("审核", "同意", "李四", "04"),
                                   ("审批", "同意", "局长", "05")):
        r = run("review", item, "--step", step, "--result", result, "--by", who, "--date", f"2026-11-{day}", cwd=reg)
        assert r.exit_code == 0, r
    r = run("publish", item, "--channel", "政府网站", "--by", "赵六", "--date", "2026-11-06", cwd=reg)
    assert r.exit_code == 0, r
    assert "00817525-1/2026-00001" in r.stdout
    assert run("check", cwd=reg).exit_code == 0


def test_refused_review_out_of_order_changes_nothing(reg, run):
    item = run("submit", "--entry", "Z02", "--title", "T", "--scope", "向社会公开", "--content", "c",
               "--by", "张三", cwd=reg).stdout.strip()
    before = snapshot(reg)
    r = run("review", item, "--step", "审批", "--result", "同意", "--by", "局长", cwd=reg)
    assert r.exit_code == 1
    assert "须先完成“保密审查”" in r.stderr
    assert snapshot(reg) == before
