"""Register and item commands: init, submit, review … archive, show, list, log, status, check."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, List, Optional

import typer

from dwgk.cli.context import (Ctx, check_format, err, get, locator, out, persons, one_of, print_diagnostics,
                              print_json, print_json_list, random_suffix)
from dwgk.cli.options import BY, DATE, FORMAT, NO_COMMIT, ROLE, text_arg
from dwgk.diag import CannotRun, ExitCode, Refused, os_reason, summary
from dwgk.vocab import STAGE_NAMES, STAGES


def register(app: typer.Typer, groups: dict) -> None:
    for fn in (init, submit, review, mitigate, prepublish, publish, feedback, archive, withhold,
               withdraw, correct, show, list_items, log, status, check, profiles):
        name = {"list_items": "list"}.get(fn.__name__, fn.__name__)
        app.command(name)(fn)
    groups["catalogue"].command("list")(catalogue_list)
    groups["catalogue"].command("file")(catalogue_file)
    groups["catalogue"].command("history")(catalogue_history)


# ---------------------------------------------------------------- helpers

def resolve_item(reg, ref: str):
    """Full ID, or a unique tail of one (the hex part is enough)."""
    from dwgk.items import KIND
    return KIND.resolve(reg, ref)


def _on_item(c: Ctx, no_commit: bool, ref: str | None, compute: Callable):
    """Record ``compute(reg, item, raw)`` on item ``ref`` (None: a new item), in one commit."""
    from dwgk.cli.write import on_record
    from dwgk.items import KIND
    return on_record(c, KIND, ref, compute, no_commit)


# ---------------------------------------------------------------- init

def init(
    ctx: typer.Context,
    directory: Path = typer.Argument(Path("."), metavar="目录", help="新登记簿所在目录（默认当前目录）"),
    org: str = typer.Option(..., "--org", metavar="名称", help="机构全称"),
    code: str = typer.Option("", "--code", metavar="机构代码", help="组织机构代码或统一社会信用代码（用于索引号前段码）"),
    profile: str = typer.Option("national", "--profile", metavar="方案", help="配置方案（全名或编号，如 s000），见 dwgk profiles"),
    review_body: List[str] = typer.Option([], "--review-body", metavar="机关",
                                          help="答复书告知的行政复议机关（如本级人民政府），可重复"),
    court: str = typer.Option("", "--court", metavar="法院", help="答复书告知的行政诉讼管辖法院"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """新建登记簿：写入 dwgk.yaml、公开目录和空的人员名册，git init 并做第一次提交。"""
    from dwgk.cli.write import apply
    from dwgk.loader import CATALOGUE, CONFIG, RECORD_DIRS, find_root, org_code_problem
    from dwgk.office import init_office
    from dwgk.profile import available, load_profile, resolve
    from dwgk.records import Change
    from dwgk.roster import FILE as PEOPLE
    from dwgk.roster.actions import empty as empty_roster
    from dwgk.writer import git, is_git_repo
    from dwgk.yamlread import dump
    c = get(ctx)
    root = (c.cwd / directory).resolve()
    if not org.strip():
        raise Refused("机构名称不能为空", "用 --org 写机构全称。", "E031", exit_code=ExitCode.USAGE)
    if org_code_problem(code.strip()):
        raise Refused(org_code_problem(code.strip()), "用 --code 写本机关的代码（用作索引号前段码），或不写。",
                      "E032", exit_code=ExitCode.USAGE)
    if resolve(profile) is None:
        raise Refused(f"没有名为“{profile}”的配置方案", "可用的方案：" + "、".join(available())
                      + "（dwgk profiles 可查看各方案的步骤）。", "E033", exit_code=ExitCode.USAGE)
    if (root / CONFIG).exists():
        raise Refused(f"{root} 已经是登记簿（已有 dwgk.yaml），不会覆盖", "换一个目录，或直接使用现有登记簿。", "E030")
    outer = find_root(root.parent) if root.parent != root else None
    if outer is not None:
        raise Refused(f"{root} 位于登记簿 {outer} 之内，不能在登记簿里再建登记簿",
                      "换一个不在任何登记簿之内的目录。", "E034")
    if root.exists() and not root.is_dir():
        raise Refused(f"{root} 已存在且不是目录", "换一个目录名。", "E035", exit_code=ExitCode.USAGE)
    profile = resolve(profile)
    p = load_profile(profile)
    remedies = init_office(review_body, court)  # refused (C020) before anything is made
    made = not root.exists()  # an init that fails (git missing …) removes the folder it made
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CannotRun(f"无法创建目录 {root}：{os_reason(e)}", "检查路径和写权限，换一个可写的目录。", "E036") from None
    created = not is_git_repo(root) and not no_commit
    if created:  # a folder inside an existing repository is kept in that repository
        try:
            git(root, "init", "-q")
        except Refused:
            if made:
                shutil.rmtree(root, ignore_errors=True)
            raise
    config = {"org": org.strip(), "code": code.strip(), "profile": profile,
              "start": c.today().isoformat(), "overrides": {}}
    config.update(remedies)
    catalogue = {"entries": [dict(e) for e in p.catalogue]}
    files = {CONFIG: "# dwgk 登记簿配置（机构、配置方案、个别规则的调整）\n" + dump(config),
             CATALOGUE: "# 公开目录：每个条目一项，code 唯一\n" + dump(catalogue), PEOPLE: empty_roster(),
             ".gitignore": ".dwgk/\n",
             **{f"{d}/.gitkeep": "" for d in (*RECORD_DIRS, "reports", "templates")}}
    change = Change("", "init", f"新建登记簿：{org.strip()}", "", c.today(), extra={"Dwgk-Profile": profile},
                    body=f"配置方案：{p.title}")
    from dwgk.sync import ATTRIBUTES, attributes_text, install_driver
    files[ATTRIBUTES] = attributes_text()  # record files merge through dwgk (dwgk sync)
    try:
        apply(c, no_commit, lambda _root: (files, change), root=root)
    except OSError as e:
        if made:
            shutil.rmtree(root, ignore_errors=True)
        raise CannotRun(f"无法写入 {root}：{os_reason(e)}", "检查目录的写权限。", "E036") from None
    except BaseException:
        if made:
            shutil.rmtree(root, ignore_errors=True)
        raise
    if is_git_repo(root):
        install_driver(root)
    out(f"已新建登记簿：{root}（{org.strip()}，方案：{p.title}）")
    out("下一步：用 dwgk people add 姓名 --role 角色 登记经办人和决定人（可用的角色：" + "、".join(p.role_names) + "）")


def profiles(fmt: str = FORMAT) -> None:
    """列出可用的配置方案：步骤、各步骤由什么角色签署、可由同一人兼任的步骤、人员名册可用的角色。"""
    from dwgk.profile import available, load_profile
    rows = [load_profile(n) for n in available()]
    if check_format(fmt, ("text", "json")) == "json":
        print_json([{"name": p.name, "title": p.title, "source": p.source, "kind": p.kind,
                     "steps": [s.name for s in p.steps],
                     "signers": {s.name: list(s.roles) for s in p.steps},
                     "shared": [[n for n in ("提出", *(s.name for s in p.steps)) if n in g] for g in p.shared]
                     if p.separate else None,
                     "roles": list(p.role_names)} for p in rows])
        return
    from dwgk.cli.textfmt import wrap
    for p in rows:
        out(f"{p.name:<16} {p.title}")
        steps = " → ".join(s.name + "（" + "/".join(s.roles) + "）" for s in p.steps)
        order = ["提出", *(s.name for s in p.steps)]
        shared = "；".join("、".join(sorted(g, key=order.index)) for g in p.shared) or "无（各步骤须由不同的人签署）"
        for line in (f"步骤：{steps}", "兼任：" + (shared if p.separate else "不限"), "角色：" + "、".join(p.role_names)):
            for part in wrap(line, 80 - 16, "  "):
                out(" " * 16 + part)


# ---------------------------------------------------------------- the procedure

def submit(
    ctx: typer.Context,
    entry: Optional[str] = typer.Option(None, "--entry", metavar="目录编码", help="所属公开目录条目"),
    title: str = typer.Option(..., "--title", metavar="标题", help="事项名称"),
    scope: str = typer.Option(..., "--scope", metavar="范围", help="公开范围：党内公开 / 对特定对象公开 / 向社会公开"),
    channel: List[str] = typer.Option([], "--channel", metavar="形式", help="公开形式，可重复（默认取目录条目的形式）"),
    content: Optional[str] = typer.Option(None, "--content", metavar="文字", help="公开内容"),
    content_file: Optional[Path] = typer.Option(None, "--content-file", metavar="文件", help="从 UTF-8 文本文件读取公开内容"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE,
    reason: str = typer.Option("", "--reason", metavar="理由", help="目录外事项须说明理由"),
    department: str = typer.Option("", "--department", metavar="部门", help="责任部门（默认取目录条目）"),
    timing: str = typer.Option("", "--timing", metavar="时限", help="长期 / 定期 / 及时 / 随时（默认取目录条目）"),
    attribute: str = typer.Option("", "--attribute", metavar="属性", help="政务公文属性：主动公开 / 依申请公开 / 不予公开"),
    doc_number: str = typer.Option("", "--doc-number", metavar="文号", help="文号"),
    doc_date: Optional[str] = typer.Option(None, "--doc-date", metavar="YYYY-MM-DD", help="成文日期"),
    first_inner: bool = typer.Option(False, "--first-inner", help="先党内、后党外"),
    major: bool = typer.Option(False, "--major", help="重大事项（启用预公开的方案须先预公开）"),
    interprets: str = typer.Option("", "--interprets", metavar="事项编号", help="本事项是对该文件的政策解读"),
    period: str = typer.Option("", "--period", metavar="报告期", help="定期公开事项报告的是哪一期：2026Q3 / 2026H1 / 2026"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """提出公开事项，输出新事项编号。"""
    from dwgk.items import actions
    c = get(ctx)
    text = text_arg(content, content_file, "公开内容")
    when, today = c.date_opt(date), c.today()
    ddate = c.date_opt(doc_date, "--doc-date") if doc_date else None

    def compute(reg, _item, _raw):
        item_id = actions.new_item_id(when, random_suffix())
        while reg.item(item_id):
            item_id = actions.new_item_id(when, random_suffix())
        return actions.submit(reg, item_id=item_id, entry=entry, title=title, scope=scope,
                              channels=list(channel), content=text, by=by, role=role, when=when,
                              today=today, reason=reason, department=department, timing=timing,
                              attribute=attribute, doc_number=doc_number, doc_date=ddate,
                              first_inner=first_inner, major=major, interprets=interprets,
                              period=period)
    change = _on_item(c, no_commit, None, compute)
    out(change.item)


def review(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="事项编号"),
    step: str = typer.Option(..., "--step", metavar="步骤", help="保密审查 / 风险评估 / 审核 / 审批 / 初审 / 复审 / 终审 …（见配置方案）"),
    result: str = typer.Option(..., "--result", metavar="结论",
                               help="保密审查：可以公开 / 部分公开 / 不予公开 / 提请审定；风险评估：可公开 / 可部分公开 / 暂缓公开 / 不公开；其他步骤：同意 / 不同意"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE,
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="审核意见（不同意时必填）"),
    exemption: str = typer.Option("", "--exemption", metavar="类别", help="不予公开类别：国家秘密/工作秘密/商业秘密/个人隐私/三安全一稳定"),
    removed: str = typer.Option("", "--removed", metavar="说明", help="部分公开时对删去内容的说明"),
    redact: List[str] = typer.Option([], "--redact", metavar="文字",
                                     help="部分公开：公开文本中删去的原文，一字不差（可重复）；每处改为“（此处依法删除 N 字）”"),
    referred_to: str = typer.Option("", "--referred-to", metavar="机关", help="提请审定时报送的机关（默认保密部门）"),
    finding: List[str] = typer.Option([], "--finding", metavar="维度=结论", help="风险评估结论，如 合法性=符合规定（四个维度各一次）"),
    level: str = typer.Option("", "--level", metavar="低|中|高", help="风险等级"),
    measures: str = typer.Option("", "--measures", metavar="措施", help="防范化解措施（中风险公开前必填）"),
    adjustment: str = typer.Option("", "--adjustment", metavar="说明",
                                   help="高风险后重新评估：方案作了哪些调整（必填）"),
    meeting: str = typer.Option("", "--meeting", metavar="会议", help="集体审议的会议（如 局党组会议 2026年第5次）"),
    participant: List[str] = typer.Option([], "--participant", metavar="姓名",
                                          help="集体审议的参加人员，可重复，也可用顿号分隔（甲、乙、丙）；集体审议的步骤必填",
                                          callback=persons),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记一个审核或审批步骤的结论。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    findings = actions.parse_findings(finding)
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.review(
        reg, item, raw, step=step, result=result, by=by, role=role, when=when, today=today,
        opinion=opinion, exemption=exemption, removed=removed, findings=findings, level=level,
        measures=measures, referred_to=referred_to, adjustment=adjustment, meeting=meeting,
        participants=list(participant), redact=list(redact)))
    out(f"已登记：{change.summary}")


def mitigate(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    measures: str = typer.Option(..., "--measures", metavar="措施", help="已采取的防范化解措施"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """中风险事项：登记防范化解措施，之后方可公开。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.mitigate(
        reg, item, raw, measures=measures, by=by, role=role, when=when, today=today))
    out(f"已登记：{change.summary}")


