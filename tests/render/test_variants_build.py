"""Valid variants build to the same site: every page and data file saved with a BOM and CRLF."""

from __future__ import annotations

import pytest

from ..conftest import run_builds
from ..support.minihandbook import MINI, mini

pytestmark = pytest.mark.build


def test_bom_and_crlf_everywhere_build_the_same_site_byte_for_byte(tmp_path):
    windows: dict[str, str | bytes] = {}
    for path in MINI.rglob("*"):
        if path.is_file() and path.suffix in {".md", ".yml"}:
            text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
            windows[str(path.relative_to(MINI))] = b"\xef\xbb\xbf" + text.encode("utf-8")
    plain, variant = mini(tmp_path / "plain"), mini(tmp_path / "windows", windows)
    for result in run_builds((plain, plain / "site"), (variant, variant / "site")):
        assert result.returncode == 0, result.stderr[-2000:]

    def pages(root):
        return {
            p.relative_to(root): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.suffix in {".html", ".json", ".js"}
        }

    assert pages(variant / "site") == pages(plain / "site")
