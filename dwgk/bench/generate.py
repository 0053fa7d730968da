"""A synthetic register for the benchmark: realistic, valid, deterministic.

``generate(root, items=N, seed=S)`` writes a register the way ``dwgk`` itself would have
left it after years of use — ``dwgk.yaml``, the profile's catalogue, ``items/<year>/*.yaml``
and ``requests/`` — and a short git history (one
commit per year). Every item's history follows the profile's procedure, so ``dwgk check``
finds no errors; items are spread over every stage, year and department, with Chinese titles
of 15-40 characters and contents of 200-2000. The same seed gives the same bytes.

Files are written directly with :func:`dwgk.yamlread.dump` (not through the cli) so that
50,000 items take seconds, not hours.
"""

from __future__ import annotations

import os
import random
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dwgk.profile import Profile, load_profile
from dwgk.records import event as _ev
from dwgk.items.procedure import decision_entry, hash_of, raw_fields_text
from dwgk.yamlread import dump

TODAY = date(2026, 11, 20)
STAGES = ("submitted", "reviewing", "approved", "published", "archived", "withheld",
          "returned", "deferred", "withdrawn")
# Share of each stage among items of past years, and of the current year. An office finishes
# its items: the unfinished ones of past years are a few stragglers, and this year's were
# proposed in the last weeks (PENDING_DAYS) — so the overdue list stays as short as a real one.
OLD_WEIGHTS = {"archived": 52, "published": 38, "withheld": 8, "returned": 1, "deferred": 1, "withdrawn": 1}
NEW_WEIGHTS = {"archived": 10, "published": 34, "withheld": 5, "submitted": 12, "reviewing": 14,
               "approved": 10, "returned": 7, "deferred": 8, "withdrawn": 2}
PENDING = ("submitted", "reviewing", "approved", "returned", "deferred")
PENDING_DAYS = 30
ORGS = {"national": ("江北市科学技术局", "江北科"), "s000_kejiju": ("江北市科学技术局机关党委", "江北科党"),
        "s001_jiguan": ("江北市直属机关工委", "江北机"), "s002_shikejiju": ("江北市科学技术局", "江北科"),
        "s003_gaoxinqu": ("江北高新技术产业开发区管理委员会", "江北高新"),
        "s004_shidian": ("江北市电力局", "江北电")}
ORG_CODE = "11460100MB1957431X"
PERIOD_MONTHS = {"每季度": 3, "每半年": 6, "每年": 12}

# ---------------------------------------------------------------- text

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "华", "建国", "志强", "海燕", "晓东", "春梅", "立新", "文静", "国庆",
         "红霞", "建华", "丽萍", "宇航", "思远", "雪松", "振华", "玉兰", "德明", "慧敏", "俊杰")
TOPICS = ("科技创新券", "高新技术企业认定", "科技型中小企业评价", "科研项目经费", "重点研发计划",
          "科技成果转化", "技术合同登记", "科技特派员", "众创空间备案", "孵化器绩效评价",
          "院士工作站建设", "产学研合作", "知识产权质押融资", "科普基地认定", "实验室安全管理",
          "科技伦理审查", "专家库管理", "政府采购", "预算绩效管理", "固定资产管理", "公务接待",
          "安全生产检查", "营商环境优化", "政务服务事项", "行政执法公示", "双随机一公开抽查",
          "信用修复", "人才引进补贴", "创新平台建设", "乡村振兴科技帮扶", "节能降耗", "档案管理",
          "机关党建", "干部教育培训", "意识形态工作", "党风廉政建设", "基层党组织建设", "党费收缴")
DOCS = ("通知", "意见", "办法", "实施细则", "工作方案", "公告", "决定", "通报", "报告", "批复")
OPENERS = ("各科室、直属单位：", "各区县科技主管部门，有关单位：", "各党支部：", "各有关单位：",
           "局属各单位，机关各科室：")
