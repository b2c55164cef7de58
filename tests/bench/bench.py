"""`make bench`: build cost, scaling and page weight, side by side with plain Material.

A script that prints figures, not a test. Every figure is the median of RUNS
builds (after one warm-up build that fills jieba's cache), and every ratio is
against a baseline measured in the same run, on the same machine.

    python -m tests.bench [--runs 5] [--sizes 12,100,1000]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.support.projectcopy import ROOT, copy_project

SEED = ROOT / "tests" / "fixtures" / "seed.md"

# Run mkdocs in-process and report the peak resident memory of that process.
_MEASURE = """
import resource, runpy, sys
sys.argv = ["mkdocs", "build", "--strict", "--clean", "--quiet", "--site-dir", sys.argv[1]]
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exit:
    if exit.code not in (0, None):
        raise
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


@dataclass
class Build:
    seconds: float
    peak_mb: float
    pages: int


_warm = False


def build(project: Path, runs: int) -> Build:
    """Median wall time and peak memory of `runs` strict builds.

    The very first build of the script is an extra, unmeasured warm-up: it fills
    jieba's dictionary cache, which every later build reuses.
    """
    global _warm
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times, peaks = [], []
    site = project / "site"
    warmups = 0 if _warm else 1
    _warm = True
    for i in range(runs + warmups):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(site)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"build failed in {project}:\n{result.stderr[-3000:]}")
        if i < warmups:
            continue
        times.append(elapsed)
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    pages = sum(1 for _ in site.rglob("index.html"))
    return Build(statistics.median(times), statistics.median(peaks), pages)


# -- the plain-Material baseline ----------------------------------------------
def seed_sections() -> list[tuple[str, str]]:
    """The seed document cut at its template and section headings, as plain pages."""
    text = SEED.read_text(encoding="utf-8")
    parts = re.split(r"^(#{2,3} .+)$", text, flags=re.M)
    sections = []
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if body.strip() and body.strip() != "---":
            sections.append((heading.lstrip("# ").strip(), body.strip().strip("-").strip()))
    return sections


def plain_material(dest: Path, pages: int, *, whole_seed: bool = False) -> Path:
    """Plain Material with the handbook's theme settings, no macros, `pages` seed pages
    (or the whole seed document as one page)."""
    config = yaml.safe_load(
        re.sub(r"!!python/name:\S+|!ENV \[\w+, (\w+)\]", r"\1", (ROOT / "mkdocs.yml").read_text())
    )
    docs = dest / "docs"
    docs.mkdir(parents=True)
    sections = (
        [("应急沟通模板", SEED.read_text(encoding="utf-8"))] if whole_seed else seed_sections()
    )
    nav = []
    for n in range(pages):
        title, body = sections[n % len(sections)]
        name = "index.md" if n == 0 else f"page-{n:04d}.md"
        page = body if whole_seed else f"# {title}\n\n{body}\n"
        (docs / name).write_text(page, encoding="utf-8")
        nav.append({f"{title} {n}": name})
    plain = {
        "site_name": config["site_name"],
        "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
        "plugins": [{"search": config["plugins"][0]["search"]}],
        "markdown_extensions": [
            {"toc": {"permalink": True}} if isinstance(e, dict) and "toc" in e else e
            for e in config["markdown_extensions"]
            if not (isinstance(e, dict) and "pymdownx.tabbed" in e)
        ]
        + [{"pymdownx.tabbed": {"alternate_style": True}}],
        "nav": nav,
    }
    plain["plugins"][0]["search"]["enabled"] = True
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return dest


