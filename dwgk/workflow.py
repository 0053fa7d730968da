"""The review procedure as pure functions: stage, what an item waits for, what may happen.

Nothing here is remembered in the files: stage and waiting steps are derived from the
history every time, so a hand edit can never leave them out of step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from dwgk.diag import Refused
from dwgk.model import SCOPE_INNER, SCOPE_PUBLIC, Event, Item
from dwgk.profile import Profile, Step

PREPUBLISH = "预公开"


def content_hash(title: str, content: str) -> str:
    return hashlib.sha256(f"{title}\n{content}".encode("utf-8")).hexdigest()[:16]


def item_hash(item: Item) -> str:
    return content_hash(item.title, item.content)


def has_web_channel(profile: Profile, channels) -> bool:
    return any((c := profile.channel(name)) is not None and c.web for name in channels)


def applicable_steps(profile: Profile, item: Item, extra_channels=()) -> list[Step]:
    web = has_web_channel(profile, (*item.channels, *extra_channels))
    return [s for s in profile.steps
            if not s.when or (s.when == "web" and web) or (s.when == "major" and item.major)]


def current_revision(item: Item) -> tuple[Event, ...]:
    """Events since the item was last revised (更正 / 修改后重新提交)."""
    start = 0
    for i, e in enumerate(item.history):
        if e.action == "revise":
            start = i
    return item.history[start:]


def needs_prepublish(profile: Profile, item: Item) -> bool:
    return profile.prepublish and item.major


def first_inner(profile: Profile, item: Item) -> bool:
    return item.first_inner or (profile.first_inner and item.scope == SCOPE_PUBLIC)


def step_passed(step: Step, decision: Event | None, events: tuple[Event, ...]) -> bool:
    if decision is None:
        return False
    if step.kind == "secrecy":
        return decision.result in ("可以公开", "部分公开")
    if step.kind == "risk":
        level = decision.data.get("level")
        if level == "高" or decision.result in ("不公开", "暂缓公开") and level != "中":
            return False
        if level == "中":
            # 中风险: publish only once mitigation measures are on record (seed 000 风险评估 §4).
            return bool(decision.data.get("measures")) or any(
                e.action == "mitigate" and e.index > decision.index for e in events)
        return decision.result in ("可公开", "可部分公开")
    return decision.result == "同意"


@dataclass
class State:
    stage: str
    waiting_for: list[str] = field(default_factory=list)
    next_step: Step | None = None
    next_action: str = ""  # 中文: what happens next
    next_role: str = ""  # who must act
    decisions: dict[str, Event] = field(default_factory=dict)
    publications: list[Event] = field(default_factory=list)
    prepublish_open: Event | None = None
    prepublish_closed: Event | None = None
    last_date: date | None = None


def state(profile: Profile, item: Item) -> State:
    events = current_revision(item)
    st = State(stage="submitted", last_date=item.history[-1].date if item.history else None)
    st.publications = [e for e in events if e.action == "publish"]
    for e in events:
        if e.action == "review":
            st.decisions[e.step] = e  # the latest decision on a step counts
        elif e.action == "prepublish":
            if e.result == "结束":
                st.prepublish_closed = e
            else:
                st.prepublish_open, st.prepublish_closed = e, None
    steps = applicable_steps(profile, item)
    blocked = None
    for s in steps:
        d = st.decisions.get(s.name)
        if step_passed(s, d, events):
            continue
        st.waiting_for.append(s.name)
        if blocked is None:
            blocked = (s, d)
    if needs_prepublish(profile, item) and st.prepublish_closed is None:
        st.waiting_for.append(PREPUBLISH)

    withheld = any(e.action == "withhold" for e in events)
    archived = any(e.action == "archive" for e in events)
    if archived:
        st.stage, st.next_action = "archived", "已立卷归档"
    elif withheld:
        st.stage, st.next_action = "withheld", "不公开：可立卷归档（dwgk archive）"
        st.next_role = profile.office_role
    elif st.publications:
        st.stage, st.next_action = "published", "已公开：收集反馈意见（dwgk feedback），完成后立卷归档（dwgk archive）"
        st.next_role = profile.office_role
    elif blocked is not None:
        step, d = blocked
        st.next_step = step
        st.next_role = step.role
        if d is None:
            st.stage = "reviewing" if st.decisions else "submitted"
            st.next_action = f"等待{step.name}（{step.role}）"
        elif step.kind == "secrecy" and d.result == "不予公开":
            st.stage, st.next_action = "withheld", "保密审查结论为不予公开：书面说明理由（dwgk withhold）后归档"
        elif step.kind == "secrecy" and d.result == "提请审定":
            st.stage = "deferred"
            st.next_action = f"已提请{d.data.get('referred_to') or '保密部门/上级'}审定，待审定结论后再记录保密审查"
        elif step.kind == "risk" and d.result == "不公开":
            st.stage, st.next_action = "withheld", "风险评估决定不公开：书面说明理由（dwgk withhold）后归档"
        elif step.kind == "risk" and d.data.get("level") == "高":
            st.stage = "deferred"
            st.next_action = "高风险：调整方案后重新进行风险评估"
        elif step.kind == "risk":
            st.stage = "deferred"
            st.next_action = "中风险：记录防范化解措施（dwgk mitigate）后方可公开"
        else:  # 不同意
            st.stage = "returned"
            st.next_action = f"{step.name}不同意，已退回承办人：修改后重新提交（dwgk correct）"
            st.next_role = profile.proposer_role
    elif PREPUBLISH in st.waiting_for:
        st.stage = "approved"
        st.next_role = profile.office_role
        st.next_action = ("预公开进行中，期满后结束预公开（dwgk prepublish --close）"
                          if st.prepublish_open else "须先预公开（dwgk prepublish），征求意见后再正式公开")
    else:
        st.stage, st.next_action = "approved", "已审批：由办公室公开（dwgk publish）"
        st.next_role = profile.office_role
    return st


def approval_hash(item: Item) -> str | None:
    """Content hash recorded by the latest review decision of the current revision."""
    for e in reversed(current_revision(item)):
        if e.action == "review" and e.data.get("content_hash"):
            return str(e.data["content_hash"])
    return None


# ---- guards used by the mutating commands (raise Refused; never write) ----

def guard_date(item: Item | None, when: date, today: date) -> None:
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "登记已经发生的事，日期不能是将来；检查 --date。", "W001")
    if item and item.history and when < item.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {item.history[-1].date}",
                      "各步骤须按时间顺序登记；检查 --date。", "W002")


def guard_open(st: State, what: str) -> None:
    if st.stage in ("archived", "withheld"):
        raise Refused(f"该事项{'已归档' if st.stage == 'archived' else '已决定不公开'}，不能再{what}",
                      "如需重新处理，请新提出一个事项（dwgk submit）。", "W003")


def guard_review(profile: Profile, item: Item, step_name: str) -> Step:
    st = state(profile, item)
    guard_open(st, "审核")
    step = profile.step(step_name)
    if step is None:
        names = "、".join(s.name for s in profile.steps)
        raise Refused(f"本登记簿的配置方案没有“{step_name}”这一步骤",
                      f"可用的步骤：{names}。", "W004")
    if step not in applicable_steps(profile, item):
        why = "该事项没有网站等网络发布渠道" if step.when == "web" else "该事项不是重大事项"
        raise Refused(f"“{step_name}”不适用于该事项（{why}）", "无需登记此步骤。", "W005")
    if st.stage == "published":
        raise Refused("该事项已公开，不能再登记审核",
                      "如内容有误，请用 dwgk correct 更正，更正后的版本重新审核。", "W006")
    if st.stage == "returned":
        raise Refused("该事项已被退回，须由承办人修改后重新提交",
                      "修改后运行 dwgk correct 事项编号 --content-file 文件 --reason 理由。", "W007")
    if step_name not in st.waiting_for:
        raise Refused(f"“{step_name}”已经通过，无需重复登记", st.next_action, "W008")
    if st.next_step is not None and st.next_step.name != step_name:
        raise Refused(f"还不能登记“{step_name}”：须先完成“{st.next_step.name}”",
                      f"审核顺序：{'→'.join(s.name for s in applicable_steps(profile, item))}。", "W009")
    return step


def guard_publish(profile: Profile, item: Item, channel: str, scope: str, when: date) -> None:
    st = state(profile, item)
    guard_open(st, "公开")
    ch = profile.channel(channel)
    if ch is None:
        raise Refused(f"公开形式“{channel}”不在本方案的渠道列表中",
                      "可用：" + "、".join(c.name for c in profile.channels) + "。", "W010")
    if scope not in profile.scopes:
        raise Refused(f"公开范围“{scope}”无效", "可用：" + "、".join(profile.scopes) + "。", "W011")
    if item.attribute in ("依申请公开", "不予公开"):
        raise Refused(f"该文件的公文属性为“{item.attribute}”，不主动公开",
                      "如经年度审查可以公开，先用 dwgk correct 把属性调整为主动公开并重新审核。", "W046")
    secrecy = next((s for s in profile.steps if s.kind == "secrecy"), None)
    if secrecy is None or not step_passed(secrecy, st.decisions.get(secrecy.name), ()):
        raise Refused("未通过保密审查，不得公开（先审查、后公开）",
                      "先登记保密审查：dwgk review 事项编号 --step 保密审查 --result 可以公开 --by 姓名。", "W012")
    if st.stage == "returned":
        raise Refused("该事项已被退回，不能公开", "承办人修改后重新提交（dwgk correct），重新审核。", "W007")
    if st.stage not in ("approved", "published") or st.waiting_for:
        missing = "、".join(st.waiting_for) or st.next_action
        raise Refused(f"审核尚未完成，不能公开。尚缺：{missing}", st.next_action, "W013")
    web_steps = [s for s in applicable_steps(profile, item, (channel,))
                 if s not in applicable_steps(profile, item)]
    if web_steps:
        raise Refused(f"通过“{channel}”发布须先完成网络信息发布三审：" + "→".join(s.name for s in web_steps),
                      "把该渠道加入事项的公开形式后依次登记初审、复审、终审。", "W014")
    if approval_hash(item) not in (None, item_hash(item)):
        raise Refused("事项内容在审批后被改动，不能公开",
                      "恢复审批时的内容，或用 dwgk correct 提交更正版本重新审核。", "W015")
    allowed = {item.scope} | ({SCOPE_INNER} if first_inner(profile, item) else set())
    if scope not in allowed:
        raise Refused(f"该事项批准的公开范围是“{item.scope}”，不能以“{scope}”公开",
                      "按批准的范围公开；如需扩大范围，用 dwgk correct 修改后重新审核。", "W016")
    if scope == SCOPE_PUBLIC and first_inner(profile, item) and not any(
            p.data.get("scope") == SCOPE_INNER for p in st.publications):
        raise Refused("该事项须“先党内、后党外”：尚未在党内公开",
                      f"先运行 dwgk publish {item.id} --scope 党内公开 --channel 会议 …，再向社会公开。", "W017")
    if needs_prepublish(profile, item):
        closed = st.prepublish_closed
        if closed is None:
            raise Refused("重大事项须先预公开、征求意见后才能正式公开", st.next_action, "W018")
        until = st.prepublish_open.data.get("until") if st.prepublish_open else None
        if until and str(when) < str(until):
            raise Refused(f"预公开期至 {until}，期满前不能正式公开", "期满后再公开。", "W019")
