"""MkDocs glue: the only entry point is ``define_env``.

Everything else in this package is plain Python (catalog, rendering,
validation) and runs without MkDocs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import HandbookError
from .site import Site


def define_env(env: Any) -> None:
    config = env.conf
    try:
        site = Site(
            root=Path(config["config_file_path"]).resolve().parent,
            docs_dir=Path(config["docs_dir"]).resolve(),
            settings=(config.get("extra") or {}).get("handbook") or {},
            current_page=lambda: env.page.file.src_path,
            directory_urls=bool(config.get("use_directory_urls", True)),
            site_url=config.get("site_url") or "",
        )
        for name, func in site.macros().items():
            env.macro(func, name)
        site.check_pages([*env.variables, *env.macros, *env.filters, "page", "navigation"])
    except HandbookError as err:
        print(f"ERROR   -  handbook: {err}", file=sys.stderr)
        raise SystemExit(100) from None
