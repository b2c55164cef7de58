"""Small in-memory builders for unit tests: a catalog without files."""

from __future__ import annotations

from macros.model.catalog import Catalog, Value, Variable


def var(key: str, label: str = "服务", example: Value = "登录服务", **over: object) -> Variable:
    fields: dict[str, object] = {
        "key": key,
        "label": label,
        "meaning": "m",
        "source": "s",
        "format": "f",
        "example": example,
    }
    fields.update(over)
    return Variable(**fields)  # type: ignore[arg-type]


def small_catalog() -> Catalog:
    return Catalog(
        {
            "service": var("service"),
            "start_time": var("start_time", "开始时间", "14:32"),
            "features": var("features", "功能", ("登录", "下单")),
            "company_name": var("company_name", "公司", "Example.com", setting=True),
            "impact": var("impact", "影响范围", "所有用户无法登录"),
        },
        "docs/_data/variables.yml",
    )
