"""``dwgk people …``: the roster (人员名册, ``people.yaml``) — add a person or new roles, end a
role, list who held what."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from dwgk.cli.context import check_format, get, out, person, print_json
from dwgk.cli.options import FORMAT, NO_COMMIT
from dwgk.diag import Refused

NAME = typer.Argument(..., metavar="姓名", callback=person)


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    sub = typer.Typer(cls=Group, no_args_is_help=True,
                      help="人员名册：每人的部门和所任角色（含起止日期）；谁可以签署哪一步由它决定。")
    sub.command("add")(add)
    sub.command("end")(end)
    sub.command("list")(list_people)
    groups["people"] = sub
    app.add_typer(sub, name="people")


def _roster_plan(c, compute):
    """The write plan: read people.yaml (may be missing), compute the new one, or refuse."""
    from dwgk.roster import FILE
    from dwgk.roster.actions import text
    from dwgk.yamlread import parse

    def plan(root: Path):
        reg = c.read(root)
        bad = [d for d in reg.diagnostics if d.path == FILE and d.severity == "error"]
        if bad:
            raise Refused(f"人员名册 {FILE} 有错误，不能修改", "先修正下列问题（dwgk check 可列出全部）。", "R017",
                          diagnostics=bad)
        path = root / FILE
        raw = parse(path.read_text(encoding="utf-8"), FILE)[0] if path.is_file() else None
        new, change = compute(reg, raw)
        return {FILE: text(new)}, change
    return plan


def add(
    ctx: typer.Context, name: str = NAME,
    role: List[str] = typer.Option(..., "--role", metavar="角色", help="所任角色，可重复（须是配置方案中的角色）"),
    department: str = typer.Option("", "--department", metavar="部门", help="所在部门"),
    start: Optional[str] = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="任职起始日（默认今天）"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记一个人及其所任角色（已在名册中的，增加角色）。"""
    from dwgk.cli.write import apply
    from dwgk.roster import actions
    c = get(ctx)
    when = c.date_opt(start, "--from") if start else c.today()
    change = apply(c, no_commit, _roster_plan(c, lambda reg, raw: actions.add(
        reg.roster, raw, reg.profile, reg.known_departments(), name=name, roles=role, department=department,
        start=when)))
    out(f"已登记：{change.summary}")


def end(
    ctx: typer.Context, name: str = NAME,
    role: str = typer.Option("", "--role", metavar="角色", help="结束的角色（不写则结束其全部角色）"),
    date: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="任职的最后一天"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记某人不再担任某角色（或全部角色）：--date 为任职的最后一天，此前的记录不受影响。"""
    from dwgk.cli.write import apply
    from dwgk.roster import actions
    c = get(ctx)
    when = c.date_opt(date)
    change = apply(c, no_commit, _roster_plan(c, lambda reg, raw: actions.end(reg.roster, raw, name=name, role=role,
                                                                          when=when)))
    out(f"已登记：{change.summary}")


def list_people(ctx: typer.Context, fmt: str = FORMAT) -> None:
    """列出人员名册：每人的部门和所任角色（起止日期，今天是否在任）。"""
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    today = c.today()
    people = reg.roster.people
    if fmt == "json":
        print_json([{"name": p.name, "department": p.department or None,
                     "roles": [{"role": h.role, "from": h.start.isoformat() if h.start else None,
                                "to": h.end.isoformat() if h.end else None, "current": h.on(today)}
                               for h in p.holdings]} for p in people])
        return
    if not people:
        out("人员名册为空：用 dwgk people add 姓名 --role 角色 --from 日期 登记（可用的角色："
            + "、".join(reg.profile.role_names) + "）。")
        return
    from dwgk.cli.textfmt import fit
    for p in people:
        out(f"{p.name}" + (f"  {p.department}" if p.department else ""))
        for h in p.holdings:
            state = "在任" if h.on(today) else ("已卸任" if h.end is not None and h.end < today else "未到任")
            out(f"  {fit(h.role, 24)}  {fit(h.span(), 26)}  {state}".rstrip())
    serving = sum(1 for p in people if p.roles_on(today))
    out(f"共 {len(people)} 人，{today} 在任 {serving} 人")