SENTENCES = (
    "为深入贯彻落实党中央、国务院关于深化科技体制改革的决策部署，进一步提升科技创新能力，结合本地实际，制定本方案。",
    "本办法所称资金，是指由市级财政预算安排，用于支持企业开展研发活动和成果转化的专项资金。",
    "各单位要高度重视，明确责任分工，细化工作措施，确保各项任务按时保质完成。",
    "申报单位应当在本市依法注册，具有独立法人资格，近三年内无严重失信行为。",
    "项目实施期一般不超过三年，实施期满后由主管部门组织验收，验收结果向社会公开。",
    "专项资金实行专款专用，任何单位和个人不得截留、挤占、挪用。",
    "对弄虚作假、骗取资金的，依法依规追回已拨付资金，并按有关规定追究相关责任。",
    "经研究，同意所报方案，请按照有关规定抓好组织实施，及时报告工作进展。",
    "上半年，全局围绕中心工作，狠抓任务落实，各项工作取得积极进展。",
    "下一步，我们将继续加强统筹协调，完善工作机制，推动各项政策措施落地见效。",
    "本次检查采取随机抽取检查对象、随机选派执法检查人员的方式进行，检查结果依法公开。",
    "经审查，当事人的上述行为违反了相关法律法规的规定，依法作出如下处理决定。",
    "如对本决定不服，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。",
    "本年度部门预算收入合计较上年有所增加，主要原因是新增科技创新专项资金。",
    "“三公”经费支出严格控制在预算范围内，因公出国（境）费用较上年减少。",
    "机关党委认真落实全面从严治党主体责任，把党的政治建设摆在首位，扎实推进各项工作。",
    "各党支部要严格落实“三会一课”制度，认真组织开展主题党日活动，增强党内政治生活的政治性、时代性。",
    "本次会议传达学习了上级有关会议精神，研究部署了下一阶段重点工作。",
    "征求意见期间，共收到意见建议若干条，经认真研究，对合理意见予以采纳。",
    "请各单位于规定时间前将有关材料报送局办公室，逾期不再受理。",
    "联系人及电话见附件，如有疑问请及时与我局联系。",
    "本办法自印发之日起施行，有效期五年，原相关文件同时废止。",
    "我局坚持以公开为常态、不公开为例外，依法依规做好政府信息主动公开工作。",
    "通过门户网站、政务新媒体等渠道，及时发布政策文件和解读材料，回应社会关切。",
    "截至目前，已完成年度目标任务的百分之七十以上，总体进展顺利。",
    "针对群众反映的问题，我们逐条梳理，建立问题清单、责任清单和整改清单，限期整改到位。",
    "建议进一步加大对科技型中小企业的支持力度，简化申报流程，提高资金拨付效率。",
    "经核实，该建议所提问题客观存在，我局已会同相关部门研究制定改进措施。",
    "干部选拔任用工作坚持好干部标准，严格履行民主推荐、考察、讨论决定等程序。",
    "党费收缴、使用和管理严格执行有关规定，账目清楚，使用规范。",
)
OPINIONS = ("内容表述不够准确，请核实数据后重新报送。", "涉及个人信息的内容须作删除处理后再报。",
            "请补充政策依据和解读材料。", "公开范围不妥，请重新研究。", "附件不全，请补齐后再报。")
FEEDBACK = ("建议补充办事流程图。", "咨询申报材料的具体要求。", "建议延长申报时间。", "对资金拨付进度提出意见。")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _title(rng: random.Random, entry: dict | None, year: int, org_short: str) -> str:
    name = entry["name"] if entry else "专项工作"
    topic = rng.choice(TOPICS)
    n = rng.randint(1, 60)
    candidates = (
        f"关于印发《{topic}管理办法》的{rng.choice(('通知', '决定'))}",
        f"《{topic}管理办法》政策解读" if "解读" in name else f"关于{topic}有关事项的{rng.choice(DOCS)}",
        f"{year}年{name}情况（第{n}期）",
        f"{org_short}关于开展{topic}工作的{rng.choice(DOCS)}",
        f"关于{year}年度{topic}{rng.choice(('结果的公示', '工作的安排', '情况的通报'))}",
        f"{name}：{topic}{rng.choice(('专项检查结果', '实施情况', '办理结果'))}",
    )
    for _ in range(8):
        t = rng.choice(candidates)
        while len(t) < 15:
            t += rng.choice(("的通知", "（试行）", "有关情况", "工作安排"))
        if len(t) <= 40:
            return t
    return t[:40]


def _content(rng: random.Random) -> str:
    # 200-2000 characters, most documents short.
    target = min(2000, 200 + int(rng.expovariate(1 / 500)))
    paras, cur, total = [rng.choice(OPENERS)], [], len(OPENERS[0])
    while total < target:
        s = rng.choice(SENTENCES)
        if cur and s == cur[-1]:
            continue
        if total + len(s) > 2000:
            break
        cur.append(s)
        total += len(s)
        if len(cur) >= rng.randint(2, 5):
            paras.append("　　" + "".join(cur))
            cur = []
    if cur:
        paras.append("　　" + "".join(cur))
    return "\n".join(paras) + "\n"


# ---------------------------------------------------------------- dates

def _workday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _add(d: date, n: int) -> date:
    """n weekdays after d (0: d itself, moved to a weekday)."""
    d = _workday(d)
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


# ---------------------------------------------------------------- people

@dataclass
class Cast:
    by_role: dict[str, list[str]] = field(default_factory=dict)
    by_dept: dict[str, list[str]] = field(default_factory=dict)

    def people(self) -> dict[str, str]:
        return {n: r for r, ns in self.by_role.items() for n in ns}


def _cast(rng: random.Random, p: Profile, depts: list[str]) -> Cast:
    used: set[str] = set()

    def fresh() -> str:
        while True:
            n = _name(rng)
            if n not in used:
                used.add(n)
                return n
    cast = Cast()
    roles = [p.proposer_role, p.office_role] + [s.role for s in p.steps]
    for r in dict.fromkeys(roles):
        cast.by_role[r] = [fresh() for _ in range(rng.randint(2, 3))]
    for d in depts:
        cast.by_dept[d] = [fresh() for _ in range(2)]
        cast.by_role[p.proposer_role].extend(cast.by_dept[d])
    return cast


