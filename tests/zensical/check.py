"""`make check-zensical`: build the site with Zensical and with MkDocs, compare every article.

Material for MkDocs reaches end of life on 2027-05-05; Zensical is its successor
and runs this handbook's mkdocs-macros module. This script builds the handbook with
both (Zensical from its own virtualenv, .venv-zensical) and compares the article
HTML of every page, apart from theme chrome (whitespace, Zensical's skip anchor).
It prints what differs and exits 1 when any page does.

    python -m tests.zensical.check --zensical .venv-zensical/bin/zensical
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from macros.commands.build import strict_build

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
CHROME = re.compile(r'<a id="__skip" tabindex="-1"></a>')
BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")


def article(page: Path) -> str:
    match = ARTICLE.search(page.read_text(encoding="utf-8"))
    body = CHROME.sub("", match.group(1)) if match else ""
    # A line break between two tags is not content: Python-Markdown writes one between
    # raw-HTML blocks, MkDocs' held HTML (macros/render/deferred.py) keeps them joined.
    body = BETWEEN_TAGS.sub("><", body)
    return "\n".join(line.strip() for line in body.splitlines() if line.strip())


def copy_project(dest: Path) -> None:
    for part in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zensical", required=True, type=Path, help="the zensical executable")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "handbook"
        copy_project(project)
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
        zensical = subprocess.run(
            [str(args.zensical.absolute()), "build"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        zensical_s = time.perf_counter() - started
        if zensical.returncode != 0 or "Traceback" in zensical.stderr + zensical.stdout:
            print(zensical.stdout[-3000:], zensical.stderr[-3000:], sep="\n", file=sys.stderr)
            print("check-zensical: the Zensical build failed", file=sys.stderr)
            return 1
        (project / "site").rename(project / "site-zensical")
        started = time.perf_counter()
        mkdocs = strict_build(project / "mkdocs.yml", project / "site-mkdocs", capture=True)
        mkdocs_s = time.perf_counter() - started
        if mkdocs.returncode != 0:
            print(mkdocs.stderr[-3000:], file=sys.stderr)
            return 1
        pages = sorted((project / "site-mkdocs").rglob("index.html"))
        differ = 0
        for page in pages:
            rel = page.relative_to(project / "site-mkdocs")
            other = project / "site-zensical" / rel
            if not other.exists():
                print(f"{rel}: Zensical built no such page")
                differ += 1
                continue
            a, b = article(page), article(other)
            if a != b:
                differ += 1
                diff = difflib.unified_diff(
                    a.splitlines(), b.splitlines(), "mkdocs", "zensical", lineterm="", n=0
                )
                print(f"{rel}:")
                print("\n".join(line[:200] for line in list(diff)[:12]))
        notices = zensical.stderr.count("本手册仍在使用示例设置")
        print(
            f"check-zensical: {len(pages) - differ}/{len(pages)} pages have the same article "
            f"(Zensical {zensical_s:.1f} s, MkDocs {mkdocs_s:.1f} s; the settings notice printed "
            f"{notices} time(s))"
        )
        return 1 if differ or notices > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
