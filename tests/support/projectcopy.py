"""A throwaway copy of the project, for tests that break it and for the benchmark."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_project(dest: Path) -> Path:
    for part in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


# An organisation's real settings, as a team that adopted the handbook would have them
# (the seed's own settings are placeholders: 400-xxx-xxxx, example.com …).
REAL_SETTINGS = {
    "company_name": "汇达科技",
    "status_page_url": "https://status.huida.cn",
    "support_email": "support@huida.cn",
    "hotline": "400-820-0123",
    "incident_channel_prefix": "#incident-",
    "meeting_url": "https://meet.huida.cn/incident",
    "timezone": "北京时间（UTC+8）",
}


def with_real_settings(project: Path) -> Path:
    """The copy's mkdocs.yml with REAL_SETTINGS in place of the seed's settings under
    extra.handbook (every other setting kept)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key, value in REAL_SETTINGS.items():
        text, found = re.subn(rf"^(    {key}: ).*$", rf'\g<1>"{value}"', text, flags=re.M)
        if found != 1:
            raise ValueError(f"{config}: extra.handbook.{key} not found once (found {found})")
    config.write_text(text, encoding="utf-8")
    return project