# ---------------------------------------------------------------- one item

RISK_FINDINGS = {"合法性": "符合法律法规规定", "合理性": "符合多数群众利益", "可行性": "时机成熟、条件具备",
                 "可控性": "风险可控"}


class ItemMaker:
    """Writes one item's record and history following the profile's procedure."""

    def __init__(self, p: Profile, cast: Cast, today: date):
        self.p, self.cast, self.today = p, cast, today
        self.secrecy = next((s for s in p.steps if s.kind == "secrecy"), None)
        self.web = {c.name for c in p.channels if c.web}
        self.inner_channel = next(iter(p.inner_channels()), p.channels[0].name)
        self._fields: dict[tuple, str] = {}

    def fields(self, raw: dict) -> str:
        """``fields_text`` of ``raw`` (each revision of an item is worked out once)."""
        key = (raw["id"], raw["content"], raw.get("doc_date"))
        if key not in self._fields:
            self._fields[key] = raw_fields_text(raw)
        return self._fields[key]

    def seal(self, hist: list[dict], first: dict, raw: dict) -> None:
        """Each review's and revision's ``content_hash`` as ``dwgk review`` / ``correct`` record
        it: the revision's fields (``first`` until a revise event, then ``raw``) and the steps'
        decisions so far in that revision."""
        fields, decisions = self.fields(first), {}
        for ev in hist:
            if ev["action"] == "revise":
                fields, decisions = self.fields(raw), {}
                ev["content_hash"] = hash_of(fields, [])
            elif ev["action"] == "review":
                decisions[ev["step"]] = decision_entry(ev["step"], ev["result"], ev.get("level", ""),
                                                       ev.get("redact", ()))
                ev["content_hash"] = hash_of(fields, list(decisions.values()))

    def steps(self, raw: dict) -> list:
        web = any(c in self.web for c in raw["channels"])
        return [s for s in self.p.steps
                if not s.when or (s.when == "web" and web) or (s.when == "major" and raw.get("major"))]

    def who(self, rng: random.Random, role: str) -> str:
        return rng.choice(self.cast.by_role.get(role) or self.cast.by_role[self.p.office_role])

    def review(self, rng, raw, step, when, result: str = "", **kw) -> dict:
        h = "-"  # the place of the hash (self.seal)
        if step.collective:
            kw.setdefault("meeting", f"党组会议 {when.year}年第{rng.randint(1, 30)}次")
            kw.setdefault("participants", rng.sample(self.cast.by_role.get(step.role) or
                                                     self.cast.by_role[self.p.office_role], 2))
        if step.kind == "secrecy":
            result = result or ("部分公开" if rng.random() < 0.06 else "可以公开")
            if result == "部分公开":
                kw.setdefault("exemption", "个人隐私")
                kw.setdefault("removed", "删除了涉及个人身份信息的内容")
            return _ev("review", when, self.who(rng, step.role), step.role, step=step.name,
                       result=result, content_hash=h, **kw)
        if step.kind == "risk":
            level = kw.pop("level", "低")
            result = result or "可公开"
            return _ev("review", when, self.who(rng, step.role), step.role, step=step.name,
                       result=result, content_hash=h, findings=dict(RISK_FINDINGS), level=level, **kw)
        result = result or "同意"
        opinion = kw.pop("opinion", "") or (rng.choice(("同意公开。", "拟同意。", "")) if result == "同意" else "")
        return _ev("review", when, self.who(rng, step.role), step.role, step=step.name,
                   result=result, opinion=opinion, content_hash=h, **kw)

    def passes(self, rng, raw, steps, d, hist) -> date:
        for s in steps:
            d = _add(d, rng.randint(0, 2))
            hist.append(self.review(rng, raw, s, d))
        return d

    def publish(self, rng, raw, d, hist, pubs: list) -> date:
        p = self.p
        first_inner = raw.get("first_inner") or (p.first_inner and raw["scope"] == "向社会公开")
        if raw.get("major") and p.prepublish:
            d = _add(d, 1)
            until = d + timedelta(days=p.prepublish_days + rng.randint(0, 5))
            hist.append(_ev("prepublish", d, self.who(rng, p.office_role), p.office_role,
                            result="开始", channel=raw["channels"][0], until=until.isoformat()))
            d = _workday(until)
            hist.append(_ev("prepublish", d, self.who(rng, p.office_role), p.office_role,
                            result="结束", opinions=rng.randint(0, 12),
                            adjustments=rng.choice(("无调整", "采纳意见，修改了申报条件"))))
        if first_inner:
            d = _add(d, rng.randint(0, 2))
            ev = _ev("publish", d, self.who(rng, p.office_role), p.office_role,
                     channel=self.inner_channel, scope="党内公开")
            hist.append(ev)
            pubs.append(ev)
        d = _add(d, rng.randint(1, 3) if rng.random() > 0.03 else rng.randint(25, 60))
        ev = _ev("publish", d, self.who(rng, p.office_role), p.office_role,
                 channel=raw["channels"][0], scope=raw["scope"])
        hist.append(ev)
        pubs.append(ev)
        return d

    def history(self, rng: random.Random, raw: dict, stage: str, start: date, revise: str = "",
                old_content: str = "", withheld_first: bool = False) -> tuple[list[dict], list[dict]]:
        """(history, publish events) of an item that ends in ``stage``.

        ``revise`` adds an earlier revision: "更正" (published, then corrected) or
        "修改后重新提交" (returned at an approval, then resubmitted); ``old_content`` is what
        that earlier revision said, so its reviews carry the right content hash.
        """
        p = self.p
        steps = self.steps(raw)
        hist = [_ev("submit", start, raw["proposer"], p.proposer_role)]
        pubs: list[dict] = []
        d = start
        if revise:
            old = {**raw, "content": old_content}
            if revise == "更正":
                d = self.passes(rng, old, steps, d, hist)
                d = self.publish(rng, old, d, hist, pubs)
            else:
                j = next(i for i, s in enumerate(steps) if s.kind == "approve")
                d = self.passes(rng, old, steps[:j], d, hist)
                d = _add(d, rng.randint(1, 2))
                hist.append(self.review(rng, old, steps[j], d, "不同意", opinion=rng.choice(OPINIONS)))
            d = _add(d, rng.randint(1, 3))
            hist.append(_ev("revise", d, raw["proposer"], p.proposer_role, kind=revise,
                            reasons=rng.choice(("数据有误，予以更正", "补充遗漏的内容")) if revise == "更正"
                            else "根据审核意见修改",
                            previous={"content": old_content}, content_hash="-"))

        if stage == "submitted":
            return hist, pubs
        sec_i = steps.index(self.secrecy) if self.secrecy in steps else 0
        if stage == "reviewing":
            k = rng.randint(1, len(steps) - 1) if len(steps) > 1 else 0
            self.passes(rng, raw, steps[:k], d, hist)
            return hist, pubs
        if stage == "returned":
            j = next(i for i, s in enumerate(steps) if s.kind == "approve")
            d = self.passes(rng, raw, steps[:j], d, hist)
            hist.append(self.review(rng, raw, steps[j], _add(d, 1), "不同意", opinion=rng.choice(OPINIONS)))
            return hist, pubs
        if stage == "withdrawn":  # submitted by mistake, taken back before publication
            d = self.passes(rng, raw, steps[:rng.randint(0, len(steps) - 1)], d, hist)
            hist.append(_ev("withdraw", _add(d, rng.randint(1, 5)), raw["proposer"], p.proposer_role,
                            reasons="重复提出，以另一事项为准"))
            return hist, pubs
        if stage == "deferred":
            d = self.passes(rng, raw, steps[:sec_i], d, hist)
            hist.append(self.review(rng, raw, steps[sec_i], _add(d, 1), "提请审定", referred_to="市国家保密局"))
            return hist, pubs
        if stage == "withheld" or withheld_first:
            d = self.passes(rng, raw, steps[:sec_i], d, hist)
            d = _add(d, 1)
            hist.append(self.review(rng, raw, steps[sec_i], d, "不予公开", exemption=rng.choice(
                ("工作秘密", "个人隐私", "商业秘密", "三安全一稳定"))))
            d = _add(d, rng.randint(1, 3))
            hist.append(_ev("withhold", d, self.who(rng, p.office_role), p.office_role,
                            reasons="涉及工作秘密，公开后可能影响正常工作秩序",
                            basis="《中华人民共和国政府信息公开条例》第十四条、第十六条"))
            if stage == "archived":
                hist.append(_ev("archive", _add(d, rng.randint(5, 20)), self.who(rng, p.office_role),
                                p.office_role))
            return hist, pubs
        d = self.passes(rng, raw, steps, d, hist)
        if stage == "approved":
            return hist, pubs
        d = self.publish(rng, raw, d, hist, pubs)
        if rng.random() < 0.15:
            d = _add(d, rng.randint(2, 15))
            hist.append(_ev("feedback", d, self.who(rng, p.office_role), p.office_role,
                            opinion=rng.choice(FEEDBACK), handling="已答复",
                            result_published=True if rng.random() < 0.5 else None))
        if stage == "archived":
            d = _add(d, rng.randint(10, 40))
            hist.append(_ev("archive", d, self.who(rng, p.office_role), p.office_role,
                            opinion=rng.choice(("", f"交接单 {d.year}-{rng.randint(1, 300):03d}"))))
        return hist, pubs


