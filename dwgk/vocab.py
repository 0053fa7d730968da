"""The register's fixed words: scopes, 时限 types and an item's stages.

Kept apart from ``model.py`` so that the command definitions (help texts list the stages)
can name them without building the record classes at start-up.
"""

SCOPE_INNER = "党内公开"
SCOPE_SPECIFIC = "对特定对象公开"
SCOPE_PUBLIC = "向社会公开"
SCOPES = (SCOPE_INNER, SCOPE_SPECIFIC, SCOPE_PUBLIC)

TIMINGS = ("长期", "定期", "及时", "随时")
CADENCES = ("每季度", "每半年", "每年")

STAGES = ("submitted", "reviewing", "approved", "published", "archived",
          "withheld", "returned", "deferred", "withdrawn")
STAGE_NAMES = {
    "submitted": "已提出", "reviewing": "审核中", "approved": "已审批",
    "published": "已公开", "archived": "已归档", "withheld": "不公开",
    "returned": "已退回", "deferred": "暂缓", "withdrawn": "已撤回",
}
# What a wider scope is (a scope wider than its catalogue entry's needs a reason): 向社会公开 is
# wider than either of the others, which are not comparable with each other.
SCOPE_RANK = {SCOPE_INNER: 1, SCOPE_SPECIFIC: 1, SCOPE_PUBLIC: 2}


def wider(scope: str, than: str) -> bool:
    """Is ``scope`` wider than (or, between 党内 and 特定对象, different from) ``than``?"""
    return scope != than and SCOPE_RANK.get(scope, 0) >= SCOPE_RANK.get(than, 0)
PERIOD_MONTHS = {"每季度": 3, "每半年": 6, "每年": 12}  # a 定期 entry's cadence, in months
