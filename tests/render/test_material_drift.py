"""The theme files adapted from Material still match the Material they were adapted from.

overrides/partials/* and docs/assets/javascripts/material-*.js are copies of Material's
partials with small changes (each says which in its header comment); overrides/main.html
overrides blocks of Material's base.html. When Material's original changes (an upgrade),
the adaptation may need the same change: this test fails, naming both files, until
someone has compared them and recorded the new original's hash below.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import material
import pytest

from ..conftest import ROOT

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"

# (our file, Material's original under material/templates/, the Material version it was
# adapted from, SHA-256 of that original at that version, how ours relates to it).
ORIGINALS = [
    (
        "overrides/partials/header.html",
        "partials/header.html",
        "9.8.2",
        "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
        "copy",
    ),
    (
        "overrides/partials/search.html",
        "partials/search.html",
        "9.8.2",
        "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
        "copy",
    ),
    (
        "overrides/partials/javascripts/base.html",
        "partials/javascripts/base.html",
        "9.8.2",
        "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6",
        "copy",
    ),
    (
        "overrides/partials/javascripts/content.html",
        "partials/javascripts/content.html",
        "9.8.2",
        "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf",
        "copy",
    ),
    (
        "docs/assets/javascripts/material-base.js",
        "partials/javascripts/base.html",
        "9.8.2",
        "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6",
        "copy",
    ),
    (
        "docs/assets/javascripts/material-content.js",
        "partials/javascripts/content.html",
        "9.8.2",
        "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf",
        "copy",
    ),
    (
        "overrides/main.html",
        "base.html",
        "9.8.2",
        "a919e32d2225e09ecbdeb8076ca6ce9ca0836329760bf7871a04172569b77842",
        "blocks",
    ),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "ours, original, version, recorded, relation", ORIGINALS, ids=[row[0] for row in ORIGINALS]
)
def test_the_original_an_override_was_adapted_from_is_unchanged(
    ours: str, original: str, version: str, recorded: str, relation: str
):
    assert (ROOT / ours).is_file(), f"{ours} is gone: remove its row from ORIGINALS"
    source = MATERIAL_TEMPLATES / original
    installed = metadata.version("mkdocs-material")
    assert source.is_file(), (
        f"Material {installed} has no templates/{original} any more: see what replaced it, "
        f"adapt {ours} and update its row in {Path(__file__).name}"
    )
    assert sha256(source) == recorded, (
        f"Material changed {original} (recorded at {version}, installed {installed}): compare "
        f"{source} with {ours}, carry the change over, then update the recorded hash and "
        f"version in {Path(__file__).name} and the version named in {ours}'s header"
    )
    if relation == "copy":
        header = (ROOT / ours).read_text(encoding="utf-8")[:300]
        assert "Material" in header and version in header, (
            f"{ours}'s header comment should name the Material version it copies ({version})"
        )


def test_every_override_has_its_original_recorded():
    recorded = {row[0] for row in ORIGINALS}
    overrides = {p.relative_to(ROOT).as_posix() for p in (ROOT / "overrides").rglob("*.html")}
    scripts = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "docs/assets/javascripts").glob("material-*.js")
    }
    assert overrides | scripts <= recorded, (
        "record the Material original of each in ORIGINALS: "
        + ", ".join(sorted((overrides | scripts) - recorded))
    )
