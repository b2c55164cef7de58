"""The stages' parts in the workspace (stages.yml role, offers): each role played once, every
offered stage a stage of the timeline."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Collector, did_you_mean, excerpt
from ..model.handbook import Stage
from .schemas import STAGE_ROLES

FILE = "docs/_data/stages.yml"
# Without a stage that opens and one that closes the workspace lists nothing; a cadence is
# optional (the opening messages then stay listed until the incident closes).
REQUIRED = ("opens", "closes")


def check_stage_roles(stages: Mapping[str, Stage], errors: Collector) -> None:
    """Every mistake in the stages' roles and offers, added to `errors`."""
    for role in STAGE_ROLES:
        playing = [s.key for s in stages.values() if s.role == role]
        if not playing and role in REQUIRED:
            errors.add(
                FILE,
                f"没有哪个时刻的 role 是 {role}：事件工作台不知道{_ROLE_NAMES[role]}",
                f"在对应的时刻下写 role: {role}。",
            )
        elif len(playing) > 1:
            errors.add(
                FILE,
                f"role: {role} 出现在 {len(playing)} 个时刻：{'、'.join(playing)}",
                f"只保留一个时刻的 role: {role}。",
                playing[1],
            )
    for stage in stages.values():
        for offered in stage.offers:
            if offered == stage.key:
                errors.add(
                    FILE,
                    f"offers 里写了它自己（{offered}）",
                    "offers 只写同时列出的其他时刻。",
                    f"{stage.key}.offers",
                )
            elif offered not in stages:
                errors.add(
                    FILE,
                    f"offers 里的时刻 '{excerpt(offered)}' 不存在。{did_you_mean(offered, stages)}",
                    f"用 stages.yml 里的键：{', '.join(stages)}。",
                    f"{stage.key}.offers",
                )


_ROLE_NAMES = {
    "opens": "哪个时刻开始事件",
    "repeats": "哪个时刻按节奏重复",
    "closes": "哪个时刻结束事件",
}
