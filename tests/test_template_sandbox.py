"""A register's templates are untrusted (anyone who can push to a shared register writes them):
they render in Jinja's immutable sandbox and are read as plain files, never through a symlink
(issue 12). An escaping template cannot run (exit 3, like every broken template: T001–T004),
naming the file and line."""

from __future__ import annotations

import os

import pytest

from test_hostile_files import within

ESCAPES = {
    "os.popen through cycler": "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}",
    "subclasses of object": "{{ ''.__class__.__mro__[1].__subclasses__() }}{# %s #}",
    "lipsum's globals": "{{ lipsum.__globals__['os'].system('touch %s') }}",
    "a mutated list": "{%% set x = [] %%}{{ x.append('%s') }}",
    "a private attribute": "{{ Cell.__dataclass_fields__ }}{# %s #}",
}


@pytest.mark.parametrize("how", sorted(ESCAPES))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_escaping_template_runs_nothing_and_names_its_line(reg, run, tmp_path, how, fmt):
    marker = tmp_path / "ran"
    tpl = reg / "templates" / f"catalogue.{fmt}"
    tpl.write_text("# 公开目录\n\n" + ESCAPES[how] % marker + "\n", encoding="utf-8")
    r = run("catalogue", "render", "--audience", "社会", "--format", fmt, cwd=reg)
    assert r.exit_code == 3, r
    assert f"templates/catalogue.{fmt}:3:1: error[T050]" in r.stderr and "沙箱" in r.stderr, r
    assert "内部错误" not in r.stderr and r.stdout == ""
    assert not marker.exists()


def test_shipped_templates_included_by_a_register_template_still_work(reg, run):
    """An office's own catalogue that reuses the shipped macros renders as before."""
    (reg / "templates" / "catalogue.md").write_text(
        '{% import "macros.md" as m %}# {{ title }}\n\n{{ m.table(table) }}\n', encoding="utf-8")
    r = run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=reg)
    assert r.exit_code == 0, r
    assert "测试局" in r.stdout and "| 序号 |" in r.stdout


@pytest.mark.parametrize("kind", ["symlink to a secret", "dangling symlink", "FIFO", "symlinked folder"])
def test_a_template_that_is_not_a_plain_file_is_not_read(reg, run, tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("不该印出来的内容", encoding="utf-8")
    tpl = reg / "templates" / "catalogue.md"
    if kind == "symlink to a secret":
        os.symlink(secret, tpl)
    elif kind == "dangling symlink":
        os.symlink(tmp_path / "nowhere", tpl)
    elif kind == "FIFO":
        os.mkfifo(tpl)
    else:
        (reg / "templates" / ".gitkeep").unlink()
        (reg / "templates").rmdir()
        (tmp_path / "tpl").mkdir()
        (tmp_path / "tpl" / "catalogue.md").write_text("{{ org }}", encoding="utf-8")
        os.symlink(tmp_path / "tpl", reg / "templates")
    with within(10):
        r = run("catalogue", "render", "--audience", "社会", "--format", "md", cwd=reg)
    assert r.exit_code == 3 and "T051" in r.stderr and "不该印出来" not in r.stdout, r
    assert "templates" in r.stderr and "内部错误" not in r.stderr
