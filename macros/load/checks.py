"""Checks across what was loaded: derivations, settings used, drill answers, example phrasings.

Each runs the engine on the loaded content (fill, lint, the derive operations) and
adds every mistake it finds to the collector, with the file and key to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..engine.derive import OPERATIONS
from ..errors import Collector, excerpt
from ..model.catalog import Catalog, Value, Variable
from ..model.handbook import Audience, Channel, LintRule, Principle, Template
from ..model.training import CaseStudy, Drill
from .yamlio import line_of

if TYPE_CHECKING:
    from .reader import Reader


def check_derivations(
    variables: dict[str, Variable], shown: str, data: Any, errors: Collector
) -> None:
    """Each derivation has the inputs its operation needs, of the right types, and no cycle."""
    for key, var in list(variables.items()):
        if var.derive is None:
            continue
        op = OPERATIONS[var.derive.op]
        line = line_of(data, key)
        where = f"{key}.derive"
        if len(var.derive.inputs) != len(op.inputs):
            errors.add(
                shown,
                f"{op.name} 需要 {len(op.inputs)} 个输入，这里写了 {len(var.derive.inputs)} 个",
                f"from 写 {len(op.inputs)} 个键，类型依次为：{', '.join(op.inputs)}。",
                where,
                line,
            )
            continue
        for name, wanted in zip(var.derive.inputs, op.inputs, strict=True):
            given = variables.get(name)
            if given is not None and given.type != wanted:
                errors.add(
                    shown,
                    f"{op.name} 的输入 {name} 应当是 {wanted} 类型，这里是 {given.type}",
                    f"给 {name} 写上 type: {wanted}，或换一个输入。",
                    where,
                    line,
                )
        if var.type != op.result:
            errors.add(
                shown,
                f"{op.name} 算出的是 {op.result}，但 {key} 的 type 是 {var.type}",
                f"把 {key} 的 type 改成 {op.result}。",
                f"{key}.type",
                line,
            )
    # A cycle (a derives from b, b from a) would never finish: report each one once.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(key: str, stack: list[str]) -> None:
        if state.get(key) == 1:
            cycles.append([*stack[stack.index(key) :], key])
            return
        if state.get(key) == 2 or key not in variables:
            return
        state[key] = 1
        stack.append(key)
        derive = variables[key].derive
        for dep in derive.inputs if derive else ():
            visit(dep, stack)
        stack.pop()
        state[key] = 2

    for start in list(variables):
        visit(start, [])
    for cycle in cycles:
        errors.add(
            shown,
            f"自动计算绕成了一个圈：{' → '.join(cycle)}",
            "去掉其中一个 derive，让至少一个值由人填写。",
            f"{cycle[0]}.derive",
            line_of(data, cycle[0]),
        )
        for k in cycle:
            variables.pop(k, None)


def check_settings_used(
    templates: Mapping[str, Template],
    catalog: Catalog,
    settings: Mapping[str, Value],
    errors: Collector,
) -> None:
    """Every handbook setting a template uses is set in mkdocs.yml (reported once each)."""
    reported: set[str] = set()
    for template in templates.values():
        for key in template.message.keys:
            var = catalog[key]
            if var.setting and key not in settings and key not in reported:
                reported.add(key)
                example = "、".join(var.example) if isinstance(var.example, tuple) else var.example
                errors.add(
                    template.path,
                    f"模板用到手册设置 '{key}'（{var.label}），但 mkdocs.yml 没有设置它",
                    f"在 mkdocs.yml 的 extra.handbook 下加上 `{key}: …`"
                    f"（示例：{excerpt(example)}）。",
                    key,
                )


def check_drill_answers(
    case_study: CaseStudy,
    drills: tuple[Drill, ...],
    templates: Mapping[str, Template],
    catalog: Catalog | None,
    settings: Mapping[str, Value],
    loader: Reader,
    errors: Collector,
) -> None:
    """Every message of the case study and every model answer is complete from its values."""
    if catalog is None:
        return
    from ..engine.fill import missing_keys

    case = loader.display(loader.data_path("case-study.yml"))
    for n, step in enumerate(case_study.steps, start=1):
        if step.template is None:
            continue
        gaps = missing_keys(catalog, settings, templates[step.template], step.values)
        if gaps:
            errors.add(
                case,
                f"{step.time} 的消息（{step.template}）还缺这些值：{', '.join(gaps)}",
                "在案例的 values 或这一步（或更早的步骤）的 values 里补上。",
                f"steps[{n}].values.{gaps[0]}",
            )
    shown = loader.display(loader.data_path("drills.yml"))
    for drill in drills:
        for task in drill.tasks:
            gaps = missing_keys(catalog, settings, templates[task.template], task.values)
            if gaps:
                errors.add(
                    shown,
                    f"参考答案（{task.template}）还缺这些值：{', '.join(gaps)}",
                    "在演练的 values 或该任务的 values 里补上。",
                    f"{drill.id}.values.{gaps[0]}",
                )


def check_good_phrasings(
    principles: tuple[Principle, ...],
    templates: Mapping[str, Template],
    catalog: Catalog,
    settings: Mapping[str, Value],
    loader: Reader,
    errors: Collector,
) -> None:
    """A principle's good phrasing is quoted from its template's filled example, word for word."""
    from ..engine.fill import example_text

    shown = loader.display(loader.data_path("principles.yml"))
    for p in principles:
        template = templates[p.good_template]
        if p.good_text not in example_text(catalog, settings, template):
            errors.add(
                shown,
                f"good.text “{excerpt(p.good_text)}” 不在模板 {template.slug} 的填写示例里",
                "从该模板页“填写示例”里逐字复制一句，或改 good.template。",
                f"{p.id}.good.text",
            )


def check_rule_examples(
    rules: tuple[LintRule, ...],
    catalog: Catalog,
    audiences: Mapping[str, Audience],
    channels: Mapping[str, Channel],
    loader: Reader,
    errors: Collector,
) -> None:
    """Each lint rule fires on every bad example and on none of its good ones."""
    from ..engine.lint import Linter

    shown = loader.display(loader.data_path("lint-rules.yml"))
    lint = Linter(rules, catalog, channels)  # rules fire independently: one linter for all
    for rule in rules:
        audience = sorted(rule.audiences)[0]
        examples = [("bad", t, True) for t in rule.bad] + [("good", t, False) for t in rule.good]
        for name, text, should_fire in examples:
            found = lint.check(text, audience, rule.example_channel)
            fired = any(f.rule == rule.id for f in found)
            if fired != should_fire:
                problem = "没有触发这条规则" if should_fire else "也触发了这条规则"
                errors.add(
                    shown,
                    f"{name} 例子“{excerpt(text)}”{problem}",
                    "改例子或改 patterns，让 bad 被指出、good 不被指出。",
                    f"{rule.id}.{name}",
                )
