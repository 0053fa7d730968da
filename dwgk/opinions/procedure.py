"""A 舆情/应急 record's stage, level and responses, derived from its history.

发现 → 研判（回应价值、风险等级、处置预案）→ 报告 / 沟通协调 → 发布回应（应急：首发，其后续报）
→ 跟踪 → 办结. Reports and coordination may come at any point before the close; responses may
be many (持续发布权威信息); the first one stops the response clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dwgk.opinions.model import Opinion, OpinionEvent


@dataclass
class OState:
    stage: str
    level: str = ""  # the level in force ("" not yet assessed)
    assessed: OpinionEvent | None = None  # the latest assessment
    responses: list[OpinionEvent] = field(default_factory=list)
    reports: list[OpinionEvent] = field(default_factory=list)
    coordinations: list[OpinionEvent] = field(default_factory=list)
    follows: list[OpinionEvent] = field(default_factory=list)
    closed: OpinionEvent | None = None
    next_action: str = ""

    @property
    def first_response(self) -> OpinionEvent | None:
        return self.responses[0] if self.responses else None

    def press(self, channels) -> OpinionEvent | None:
        """The first response through a press channel (the press conference)."""
        return next((e for e in self.responses if e.channel in channels), None)

    def reported_to(self, target: str) -> bool:
        return any(e.to == target for e in self.reports)


def release_name(op: Opinion, n: int) -> str:
    """An emergency's releases are 首发 then 续报; an opinion's, 回应."""
    if not op.emergency:
        return "回应" if n == 1 else f"第 {n} 次回应"
    return "首发" if n == 1 else f"续报（第 {n - 1} 次）"


def state(op: Opinion) -> OState:
    st = OState("found", level=op.level)
    for e in op.history:
        if e.action == "assess":
            st.assessed = e
            st.level = e.level or st.level
        elif e.action == "respond":
            st.responses.append(e)
        elif e.action == "report":
            st.reports.append(e)
        elif e.action == "coordinate":
            st.coordinations.append(e)
        elif e.action == "follow":
            st.follows.append(e)
        elif e.action == "close" and st.closed is None:
            st.closed = e
    first = "首发权威信息" if op.emergency else "发布权威信息回应"
    if st.closed is not None:
        st.stage, st.next_action = "closed", "已办结"
    elif st.responses:
        more = "续报" if op.emergency else "持续发布权威信息"
        st.stage, st.next_action = "responded", f"跟踪后续情况（dwgk opinion follow），{more}（dwgk opinion respond），办结（dwgk opinion close）"
    elif st.assessed is not None or (op.emergency and st.level):
        st.stage, st.next_action = "assessed", f"报告（dwgk opinion report）并{first}（dwgk opinion respond）"
    else:
        st.stage, st.next_action = "found", "研判回应价值和风险等级、制定处置预案（dwgk opinion assess）"
    return st