def prepublish(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    channel: str = typer.Option("", "--channel", metavar="形式", help="预公开渠道"),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="征求意见截止日（默认满 7 天）"),
    close: bool = typer.Option(False, "--close", help="结束预公开，登记意见和调整"),
    opinions: int = typer.Option(0, "--opinions", metavar="条数", help="收到的意见条数（--close 时）"),
    adjustments: str = typer.Option("", "--adjustments", metavar="说明", help="根据意见作出的调整（--close 时）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """重大事项预公开：先公开初步方案征求意见（至少 7 天），再正式公开。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    until_d = c.date_opt(until, "--until") if until else None
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.prepublish(
        reg, item, raw, channel=channel, until=until_d, close=close, opinions=opinions,
        adjustments=adjustments, by=by, role=role, when=when, today=today))
    out(f"已登记：{change.summary}")


def publish(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    channel: str = typer.Option(..., "--channel", metavar="形式", help="公开形式（渠道）"),
    scope: str = typer.Option("", "--scope", metavar="范围", help="本次公开的范围（默认为批准的范围）"),
    accept_finding: Optional[List[str]] = typer.Option(
        None, "--accept-finding", metavar="类别=理由",
        help="确认检查出的某类内容可以公开（可重复），例如 电子邮箱=单位公开的办公邮箱；记入办理记录"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """公开已审批的事项（须全部审核步骤依次通过；先党内、后党外）。

    公开前检查标题和内容中的身份证号、手机号、银行卡号、电子邮箱、密级标志和内部标志（同 dwgk scan）：
    向社会公开的渠道在有未确认的检查结果时拒绝公开；内部渠道公开并提示。"""
    from dwgk.items import actions, scan
    from dwgk.sync import clone
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    accept = scan.parse_accept(accept_finding or [])
    inner: list = []

    def compute(reg, item, raw):
        result = actions.publish(reg, item, raw, channel=channel, scope=scope, by=by, role=role, when=when,
                                 today=today, clone=clone(Path(reg.root)), accept=accept)
        if not reg.profile.is_public(channel):  # a public channel refused them; an inner one is warned
            inner[:] = scan.standing(reg.profile, item, accept, reg.root)
        return result
    change = _on_item(c, no_commit, item_id, compute)
    idx = change.extra.get("Dwgk-Index")
    out(f"已登记：{change.summary}" + (f"，索引号 {idx}" if idx else ""))
    if inner:
        code = "P003"
        err(f"警告[{code}]: 通过内部渠道“{channel}”公开的文本中有须审查的内容：{scan.listing(inner)}。"
            "如再向社会公开，须先改正或用 --accept-finding 说明。")


def feedback(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="收到的意见建议（登记新意见时必填）"),
    handling: str = typer.Option("", "--handling", metavar="处理", help="处理情况"),
    entry: Optional[int] = typer.Option(None, "--entry", metavar="N", min=1,
                                        help="补登第 N 条意见的处理情况（dwgk show 列出各条意见的序号）"),
    published: bool = typer.Option(False, "--published", help="处理结果已再公开"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """登记公开后收到的意见（按收到先后编号）及其处理情况；--entry N --handling 补登第 N 条的处理情况。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.feedback(
        reg, item, raw, opinion=opinion, handling=handling, result_published=published, by=by,
        role=role, when=when, today=today, entry=entry))
    out(f"已登记：{change.summary}")


def archive(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    opinion: str = typer.Option("", "--opinion", metavar="说明", help="归档说明（如交接单号）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """立卷归档。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.archive(
        reg, item, raw, by=by, role=role, when=when, today=today, opinion=opinion))
    out(f"已登记：{change.summary}")


def withhold(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    reasons: str = typer.Option(..., "--reasons", metavar="理由", help="不公开的理由（含公开后可能带来的负面效应）"),
    basis: str = typer.Option(..., "--basis", metavar="依据", help="不公开的依据"),
    ruling: str = typer.Option("", "--ruling", metavar="审定", help="上级办公室的审定意见"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """决定不公开，书面记录理由和依据。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.withhold(
        reg, item, raw, reasons=reasons, basis=basis, ruling=ruling, by=by, role=role,
        when=when, today=today))
    out(f"已登记：{change.summary}")


def withdraw(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    reason: str = typer.Option(..., "--reason", metavar="原因", help="撤回的原因（如：误提出、重复提出）"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """撤回公开前误提出的事项：事项和历史保留（阶段“已撤回”），不计入任何统计，也不算不公开。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.withdraw(
        reg, item, raw, reasons=reason, by=by, role=role, when=when, today=today))
    out(f"已登记：{change.summary}")


def correct(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="事项编号"),
    content: Optional[str] = typer.Option(None, "--content", metavar="文字", help="新的公开内容"),
    content_file: Optional[Path] = typer.Option(None, "--content-file", metavar="文件", help="从文件读取新的公开内容"),
    title: str = typer.Option("", "--title", metavar="标题", help="新标题"),
    scope: str = typer.Option("", "--scope", metavar="范围", help="新的公开范围"),
    attribute: str = typer.Option("", "--attribute", metavar="属性", help="调整公文属性（年度审查后改为主动公开）"),
    channel: List[str] = typer.Option([], "--channel", metavar="形式", help="新的公开形式，可重复（取代原有的）"),
    reason: str = typer.Option(..., "--reason", metavar="原因", help="更正或修改的原因"),
    by: str = BY, role: str = ROLE, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """更正已公开的事项，或修改被退回、已审批未公开、高风险待调整的事项后重新提交；新版本重新审核，旧版本留在历史中。"""
    from dwgk.items import actions
    c = get(ctx)
    text = text_arg(content, content_file, "公开内容")
    when, today = c.date_opt(date), c.today()
    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.correct(
        reg, item, raw, title=title, content=text, scope=scope, reason=reason, by=by, role=role,
        when=when, today=today, attribute=attribute, channels=list(channel)))
    out(f"已登记：{change.summary}")


# ---------------------------------------------------------------- reading

def history_json(item) -> list[dict]:
    return [e.to_json() for e in item.history]


def item_json(reg, item, st=None, today=None) -> dict:
    from dwgk.items import procedure as wf
    st = st or wf.state(reg.profile, item)
    return {
        "id": item.id, "title": item.title, "stage": st.stage, "stage_name": STAGE_NAMES[st.stage],
        "waiting_for": st.waiting_for,
        "next": {"action": st.next_action, "role": st.next_role, "people": _next_people(reg, item, today)},
        "entry": item.entry, "scope": item.scope, "channels": list(item.channels),
        "timing": item.timing, "department": item.department, "proposer": item.proposer,
        "kind": item.kind, "attribute": item.attribute or None, "doc_number": item.doc_number or None,
        "doc_date": item.doc_date.isoformat() if item.doc_date else None, "index_no": item.index_no or None,
        "submitted": item.submitted.isoformat() if item.submitted else None,
        "revision": 1 + sum(1 for e in item.history if e.action == "revise"),
        "path": item.path,
        "attachments": [{"file": a.file, "name": a.shown, "size": a.size, "sha256": a.sha256 or None}
                        for a in item.attachments],
        "history": history_json(item),
    }


def _next_people(reg, item, today) -> list[str]:
    """Who on the roster may take the item's next step on ``today``."""
    from dwgk import todo
    from dwgk.items import procedure as wf
    w = wf.wait(reg.profile, item) if today is not None else None
    if w is None or reg.roster.empty:
        return []
    return [p.name for p in todo.who(reg, w, today) if p.on_roster]


def _event_detail(e) -> str:
    """What a history record says beyond who, when and which step: one line of 中文."""
    from dwgk.items.vocab import FIELD_NAMES
    parts: list[str] = []
    add = lambda label, v: parts.append(f"{label}{v}") if v not in (None, "", (), 0) else None  # noqa: E731
    if e.action == "review":
        add("类别：", e.exemption)
        add("删去：", "、".join(f"“{p}”" for p in e.redact))
        add("说明：", e.removed)
        add("报送：", e.referred_to)
        add("风险等级：", e.level)
        parts += [f"{k}：{v}" for k, v in e.findings]
        add("措施：", e.measures)
        add("方案调整：", e.adjustment)
        add("会议：", e.meeting)
        add("参加：", "、".join(e.participants))
        add("意见：", e.opinion)
    elif e.action == "prepublish":
        add("渠道：", e.channel)
        add("至 ", e.until)
        if e.result == "结束":
            parts.append(f"收到意见 {e.opinions} 条")
            add("调整：", e.adjustments)
    elif e.action == "publish":
        add("", e.channel)
        add("", e.scope)
        add("索引号 ", e.index_no)
    elif e.action in ("feedback", "handle"):
        add("意见：", e.opinion)
        add("处理：", e.handling)
        if e.result_published:
            parts.append("处理结果已公开")
    elif e.action == "withdraw":
        add("原因：", e.reasons)
    elif e.action == "withhold":
        add("理由：", e.reasons)
        add("依据：", e.basis)
        add("审定：", e.ruling)
    elif e.action in ("transfer", "meeting"):
        add("", e.medium)
        add("会议日期：", e.meeting_date)
        add("", e.opinion)
    elif e.action == "revise":
        add("", e.kind)
        add("原因：", e.reasons)
        if e.previous:
            add("改动：", "、".join(FIELD_NAMES.get(k, k) for k in e.previous))
    else:
        add("", e.opinion)
    return "；".join(str(x) for x in parts)


# The command area that shows each other kind's records (``dwgk show`` works on every kind).
SHOW = {"requests": "dwgk.cli.request_cmds", "messages": "dwgk.cli.message_cmds",
        "opinions": "dwgk.cli.opinion_cmds"}


def show(
    ctx: typer.Context, item_id: str = typer.Argument(..., metavar="编号", help="事项、申请或留言的编号（末尾几位即可）"),
    fmt: str = FORMAT,
    revision: Optional[int] = typer.Option(None, "--revision", metavar="N",
                                           help="显示第 N 版（更正或修改前的旧版本）的内容和当时的历史"),
) -> None:
    """显示一个事项（或申请、留言）：阶段、下一步由谁办理、全部历史；--revision 显示事项的旧版本。"""
    import importlib
    from dwgk.items import procedure as wf
    from dwgk.kinds import resolve_any
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    kind, item = resolve_any(reg, item_id)
    if kind.name != "items":
        if revision is not None:
            raise Refused("只有公开事项有多个版本（--revision）", f"去掉 --revision：dwgk show {item.id}。", "E025",
                          exit_code=ExitCode.USAGE)
        importlib.import_module(SHOW[kind.name]).show(ctx, item.id, fmt)
        return
    revs = wf.revisions(item)
    if revision is not None:
        if not 1 <= revision <= len(revs):
            raise Refused(f"该事项只有 {len(revs)} 个版本，没有第 {revision} 版", f"--revision 取 1 到 {len(revs)}。",
                          "E025", exit_code=ExitCode.USAGE)
        old, known = revs[revision - 1]
        if not known:
            raise Refused(f"第 {revision} 版的内容没有保存在事项文件中（旧版 dwgk 只记录了摘要）",
                          f"用 dwgk log {item.id} 找到当时的提交，再用 git show 提交号:{item.path} 查看。", "E026")
        _show_revision(reg, old, revision, len(revs), fmt)
        return
    st = wf.state(reg.profile, item)
    data = item_json(reg, item, st, c.today())
    if fmt == "json":
        print_json(data)
        return
    entry = reg.entry(item.entry) if item.entry else None
    out(f"{item.id}  {item.title}")
    out(f"  阶段：{data['stage_name']}    目录：{(entry.code + ' ' + entry.name) if entry else '目录外（' + item.reason + '）'}")
    out(f"  范围：{item.scope}    形式：{'、'.join(item.channels)}    时限：{item.timing}    责任部门：{item.department or '—'}")
    doc = [f"{label}：{v}" for label, v in (("公文属性", item.attribute), ("文号", item.doc_number),
                                           ("成文日期", item.doc_date)) if v]
    if doc:
        out("  " + "    ".join(doc))
    if data["index_no"]:
        out(f"  索引号：{data['index_no']}")
    if len(revs) > 1:
        which = "1" if len(revs) == 2 else f"1 至 {len(revs) - 1} 之一"
        out(f"  版本：第 {len(revs)} 版（旧版本用 dwgk show {item.id} --revision {which} 查看）")
    if data["waiting_for"]:
        out(f"  待完成：{' → '.join(data['waiting_for'])}")
    role = data["next"]["role"]
    who = "、".join(data["next"]["people"])
    role_text = "：".join(x for x in (role if role and role not in data["next"]["action"] else "", who) if x)
    out(f"  下一步：{data['next']['action']}" + (f"（{role_text}）" if role_text else ""))
    _show_texts(reg, item, st, len(revs))
    _show_attachments(item)
    _show_history(item)


def _show_attachments(item) -> None:
    for a in item.attachments:
        what = f"{a.file}，{a.size_text}，SHA-256 {a.sha256[:12]}" if a.sha256 else "只登记了名称，没有文件"
        out(f"  附件：{a.shown}（{what}）")


def _show_texts(reg, item, st, revision: int) -> None:
    """The current revision's text as submitted and reviewed (内部文本), and what the public
    gets of it (公开文本): the same, unless the secrecy review decided 部分公开."""
    from dwgk.cli.term import paragraph
    out(f"  内部文本（第 {revision} 版，提交审核的内容）：")
    for line in item.content.rstrip("\n").splitlines() or [""]:
        paragraph(line, "    ")
    from dwgk.items.procedure import public_text
    from dwgk.redaction import Unredactable
    try:
        public = public_text(reg.profile, item)
    except Unredactable:
        out("  公开文本：删去的文字在删除后仍可读出，无法生成（改正保密审查记录）")
        return
    if public == item.content:
        out("  公开文本：与内部文本相同")
        return
    out("  公开文本（部分公开，删去的文字已替换）：")
    for line in public.rstrip("\n").splitlines() or [""]:
        paragraph(line, "    ")


def _show_history(item) -> None:
    out("  历史：")
    from dwgk.items.vocab import ACTION_NAMES
    n = 0
    for e in item.history:
        what = ACTION_NAMES.get(e.action, e.action)
        if e.action == "feedback":  # entries are numbered: dwgk feedback --entry N completes one
            n += 1
            what += f"（第 {n} 条）"
        elif e.action == "handle":
            what += f"（第 {e.entry} 条）"
        head = " ".join(x for x in (e.step, e.result) if x)
        who = e.by + (f"（{e.role}）" if e.role else "")
        detail = _event_detail(e)
        out(f"    {e.date}  {what}" + (f" {head}" if head else "") + f"  {who}" + (f"  {detail}" if detail else ""))


def _show_revision(reg, old, n: int, total: int, fmt: str) -> None:
    if fmt == "json":
        print_json({**{k: v for k, v in item_json(reg, old).items()
                       if k not in ("stage", "stage_name", "waiting_for", "next")},
                    "revision": n, "revisions": total, "content": old.content})
        return
    out(f"{old.id}  第 {n} 版（共 {total} 版）  {old.title}")
    out(f"  范围：{old.scope}    形式：{'、'.join(old.channels)}" + (f"    公文属性：{old.attribute}" if old.attribute else ""))
    out("  内容：")
    for line in old.content.rstrip("\n").splitlines():
        out(f"    {line}".rstrip())
    _show_history(old)


def list_items(
    ctx: typer.Context,
    stage: Optional[str] = typer.Option(None, "--stage", metavar="阶段", help="只列此阶段（代码或中文名）："
                                         + " / ".join(f"{s}（{STAGE_NAMES[s]}）" for s in STAGES)),
    entry: Optional[str] = typer.Option(None, "--entry", metavar="目录编码", help="只列此目录条目下的事项"),
    fmt: str = typer.Option("text", "--format", metavar="text|json|xlsx|csv",
                            help="输出格式（xlsx、csv 按台账模板的列，可再用 dwgk import items 导入）"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件（xlsx 必须指定）"),
) -> None:
    """列出事项。"""
    from dwgk.items import procedure as wf
    c = get(ctx)
    check_format(fmt, ("text", "json", "xlsx", "csv"))
    by_name = {v: k for k, v in STAGE_NAMES.items()}  # the clerk sees 已公开 in the list: take it
    stage = by_name.get(stage, stage)
    one_of(stage, STAGES + tuple(by_name), "阶段", "--stage", " / ")
    reg = c.view()
    if entry is not None and reg.entry(entry) is None and not any(i.entry == entry for i in reg.items):
        raise Refused(f"公开目录中没有编码为“{entry}”的条目", "用 dwgk catalogue list 查看目录编码。", "E027")
    rows = []
    # An item whose history is broken has no submit date: it sorts first instead of failing.
    from datetime import date as day
    for item in sorted(reg.items, key=lambda i: (i.submitted or day.min, i.id)):
        if entry and item.entry != entry:
            continue
        st = wf.brief(reg.profile, item, c.memo)
        if stage and st.stage != stage:
            continue
        rows.append((item, st))
    if fmt in ("xlsx", "csv"):
        from dwgk.cli.sheet_cmds import emit_records
        emit_records(c, reg, "items", [i for i, _ in rows], fmt, output,
                     {"阶段": [STAGE_NAMES[s.stage] for _, s in rows], "待完成": ["→".join(s.waiting_for) for _, s in rows],
                      "下一步": [s.next_action for _, s in rows]})
        return
    if fmt == "json":
        print_json_list({"id": i.id, "title": i.title, "stage": s.stage, "waiting_for": s.waiting_for,
                         "next": {"action": s.next_action, "role": s.next_role},
                         "entry": i.entry, "scope": i.scope, "department": i.department,
                         "submitted": i.submitted.isoformat() if i.submitted else None,
                         "history": history_json(i)} for i, s in rows)
        return
    from dwgk.cli.term import row
    from dwgk.cli.textfmt import width
    for i, s in rows:
        tail = ("待" + s.waiting_for[0]) if s.waiting_for else ""
        row([(i.id, max(14, width(i.id))), (STAGE_NAMES[s.stage], 6), (tail, 12), (i.title, None)])
    out(f"共 {len(rows)} 项")


def log(ctx: typer.Context,
        item_id: str = typer.Argument(..., metavar="编号", help="事项、申请或留言的编号（末尾几位即可）"),
        fmt: str = FORMAT) -> None:
    """从 git 历史显示一个事项（或申请、留言）的每一次提交：谁、何时、以什么身份作了什么决定。"""
    from dwgk.gitlog import log as git_log
    from dwgk.kinds import resolve_any
    from dwgk.writer import is_git_repo
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.load()
    kind, item = resolve_any(reg, item_id)
    root = Path(reg.root)
    if not is_git_repo(root):
        raise Refused("登记簿不是 git 仓库，没有审计记录", "在登记簿目录运行 git init 并提交后即可使用。", "G010")
    commits = git_log(root, item.path)
    if fmt == "json":
        print_json([cm.to_json() for cm in commits])
        return
    for cm in commits:
        t = cm.trailers
        who = t.get("Dwgk-By", cm.author) + (f"（{t['Dwgk-Role']}）" if t.get("Dwgk-Role") else "")
        out(f"{cm.sha}  {t.get('Dwgk-Date', cm.date[:10])}  {who}  {cm.subject}")
    if not commits:
        out(f"（该{kind.label}尚无提交记录）")


def status(ctx: typer.Context, fmt: str = FORMAT,
           strict: bool = typer.Option(False, "--strict", help="到期与超期数有按暂定日历（尚无节假日数据的年份）计算的，报错（退出码 1）"),
           ) -> None:
    """总览：各阶段事项数、到期与超期数、谁在等待办理（按人员名册中的人分组，最紧急的在前）。"""
    from dwgk import deadlines as dl
    from dwgk import todo as td
    from dwgk.items import procedure as wf
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    today = c.today()
    by_stage = {s: 0 for s in STAGES}
    waiting: dict[str, list] = {}
    with wf.states_remembered():  # the state of an item that waits: worked out for its Brief, asked again by todo
        for item in reg.items:
            st = wf.brief(reg.profile, item, c.memo)  # remembered by the cache: most items are done with
            by_stage[st.stage] += 1
            if wf.is_waiting(st):
                waiting.setdefault(st.next_role, []).append((item, st))
        rows = dl.open_rows(reg, today, now=c.now(), memo=c.memo)  # all that the summary and the tasks look at
        deadlines = dl.summary(reg, today, rs=rows)
        people = td.by_person(reg, today, rows=rows, memo=c.memo)
    if strict and deadlines.get("provisional_years"):
        from dwgk.cli.calendar_cmds import refuse_provisional
        refuse_provisional(deadlines["provisional_years"])
    errors = sum(1 for d in reg.diagnostics if d.severity == "error")
    data = {"org": reg.config.org, "profile": reg.profile.name, "today": today.isoformat(),
            "items": len(reg.items), "stages": by_stage,
            "waiting": {role: [i.id for i, _ in rows] for role, rows in waiting.items()},
            "people": [{"person": p.name, "on_roster": p.on_roster, "roles": list(p.roles),
                        "waiting": [t.wait.subject for t in ts], "overdue": sum(t.overdue for t in ts)}
                       for p, ts in people],
            "deadlines": deadlines, "requests": len(reg.requests), "messages": len(reg.messages),
            "findings": errors}
    if fmt == "json":
        print_json(data)
        return
    from dwgk.cli.term import columns, paint, paragraph, row
    from dwgk.cli.textfmt import width, wrap

    def say(text: str, style: str = "") -> None:  # continuation lines indented two more than the first
        for line in wrap(text, columns(), " " * (len(text) - len(text.lstrip(" "))) + "  "):
            out(paint(line, style))
    say(f"{reg.config.org}  {today}")
    say(f"配置方案：{reg.profile.title}")
    say(f"公开事项 {len(reg.items)} 项：" + "，".join(f"{STAGE_NAMES[s]} {n}" for s, n in by_stage.items() if n))
    if deadlines:
        line = f"时限：超期 {deadlines.get('overdue', 0)} 项，{deadlines.get('within', 5)} 个工作日内到期 {deadlines.get('due', 0)} 项"
        if deadlines.get("provisional"):
            line += f"（其中 {deadlines['provisional']} 项按暂定日历计算）"
        say(line, "overdue" if deadlines.get("overdue") else "")
    if reg.requests or reg.messages:
        say(f"依申请公开 {len(reg.requests)} 件，政民互动 {len(reg.messages)} 件")
    if people:
        out("")
        out("等待办理" + ("（人员名册为空，按角色列出）：" if reg.roster.empty else "（按人，最紧急的在前）："))
        for p, ts in people:
            late = sum(t.overdue for t in ts)
            say(f"  {p.heading}（{len(ts)} 项" + (f"，超期 {late} 项" if late else "") + "）")
            for t in ts[:8]:  # the title wraps; the next step, under it, wraps whole
                row([("", 2), (t.wait.subject, max(14, width(t.wait.subject))), (t.wait.title, None)])
                paragraph(t.wait.action, " " * 20)
            if len(ts) > 8:
                say(f"    …… 另有 {len(ts) - 8} 项（dwgk todo --by {p.name} 查看）" if p.on_roster and not reg.roster.empty
                    else f"    …… 另有 {len(ts) - 8} 项（dwgk todo 查看）")
    from dwgk.holidays import unusable
    if unusable(reg):
        out("")
        say("holidays.yaml 有错误，上面的时限未按它计算，可能不准：运行 dwgk calendar check 查看并修正。")
    if errors:
        out("")
        say(f"登记簿有 {errors} 个错误，运行 dwgk check 查看。", "overdue")


WIDTH = 80  # status fits a standard terminal; a CJK character takes two columns



def check(
    ctx: typer.Context, fmt: str = FORMAT,
    strict: bool = typer.Option(False, "--strict", help="严格模式：警告也算错误"),
    explain: Optional[str] = typer.Option(None, "--explain", metavar="代码",
                                          help="说明一个错误代码（如 W012）的含义和处理方法，不检查登记簿"),
    codes: bool = typer.Option(False, "--codes", help="列出全部错误代码，不检查登记簿"),
) -> None:
    """检查整个登记簿（含手工修改的文件），列出全部问题；从不修改文件。

    每个问题都带一个代码，如 error[W012]：dwgk check --explain W012 说明它的含义和处理方法，dwgk check --codes 列出全部代码。
    """
    from dwgk.checks import check_register
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    if explain is not None or codes:  # the catalogue of codes (dwgk.codes) needs no register
        from dwgk.cli.codes import show_codes
        return show_codes(explain, fmt)
    from dwgk.items import checks as item_checks
    locate = locator(c.find_root())
    reg = c.load(derive=lambda profile: {"items": item_checks.ahead(profile, locate)})
    diags = check_register(reg, c.today(), locate, c.memo, strict=strict)
    errors = [d for d in diags if d.severity == "error"]
    if fmt == "json":
        print_json({"ok": not errors, "errors": len(errors), "warnings": len(diags) - len(errors),
                    "findings": [d.to_json() for d in diags]})
    else:
        print_diagnostics(diags)
        (err if diags else out)(summary(diags))
    if errors:
        raise typer.Exit(int(ExitCode.FINDINGS))


def catalogue_list(ctx: typer.Context, fmt: str = FORMAT) -> None:
    """列出公开目录条目。"""
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    reg = c.view()
    if fmt == "json":
        print_json([{"code": e.code, "category": list(e.category), "name": e.name, "content": e.content,
                     "scope": e.scope, "channels": list(e.channels), "timing": e.timing,
                     "cadence": e.cadence or None, "department": e.department} for e in reg.catalogue])
        return
    from dwgk.cli.textfmt import fit
    for e in reg.catalogue:
        timing = e.timing + (f"（{e.cadence}）" if e.cadence else "")
        out(f"{e.code:<5} {fit('/'.join(e.category), 18)} {fit(e.name, 20)} {fit(e.scope, 14)} {timing}")
    out(f"共 {len(reg.catalogue)} 条")


def catalogue_file(
    ctx: typer.Context,
    by: str = BY, date: Optional[str] = DATE,
    to: str = typer.Option("", "--to", metavar="机关", help="备案机关（默认：党务为上级党组织，政务为上级机关）"),
    no_commit: bool = NO_COMMIT,
) -> None:
    """登记公开目录报上级备案：版本号加一，记下备案日期；每一版都可从 git 历史中复原。"""
    from dwgk import catalogue, filing, safefs
    from dwgk.cli.write import apply
    from dwgk.yamlread import dump, parse
    c = get(ctx)
    when, today = c.date_opt(date), c.today()

    filed_with = [to]

    def plan(root: Path):
        reg = c.read(root)
        filed_with[0] = to or filing.recipient(reg.profile)
        data, _ = parse(safefs.read_in(root, catalogue.FILE), catalogue.FILE)
        new, change = catalogue.file(reg, data, by=by, to=filed_with[0], when=when, today=today, locate=locator(root))
        return {catalogue.FILE: dump(new)}, change
    change = apply(c, no_commit, plan)
    out(f"已登记：公开目录第 {change.extra['Dwgk-Version']} 版于 {when} 报{filed_with[0]}备案")


def catalogue_history(ctx: typer.Context, fmt: str = FORMAT) -> None:
    """列出公开目录每一次改动和备案（git 历史）；用 git show 提交号:catalogue.yaml 可取回当时的目录。"""
    from dwgk.gitlog import log as git_log
    from dwgk.loader import CATALOGUE
    c = get(ctx)
    check_format(fmt, ("text", "json"))
    root = c.find_root()
    commits = git_log(root, CATALOGUE)
    if fmt == "json":
        print_json([cm.to_json() for cm in commits])
        return
    for cm in commits:
        out(f"{cm.sha}  {cm.date[:10]}  {cm.author}  {cm.subject}")
    if not commits:
        out("（没有 git 历史）")
