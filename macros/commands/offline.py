"""`make offline`: a zip of the handbook that works opened from disk (file://).

The build uses .html URLs (HANDBOOK_DIRECTORY_URLS=false). Search works there too:
its index is a script (search/index.js), loaded with <script src>, which file:// allows.
Material's own `offline` plugin is not used: it injects a script from a CDN.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from ..errors import shown
from .build import strict_build

TOP = "handbook"


def build_offline(config: Path, out: Path) -> int:
    """Build the site with .html URLs and zip it into `out` (top folder handbook/);
    returns the build's exit code."""
    env = {"HANDBOOK_DIRECTORY_URLS": "false"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / TOP
        code = strict_build(config, site, env=env).returncode
        if code != 0:
            print(f"构建失败（退出码 {code}），未生成离线副本。", file=sys.stderr)
            return code
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site.parent).as_posix())
        partial.replace(out)
    print(f"离线副本：{shown(out)}（解压后用浏览器打开 {TOP}/index.html）")
    return 0
