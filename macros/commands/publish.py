"""`handbook publish`: build strictly beside DEST and swap it in; `--rollback` swaps back.

DEST is checked before the build (see destination.py: the tools never delete
what they did not create). The build runs in a marked work directory beside
DEST, so a failed build leaves DEST byte-identical, and readers see the old
site or the new one, never a mix: the switch is one rename, exchange or
symlink replacement. The previous release is kept for one-step rollback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ..engine.readiness import placeholder_settings
from ..errors import HandbookError, shown
from ..load.handbook import load_from_config
from .build import strict_build
from .destination import SITE, Outcome, Release, State, inspect, read_marker, roll_back

# Builds the site of a config into a directory; returns the build's exit code.
Builder = Callable[[Path, Path], int]


def project_root(config: Path) -> Path:
    """The directory of the mkdocs.yml in use: never a destination."""
    return config.resolve().parent


def mkdocs_build(config: Path, site_dir: Path) -> int:
    """The default builder: a strict build of `config` into `site_dir`; returns its exit code."""
    return strict_build(config, site_dir).returncode


def refuse_placeholders(config: Path) -> None:
    """A site whose settings are still the seed's placeholders is not published by accident."""
    found = placeholder_settings(load_from_config(config))
    if found:
        listed = "、".join(f"{key}（{value}）" for key, value in found)
        raise HandbookError(
            "mkdocs.yml",
            f"拒绝发布：手册仍在使用示例设置：{listed}",
            "在 mkdocs.yml 的 extra.handbook 里换成贵组织的真实值；确实要发布示例站点时加 "
            "--allow-placeholders（make publish DEST=… ARGS=--allow-placeholders）。",
            "extra.handbook",
        )


def publish(
    config: Path,
    dest: Path,
    *,
    build: Builder = mkdocs_build,
    allow_placeholders: bool = False,
) -> int:
    """Check DEST and (unless allowed) the settings for placeholders, build beside DEST and
    swap the site in; returns the exit code. A failed build leaves DEST as it was."""
    target = inspect(dest, SITE, project_root(config))
    if not allow_placeholders:
        refuse_placeholders(config)
    with Release(target) as release:
        code = build(config, release.work)
        if code != 0:
            print(
                f"构建失败（退出码 {code}）：{shown(target.given)} 保持原样，未做任何改动。",
                file=sys.stderr,
            )
            return code
        outcome = release.commit()
    print(published(outcome))
    if outcome.warning:
        print(f"handbook: 注意：{outcome.warning}", file=sys.stderr)
    return 0


def published(outcome: Outcome) -> str:
    """The line printed after a publish: where the site is, and the release kept for rollback."""
    where = f"已发布到 {shown(outcome.dest)}"
    if outcome.release is not None:
        where += f"（链接现在指向 {shown(outcome.release)}）"
    if outcome.previous is None:
        return where
    return (
        f"{where}；上一版保留在 {shown(outcome.previous)}，"
        f"回滚：handbook publish --rollback --dest {shown(outcome.dest)}"
    )


def rollback(config: Path, dest: Path) -> int:
    """Put the previous release back in one step; running it again undoes the rollback."""
    before = roll_back(dest, SITE, project_root(config))
    current = before.path.resolve() if before.state is State.LINK else before.path
    marker = read_marker(current, SITE) or {}
    when = f"（{marker['created']} 发布）" if "created" in marker else ""
    shown_current = f"，链接现在指向 {shown(current)}" if before.state is State.LINK else ""
    print(
        f"已回滚 {shown(before.given)}：换回了上一版{when}{shown_current}；"
        "再运行一次 --rollback 可换回刚才的版本。"
    )
    return 0