# ---------------------------------------------------------------- the register

@dataclass
class Plan:
    year: int
    stage: str
    entry: dict | None
    start: date | None = None  # fixed start (periodic items)


def _kind_of(p: Profile, entry: dict | None) -> str:
    if p.kind == "政务":
        return "政务"
    if p.kind == "党务":
        return ""
    cat = "".join(entry.get("category") or ()) if entry else ""
    return "政务" if any(w in cat for w in ("行政", "政务", "财", "规划", "建议", "园区")) else ""


def _periods(first: date, today: date, months: int) -> list[tuple[date, date]]:
    cur, out = date(first.year, ((first.month - 1) // months) * months + 1, 1), []
    while True:
        m = cur.month - 1 + months
        nxt = date(cur.year + m // 12, m % 12 + 1, 1)
        if nxt > today:
            return out
        out.append((cur, nxt - timedelta(days=1)))
        cur = nxt


def plan_items(rng: random.Random, p: Profile, n: int, first_year: int, today: date) -> list[Plan]:
    entries = [dict(e) for e in p.catalogue]
    plans: list[Plan] = []
    periodic = []
    for e in entries:
        months = PERIOD_MONTHS.get(e.get("cadence", ""))
        if e.get("timing") == "定期" and months:
            periodic += [(e, ps, pe) for ps, pe in _periods(date(first_year, 1, 1), today, months)]
    periodic.sort(key=lambda t: t[2], reverse=True)  # the most recent periods first
    for e, ps, pe in periodic[: n // 3]:
        start = max(ps, pe - timedelta(days=28))
        plans.append(Plan(start.year, "archived" if pe.year < today.year else "published", e, start))
    years = list(range(first_year, today.year + 1))
    weights = [1 + 0.08 * i for i in range(len(years))]
    # Busy entries (执法, 文件, 动态) get more items than the yearly reports.
    ew = [0.4 if e.get("timing") == "定期" else (3.0 if e.get("timing") == "及时" else 1.0) for e in entries]
    while len(plans) < n:
        y = rng.choices(years, weights)[0]
        w = NEW_WEIGHTS if y == today.year else OLD_WEIGHTS
        stage = rng.choices(list(w), list(w.values()))[0]
        entry = rng.choices(entries, ew)[0] if rng.random() > 0.05 else None
        plans.append(Plan(y, stage, entry))
    return plans


def build_items(rng: random.Random, p: Profile, cast: Cast, plans: list[Plan], today: date,
                org_short: str) -> list[dict]:
    maker = ItemMaker(p, cast, today)
    rereview = p.limit("rereview") is not None
    depts = list(cast.by_dept)
    ids: set[str] = set()
    records: list[dict] = []
    first_pubs: list[tuple[str, str, dict]] = []
    docs_by_year: dict[int, list[str]] = {}
    for plan in plans:
        e, stage = plan.entry, plan.stage
        while True:
            item_id = f"GK-{plan.year}-{rng.getrandbits(24):06x}"
            if item_id not in ids:
                ids.add(item_id)
                break
        dept = (e.get("department") if e else "") or rng.choice(depts)
        if dept not in cast.by_dept:
            dept = rng.choice(depts)
        raw: dict[str, Any] = {"id": item_id, "title": _title(rng, e, plan.year, org_short)}
        if e is not None:
            raw["entry"] = e["code"]
            scope, timing = e.get("scope", "党内公开"), e.get("timing", "及时")
            channels = list(e.get("channels") or ()) or [p.channels[0].name]
        else:
            raw["reason"] = rng.choice(("上级部门要求公开", "群众普遍关注的事项", "专项工作需要公开"))
            scope, timing = rng.choice(p.scopes), "及时"
            inner = list(p.inner_channels())
            if scope != "向社会公开" and not inner:
                scope = "向社会公开"
            channels = [rng.choice(inner if scope != "向社会公开" else [c.name for c in p.channels])]
        raw.update({"scope": scope, "channels": channels, "timing": timing, "department": dept,
                    "proposer": rng.choice(cast.by_dept[dept])})
        kind = _kind_of(p, e)
        if kind:
            raw["kind"] = kind
        withheld_first = stage == "archived" and plan.start is None and rng.random() < 0.08
        if kind == "政务" or p.attribute_required:
            raw["attribute"] = ("不予公开" if stage == "withheld" or withheld_first else
                                "依申请公开" if scope == "对特定对象公开" and stage not in (
                                    "published", "archived") else "主动公开")
        # the working day the proposal was made
        if plan.start is not None:
            start = _workday(plan.start)
        elif stage in PENDING and plan.year == today.year:
            start = _workday(today - timedelta(days=rng.randint(3, PENDING_DAYS)))
        else:
            last = min(date(plan.year, 12, 31), today - timedelta(days=3))
            span = max((last - date(plan.year, 1, 1)).days, 0)
            start = _workday(date(plan.year, 1, 1) + timedelta(days=rng.randint(0, span)))
        if kind == "政务" or rng.random() < 0.3:
            raw["doc_number"] = f"{org_short}{rng.choice(('发', '字', '函'))}〔{plan.year}〕{rng.randint(1, 300)}号"
            raw["doc_date"] = max(date(plan.year, 1, 1), start - timedelta(days=rng.randint(0, 3))).isoformat()
        docs = docs_by_year.setdefault(plan.year, [])
        if e is not None and "解读" in e.get("name", "") and docs and rng.random() < 0.6:
            raw["interprets"] = rng.choice(docs)
        if p.prepublish and stage in ("published", "archived", "approved") and rng.random() < 0.04:
            raw["major"] = True
        if rng.random() < 0.05:
            raw["attachments"] = [f"附件{i + 1}.pdf" for i in range(rng.randint(1, 3))]
        old_content = _content(rng)
        raw["content"], revise = old_content, ""
        if stage in ("published", "archived") and not withheld_first and plan.start is None:
            r = rng.random()
            revise = "更正" if r < 0.03 else ("修改后重新提交" if r < 0.06 else "")
            if revise:
                raw["content"] = old_content.rstrip("\n") + "\n　　" + rng.choice(SENTENCES) + "\n"
        for _ in range(4):
            if "doc_date" in raw and raw["doc_date"] > start.isoformat():
                raw["doc_date"] = start.isoformat()  # before the hashes are taken
            hist, pubs = maker.history(rng, raw, stage, start, revise, old_content, withheld_first)
            end = date.fromisoformat(hist[-1]["date"])
            if end <= today:
                break
            start = _workday(start - timedelta(days=(end - today).days + rng.randint(1, 20)))
        else:  # cannot fit before today: leave it just proposed
            hist, pubs = [_ev("submit", min(start, today), raw["proposer"], p.proposer_role)], []
        if "doc_date" in raw and raw["doc_date"] > hist[0]["date"]:  # only when nothing was reviewed
            raw["doc_date"] = hist[0]["date"]
        if rereview and (stage == "withheld" or withheld_first or raw.get("attribute") in ("依申请公开", "不予公开")):
            hist = _rereviews(rng, maker, hist, today)
        maker.seal(hist, {**raw, "content": old_content} if revise else raw, raw)
        raw["history"] = hist
        records.append(raw)
        if pubs:
            first_pubs.append((pubs[0]["date"], item_id, pubs[0]))
            if "文件" in (e or {}).get("name", ""):
                docs.append(item_id)
    # 索引号: a serial per year, in order of first publication
    serial: dict[int, int] = {}
    for when, _, ev in sorted(first_pubs, key=lambda t: (t[0], t[1])):
        y = int(when[:4])
        serial[y] = serial.get(y, 0) + 1
        ev["index_no"] = f"{ORG_CODE}/{y}-{serial[y]:05d}"
    return records


def _rereviews(rng: random.Random, maker: ItemMaker, hist: list[dict], today: date) -> list[dict]:
    """The yearly re-review (before 31 March) of an item held back from 主动公开, every year
    since, as ``dwgk rereview`` records it: in date order within the history."""
    office = maker.p.office_role
    since = date.fromisoformat(hist[0]["date"]).year
    out = list(hist)
    for y in range(since + 1, today.year + 1):
        d = _workday(date(y, 1, 10) + timedelta(days=rng.randint(0, 70)))
        if d > today:
            break
        out.append(_ev("rereview", d, maker.who(rng, office), office, result="维持",
                       opinion=rng.choice(("不公开的理由仍然存在", "仍属依申请公开的信息", ""))))
    out.sort(key=lambda ev: ev["date"])  # stable: same-day records keep their order
    return out


# ---------------------------------------------------------------- 依申请公开

REQUEST_TOPICS = ("{y}年度科技项目立项清单及资金安排", "某企业高新技术企业认定材料", "本单位{y}年“三公”经费明细",
                  "某区域规划调整的审批文件", "{y}年政府采购合同", "某项目环境影响评价批复",
                  "行政处罚决定书（{y}年第{n}号）", "科研经费审计报告", "重点实验室评估结果")
REPLIES = {"予以公开": 40, "部分公开": 10, "不予公开-第三方权益": 3, "不予公开-过程性信息": 4,
           "不予公开-内部事务": 3, "无法提供-不掌握": 15, "无法提供-需另行制作": 5,
           "不予处理-重复申请": 5, "不予处理-信访举报投诉": 4, "不予处理-公开出版物": 2, "其他处理-其他": 3}


def build_requests(rng: random.Random, p: Profile, cast: Cast, n: int, first_year: int,
                   today: date) -> list[dict]:
    """Requests with histories ``dwgk request …`` would have written ([] where the profile
    has no request rules)."""
    from dwgk import requests as rq
    outcomes, basis_2019 = rq.OUTCOMES, rq.BASIS_2019
    prefix, channels, types = rq.ID_PREFIX, rq.CHANNELS, rq.APPLICANT_TYPES
    fact = rq.RECEIPT_FACT
    rules = sorted((r for r in (p.requests or {}).get("rules", ()) if r.get("since")),
                   key=lambda r: str(r["since"]))
    if not rules:
        return []
    first = max(date(first_year, 1, 1), date.fromisoformat(str(rules[0]["since"])))
    office = p.office_role
    depts = list(cast.by_dept)
    ids: set[str] = set()
    out = []
    for _ in range(n):
        span = (today - timedelta(days=2) - first).days
        received = _workday(first + timedelta(days=rng.randint(0, span)))
        while True:
            rid = f"{prefix}-{received.year}-{rng.getrandbits(24):06x}"
            if rid not in ids:
                ids.add(rid)
                break
        channel = rng.choices(channels, (2, 3, 1, 6, 1)[:len(channels)])[0]
        raw: dict[str, Any] = {"id": rid, "received": received.isoformat(), "channel": channel}
        raw[fact.get(channel, "arrived")] = received.isoformat()
        atype = rng.choices(types, (70, 15, 3, 3, 6, 3)[:len(types)])[0]
        applicant = _name(rng) if atype == "自然人" else rng.choice(("江北某某科技有限公司", "某大学",
                                                                    "某律师事务所", "某公益协会"))
        raw.update({"applicant": applicant, "applicant_type": atype})
        if rng.random() < 0.5:
            raw["contact"] = f"13{rng.randint(100000000, 999999999)}"
        raw["content"] = "申请公开" + rng.choice(REQUEST_TOPICS).format(y=received.year, n=rng.randint(1, 99))
        if rng.random() < 0.5:
            raw["form"] = rng.choice(("纸质", "电子邮件"))
        who = lambda: rng.choice(cast.by_role[office])
        dept = rng.choice(depts)
        hist = [_ev("receive", received, who(), office)]
        d = received
        # how far the request got: recent ones may still be open
        age = (today - received).days
        done = age > 45 or rng.random() < age / 45
        if rng.random() < 0.6:
            d = _add(d, 1)
            hist.append(_ev("assign", d, who(), office, department=dept,
                            handler=rng.choice(cast.by_dept[dept])))
        amended = False
        blocked = False
        r = rng.random()
        if r < 0.08:
            d = _add(d, rng.randint(1, 4))
            hist.append(_ev("amend", d, who(), office, points=["写明所需信息的名称、文号或者便于查询的其他特征"],
                            period=15))
            if not done:
                raw["history"] = hist
                out.append(raw)
                continue
            if rng.random() < 0.25:
                hist.append(_ev("lapse", _add(d, 25), who(), office, result="其他处理-逾期不补正",
                                reasons="申请人无正当理由逾期未补正"))
                hist.append(_ev("archive", _add(d, 30), who(), office))
                raw["history"] = hist
                out.append(raw)
                continue
            d = _add(d, rng.randint(3, 10))
            hist.append(_ev("amended", d, who(), office, content=raw["content"] + "（补正后）"))
            amended = True
        elif r < 0.16:
            d = _add(d, rng.randint(2, 5))
            party = rng.choice(("江北某某科技有限公司", "某某建设集团"))
            hist.append(_ev("consult", d, who(), office, party=party, party_kind="第三方"))
            d = _add(d, rng.randint(3, 12))
            agree = rng.random() < 0.6
            hist.append(_ev("consulted", d, who(), office, party=party, result="同意" if agree else "不同意",
                            reasons="" if agree else "涉及商业秘密"))
            blocked = not agree
        elif r < 0.24 and done:
            rule = [x for x in rules if str(x["since"]) <= received.isoformat()][-1]
            d = _add(d, rng.randint(8, 12))
            hist.append(_ev("extend", d, who(), office,
                            days=min(rng.choice((10, 15, 20)), int(rule.get("extension") or 15)),
                            approved_by=rng.choice(cast.by_role[office]), reasons="需要调取档案核实",
                            told=d.isoformat()))
        if not done:
            raw["history"] = hist
            out.append(raw)
            continue
        result = rng.choices(list(REPLIES), list(REPLIES.values()))[0]
        if blocked and result == "予以公开":
            result = "部分公开"
        if amended and rng.random() < 0.2:
            result = "无法提供-补正后仍不明确"
        assert result in outcomes
        d = _add(d, rng.randint(3, 14) if rng.random() > 0.05 else rng.randint(25, 40))
        basis = basis_2019.get(result) if received >= date(2019, 5, 15) else ""
        basis = basis or "《中华人民共和国政府信息公开条例》第二十一条"
        reasons = "" if result == "予以公开" else rng.choice((
            "经检索，本机关未制作或获取该政府信息", "该信息涉及第三方商业秘密", "所申请信息属于内部事务信息",
            "申请人此前已就同一内容提出申请并已答复", "该信息为过程性信息"))
        hist.append(_ev("reply", d, who(), office, result=result, basis=basis, reasons=reasons,
                        withheld="涉及个人信息的部分" if result == "部分公开" else ""))
        d = _add(d, rng.randint(0, 2))
        hist.append(_ev("deliver", d, who(), office, method=rng.choice(("邮寄", "电子邮件", "当面"))))
        if rng.random() < 0.03:
            hist.append(_ev("appeal", _add(d, rng.randint(10, 50)), who(), office, kind="行政复议",
                            result=rng.choice(("维持", "未审结"))))
        elif rng.random() < 0.7:
            hist.append(_ev("archive", _add(d, rng.randint(5, 30)), who(), office))
        while date.fromisoformat(hist[-1]["date"]) > today:  # leave the latest steps undone
            hist.pop()
            if hist[-1]["action"] in ("amend", "consult"):
                hist.pop()
        raw["history"] = hist
        out.append(raw)
    return out


def annual_inputs(rng: random.Random, p: Profile, org: str, year: int) -> dict:
    """reports/<year>.yaml: the annual report's figures and text that live outside the register."""
    gov = p.kind in ("政务", "党政务")
    out: dict[str, Any] = {
        "published": date(year + 1, 3 if p.org_type == "政府" else 1, rng.randint(10, 28)).isoformat(),
        "overview": f"{year}年，{org}坚持以公开为常态、不公开为例外，按公开目录及时公开信息，"
                    "依法办理政府信息公开申请。\n全年未发生因公开不当引发的舆情事件。\n"}
    if gov:
        n = rng.randint(0, 4)
        out["proactive"] = {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                            "normative": {"issued": n, "repealed": rng.randint(0, n), "in_force": 10 + n},
                            "licensing": rng.randint(50, 400), "penalty": rng.randint(0, 30),
                            "coercion": rng.randint(0, 3), "fees": round(rng.uniform(0, 20), 1)}
    out["problems"] = "部分定期公开事项更新不够及时；下一年度将按季度开展专项检查。\n"
    out["other"] = "无。\n"
    return out


def item_path(item_id: str) -> str:
    return f"items/{item_id.split('-')[1]}/{item_id}.yaml"


def _git(root: Path, *args: str, env: dict | None = None) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _commit(root: Path, message: str, when: date) -> None:
    stamp = f"{when.isoformat()}T18:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "dwgk-bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "dwgk-bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    _git(root, "add", "-A", ".", env=env)
    _git(root, "commit", "-q", "--no-verify", "--allow-empty", "-m", message, env=env)


def generate(root: Path, items: int, seed: int = 1, profile: str = "national",
             first_year: int = 2017, today: date = TODAY, git: bool = True,
             requests: int | None = None) -> dict:
    """Write a register of ``items`` items into ``root`` (which must not hold one yet)."""
    root = Path(root)
    if (root / "dwgk.yaml").exists():
        raise FileExistsError(f"{root} already holds a register")
    rng = random.Random(f"dwgk-bench:{seed}:{profile}")
    p = load_profile(profile)
    org, org_short = ORGS.get(profile, ORGS["national"])
    depts = list(dict.fromkeys([*p.departments, *(e.get("department") for e in p.catalogue
                                                    if e.get("department"))]))
    cast = _cast(rng, p, depts)
    plans = plan_items(rng, p, items, first_year, today)
    records = build_items(rng, p, cast, plans, today, org_short)
    reqs = build_requests(rng, p, cast, items // 10 if requests is None else requests, first_year,
                          today)

    root.mkdir(parents=True, exist_ok=True)
    if git:
        _git(root, "init", "-q")
    config = {"org": org, "code": ORG_CODE, "profile": profile, "start": f"{first_year}-01-01",
              "overrides": {}, "departments": depts, "people": cast.people()}
    catalogue = {"version": 1, "filed": None, "entries": [dict(e) for e in p.catalogue]}
    _write(root, "dwgk.yaml", "# dwgk 登记簿配置（机构、配置方案、个别规则的调整）\n" + dump(config))
    _write(root, "catalogue.yaml", "# 公开目录：每个条目一项，code 唯一\n" + dump(catalogue))
    _write(root, ".gitignore", ".dwgk/\n")
    for d in ("items", "requests", "messages", "reports", "templates"):
        _write(root, f"{d}/.gitkeep", "")
    if git:
        _commit(root, f"新建登记簿：{org}", date(first_year, 1, 1))
    by_year: dict[int, list[dict]] = {}
    for r in records:
        by_year.setdefault(int(r["id"].split("-")[1]), []).append(r)
    for year in range(first_year, today.year):
        _write(root, f"reports/{year}.yaml", f"# {year} 年度报告的登记簿外材料（由办公室填写）\n"
               + dump(annual_inputs(rng, p, org, year)))
    req_by_year: dict[int, list[dict]] = {}
    for r in reqs:
        req_by_year.setdefault(int(r["id"].split("-")[1]), []).append(r)
    for year in sorted(by_year.keys() | req_by_year.keys()):
        for r in by_year.get(year, ()):
            _write(root, item_path(r["id"]), dump(r))
        for r in req_by_year.get(year, ()):
            _write(root, f"requests/{year}/{r['id']}.yaml", dump(r))
        if git:
            _commit(root, f"{year} 年公开事项 {len(by_year.get(year, ()))} 项、依申请公开 "
                          f"{len(req_by_year.get(year, ()))} 件", min(date(year, 12, 31), today))
    return {"root": str(root), "items": len(records), "requests": len(reqs), "profile": profile,
            "seed": seed, "years": sorted(by_year)}


def _write(root: Path, rel: str, text: str, _made: set = set()) -> None:
    folder = os.path.dirname(os.path.join(root, rel))
    if folder not in _made:
        os.makedirs(folder, exist_ok=True)
        _made.add(folder)
    with open(os.path.join(root, rel), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