# -- scaling: templates added the way the README tells an author --------------
def add_templates(project: Path, count: int) -> None:
    """`count` more templates: one Markdown page each plus two catalog entries each."""
    templates = project / "docs" / "templates"
    seeds = sorted(p for p in templates.glob("*.md") if p.name != "index.md")
    catalog = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        text = seed.read_text(encoding="utf-8")
        key_a, key_b = f"gen_{n:04d}_owner", f"gen_{n:04d}_detail"
        text = text.replace("title: ", f"title: 生成模板 {n:04d} · ", 1)
        text = re.sub(r"^next: .*\n", "", text, flags=re.M)
        text = text.replace("message: |\n", f"message: |\n  {{{key_a}}}：{{{key_b}}}\n", 1)
        (templates / f"gen-{n:04d}.md").write_text(text, encoding="utf-8")
        for key, label in ((key_a, f"生成负责人{n}"), (key_b, f"生成细节{n}")):
            catalog.append(
                f"{key}:\n  label: {label}\n  meaning: 生成的变量\n  source: 基准测试\n"
                f'  format: 文本\n  example: "示例{n}"\n'
            )
    with (project / "docs" / "_data" / "variables.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(catalog))


# -- page weight ----------------------------------------------------------------
@dataclass
class Weight:
    html: int
    css: int
    gz: int
    js_gz: int


def weight(site: Path, page: Path) -> Weight:
    html = page.read_bytes()
    text = html.decode("utf-8")
    css_files = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    js_files = re.findall(r'<script src="([^"]+)"', text)
    css = [(page.parent / href).resolve().read_bytes() for href in css_files]
    js = [(page.parent / src).resolve().read_bytes() for src in js_files]

    def gz(data: bytes) -> int:
        return len(gzip.compress(data, compresslevel=6))

    return Weight(
        html=len(html),
        css=sum(len(c) for c in css),
        gz=gz(html) + sum(gz(c) for c in css),
        js_gz=sum(gz(j) for j in js),
    )


def describe(w: Weight) -> str:
    return f"{w.html + w.css:,} B，gzip {w.gz:,} B；加 JS 共 gzip {w.gz + w.js_gz:,} B"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="12,100,1000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        handbook = copy_project(work / "handbook")
        ours = build(handbook, args.runs)
        plain = build(plain_material(work / "plain", ours.pages), args.runs)
        rows += [
            (
                f"手册严格构建（{ours.pages} 页）",
                f"{ours.seconds:.2f} s，峰值 {ours.peak_mb:.0f} MB",
            ),
            (
                f"纯 Material 构建（{plain.pages} 页，无宏）",
                f"{plain.seconds:.2f} s，峰值 {plain.peak_mb:.0f} MB",
            ),
            ("构建时间比（目标 ≤ 1.5×）", f"{ours.seconds / plain.seconds:.2f}×"),
        ]
        per_page: dict[int, float] = {}
        for size in sizes:
            project = handbook if size <= 12 else copy_project(work / f"scale-{size}")
            if size > 12:
                add_templates(project, size - 12)
            result = ours if size <= 12 else build(project, args.runs)
            per_page[size] = result.seconds / result.pages
            rows.append(
                (
                    f"{size} 个模板（{result.pages} 页）",
                    f"{result.seconds:.2f} s，每页 {1000 * per_page[size]:.1f} ms，"
                    f"峰值 {result.peak_mb:.0f} MB",
                )
            )
        if 100 in per_page and 1000 in per_page:
            rows.append(
                ("每页成本 1000 ÷ 100（目标 ≤ 1.5×）", f"{per_page[1000] / per_page[100]:.2f}×")
            )
        page = weight(handbook / "site", handbook / "site/templates/initial-internal/index.html")
        seed_site = plain_material(work / "seed-page", 1, whole_seed=True)
        build(seed_site, 1)
        base = weight(seed_site / "site", seed_site / "site/index.html")
        rows += [
            ("模板页首屏（HTML + CSS）", describe(page)),
            ("纯 Material 种子页（HTML + CSS）", describe(base)),
            ("首屏 gzip 比（目标 ≤ 1.2×）", f"{page.gz / base.gz:.2f}×"),
        ]
    width = max(len(k) for k, _ in rows) + 2
    print(
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}；"
        f"中位数，每项 {args.runs} 次"
    )
    for key, value in rows:
        print(f"{key:<{width}}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
