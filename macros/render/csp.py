"""The Content-Security-Policy of pages the theme does not render (mkdocs-redirects' pages).

Theme pages carry the policy from overrides/main.html. A redirect page has one
inline script (it keeps the runbook's #anchor): it gets the same policy with
that script's sha256 hash allowed, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path

_META = '<meta http-equiv="Content-Security-Policy"'
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)
_REDIRECT_TITLE = "<title>Redirecting...</title>"
# A redirect page is under 1 KB and every theme page is far over this: checking the size
# spares reading the whole site after every rebuild (0.2 s at 1,000 templates).
_REDIRECT_MAX_BYTES = 8192


def with_script_hashes(policy: str, scripts: list[str]) -> str:
    """`policy` with `script-src` extended by the sha256 of each inline script."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return re.sub(r"script-src ([^;]*)", lambda m: f"script-src {m.group(1)} {hashes}", policy)


def protect_redirect_pages(site_dir: Path, policy: str) -> int:
    """Add the policy to every redirect page that lacks it; returns how many were changed."""
    changed = 0
    for page in site_dir.rglob("*.html"):
        if page.stat().st_size > _REDIRECT_MAX_BYTES:
            continue
        text = page.read_text(encoding="utf-8")
        if _REDIRECT_TITLE not in text or _META in text:
            continue
        scripts = _INLINE.findall(text)
        meta = f'{_META} content="{escape(with_script_hashes(policy, scripts))}">'
        page.write_text(
            text.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n    {meta}', 1),
            encoding="utf-8",
        )
        changed += 1
    return changed
