"""`make bench`: build cost, scaling, page weight, edit-to-visible and search size, with baselines.

A script that prints figures, not a test. Every build figure is the median of
RUNS strict builds, the handbook's and its plain-Material baseline's taken in
turn (interleaved), after one warm-up build that fills jieba's cache. Every
ratio is against a baseline measured in the same run, on the same machine.

    python -m tests.bench.bench [--runs 5] [--edits 3] [--lighthouse PATH]

The plain-Material baseline: the seed document cut into plain pages at its
headings, the handbook's theme settings, Material's search on, no macros,
the same number of pages and the same 24 pages in the nav.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.support.projectcopy import ROOT, copy_project

SEED = ROOT / "tests" / "fixtures" / "seed.md"
NAV_PAGES = 24
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

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


def build_once(project: Path) -> tuple[float, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(project / "site")],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1]) / 1024


def interleaved(projects: list[Path], runs: int) -> list[Build]:
    """Median time and peak memory of `runs` builds of each project, taken in turn."""
    times: list[list[float]] = [[] for _ in projects]
    peaks: list[list[float]] = [[] for _ in projects]
    for _ in range(runs):
        for i, project in enumerate(projects):
            seconds, peak = build_once(project)
            times[i].append(seconds)
            peaks[i].append(peak)
    return [
        Build(
            statistics.median(t),
            statistics.median(p),
            sum(1 for _ in (project / "site").rglob("index.html")),
        )
        for project, t, p in zip(projects, times, peaks, strict=True)
    ]


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


def plain_material(
    dest: Path, pages: int, *, whole_seed: bool = False, search: bool = True
) -> Path:
    """Plain Material with the handbook's theme settings and search (Material's, with jieba
    when it is installed, as here), no macros, `pages` seed pages of which the first 24 are
    in the nav (or the whole seed as one page). `search=False`: the search plugin off."""
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
        if n < NAV_PAGES:
            nav.append({f"{title} {n}": name})
    search_config = dict(config["plugins"][0]["search"], enabled=search)
    plain = {
        "site_name": config["site_name"],
        "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
        "plugins": [{"search": search_config}],
        "markdown_extensions": [
            {"toc": {"permalink": True}} if isinstance(e, dict) and "toc" in e else e
            for e in config["markdown_extensions"]
            if not (isinstance(e, dict) and "pymdownx.tabbed" in e)
        ]
        + [{"pymdownx.tabbed": {"alternate_style": True}}],
        "nav": nav,
        "not_in_nav": "/page-*.md",
    }
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
                f'  format: 文本\n  example: "示例{n}"\n  group: happened\n'
            )
    with (project / "docs" / "_data" / "variables.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(catalog))


def handbook_with(work: Path, templates: int) -> Path:
    project = copy_project(work / f"handbook-{templates}")
    if templates > 12:
        add_templates(project, templates - 12)
    return project


# -- page weight ----------------------------------------------------------------
def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@dataclass
class Weight:
    off: int  # bytes with JavaScript off: the HTML and its stylesheets
    on: int  # with JavaScript on: plus the scripts the page loads before anything is opened
    off_gz: int
    on_gz: int


def weight(page: Path) -> Weight:
    html = page.read_bytes()
    text = html.decode("utf-8")
    css = [
        (page.parent / h).resolve().read_bytes()
        for h in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    ]
    js = [
        (page.parent / s).resolve().read_bytes() for s in re.findall(r'<script src="([^"]+)"', text)
    ]
    off = [html, *css]
    return Weight(
        off=sum(map(len, off)),
        on=sum(map(len, off + js)),
        off_gz=sum(map(gz, off)),
        on_gz=sum(map(gz, off + js)),
    )


# The workspace's scripts (mkdocs.yml extra_javascript) and the shared data file.
WORKSPACE_SCRIPTS = (
    "handbook-data.js",
    *(f"workspace/{p.name}" for p in (ROOT / "docs/assets/javascripts/workspace").glob("*.js")),
)


def workspace_gz(page: Path) -> int:
    """What the workspace adds to a page: its scripts and the page's data, gzipped."""
    text = page.read_text(encoding="utf-8")
    scripts = [
        (page.parent / src).resolve().read_bytes()
        for src in re.findall(r'<script src="([^"]+)"', text)
        if src.endswith(WORKSPACE_SCRIPTS)
    ]
    data = re.search(r'<script type="application/json" id="hb-template-data">(.*?)</script>', text)
    return sum(map(gz, scripts)) + (gz(data.group(1).encode("utf-8")) if data else 0)


def describe(w: Weight) -> str:
    return f"关 JS {w.off:,} B（gzip {w.off_gz:,}），开 JS {w.on:,} B（gzip {w.on_gz:,}）"


def index_size(site: Path) -> str:
    for name in ("search/index.js", "search/search_index.json"):
        path = site / name
        if path.exists():
            data = path.read_bytes()
            return f"{name} {len(data):,} B（gzip {gz(data):,} B）"
    return "无"


# -- edit-to-visible during `make serve` ------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def edit_to_visible(project: Path, edits: int) -> list[float]:
    """Seconds from saving a template's new title until its page, the home timeline, the
    overview and the variable catalog all show it, under `mkdocs serve --dirty` (make serve)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    page = project / "docs" / "templates" / "gen-0500.md"
    watched = ["templates/gen-0500/", "", "templates/", "variables/"]
    seconds = []
    try:
        start = time.perf_counter()
        while "生成模板 0500" not in fetch(base + "templates/"):
            if time.perf_counter() - start > 600 or server.poll() is not None:
                sys.exit(f"mkdocs serve did not start; see {project / 'serve.log'}")
            time.sleep(0.5)
        time.sleep(2)
        for n in range(edits):
            title = f"改过的标题{n}"
            text = re.sub(
                r"title: 生成模板 0500 · .*", f"title: 生成模板 0500 · {title}", page.read_text()
            )
            start = time.perf_counter()
            page.write_text(text, encoding="utf-8")
            pending = set(watched)
            while pending and time.perf_counter() - start < 300:
                pending = {url for url in pending if title not in fetch(base + url)}
                time.sleep(0.05)
            if pending:
                sys.exit(f"after 300 s still not shown on {sorted(pending)}")
            seconds.append(time.perf_counter() - start)
            time.sleep(2)
    finally:
        server.terminate()
        server.wait()
        log.close()
    return seconds


# -- Lighthouse (optional: needs the lighthouse npm package and chromium) ---------
class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses, as the web server a handbook is published on does."""

    def log_message(self, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        data = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def lighthouse(binary: str, site: Path, page: str) -> str:
    port = free_port()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Gzip, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run"
    )
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                binary,
                f"http://127.0.0.1:{port}/{page}",
                "--preset=desktop",
                "--only-categories=performance,accessibility",
                f"--chrome-flags={flags}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            env={**ENV, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
            check=True,
            timeout=300,
        )
        result = json.loads(report.read_text(encoding="utf-8"))
    server.shutdown()
    scores = {k: round(100 * c["score"]) for k, c in result["categories"].items()}
    lcp = result["audits"]["largest-contentful-paint"]["displayValue"]
    return f"性能 {scores['performance']}，无障碍 {scores['accessibility']}（LCP {lcp}）"


# -- the report -------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--lighthouse", help="lighthouse 可执行文件（可选）")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, mid, large = (handbook_with(work, n) for n in (12, 100, 1000))
        build_once(small)  # warm-up: fills jieba's dictionary cache
        ours, plain, bare = interleaved(
            [
                small,
                plain_material(work / "plain-24", 24),
                plain_material(work / "bare-24", 24, search=False),
            ],
            args.runs,
        )
        ours_mid = interleaved([mid], args.runs)[0]
        ours_large, plain_large, bare_large = interleaved(
            [
                large,
                plain_material(work / "plain-1012", 1012),
                plain_material(work / "bare-1012", 1012, search=False),
            ],
            args.runs,
        )
        per_page = {
            100: ours_mid.seconds / ours_mid.pages,
            1000: ours_large.seconds / ours_large.pages,
        }
        rows += [
            (
                f"手册严格构建，12 个模板（{ours.pages} 页）",
                f"{ours.seconds:.2f} s，峰值 {ours.peak_mb:.0f} MB",
            ),
            (
                f"纯 Material（{plain.pages} 页）",
                f"{plain.seconds:.2f} s，峰值 {plain.peak_mb:.0f} MB",
            ),
            ("  比（目标 ≤ 1.3×）", f"{ours.seconds / plain.seconds:.2f}×"),
            (f"纯 Material，搜索关（{bare.pages} 页）", f"{bare.seconds:.2f} s"),
            ("  比", f"{ours.seconds / bare.seconds:.2f}×"),
            (
                f"手册，1000 个模板（{ours_large.pages} 页）",
                f"{ours_large.seconds:.2f} s，峰值 {ours_large.peak_mb:.0f} MB",
            ),
            (
                f"纯 Material（{plain_large.pages} 页，导航同为 {NAV_PAGES} 页）",
                f"{plain_large.seconds:.2f} s，峰值 {plain_large.peak_mb:.0f} MB",
            ),
            ("  比（目标 ≤ 3×）", f"{ours_large.seconds / plain_large.seconds:.2f}×"),
            (f"纯 Material，搜索关（{bare_large.pages} 页）", f"{bare_large.seconds:.2f} s"),
            ("  比", f"{ours_large.seconds / bare_large.seconds:.2f}×"),
            (
                f"每页成本：100 个模板（{ours_mid.pages} 页）",
                f"{1000 * per_page[100]:.1f} ms（构建 {ours_mid.seconds:.2f} s）",
            ),
            ("每页成本：1000 个模板", f"{1000 * per_page[1000]:.1f} ms"),
            ("  1000 ÷ 100（目标 ≤ 1.2×）", f"{per_page[1000] / per_page[100]:.2f}×"),
        ]
        page = "templates/initial-internal/index.html"
        w_small, w_large = weight(small / "site" / page), weight(large / "site" / page)
        seed_site = plain_material(work / "seed-page", 1, whole_seed=True)
        build_once(seed_site)
        seed_page = weight(seed_site / "site" / "index.html")
        rows += [
            ("模板页一次浏览的字节：12 个模板", describe(w_small)),
            ("模板页一次浏览的字节：1000 个模板", describe(w_large)),
            (
                "  1000 ÷ 12，开 JS（目标 ≤ 1.5×）",
                f"{w_large.on / w_small.on:.2f}×（gzip {w_large.on_gz / w_small.on_gz:.2f}×）",
            ),
            (
                "  1000 ÷ 12，关 JS",
                f"{w_large.off / w_small.off:.2f}×（gzip {w_large.off_gz / w_small.off_gz:.2f}×）",
            ),
            ("纯 Material 的整份种子文档页（对照）", describe(seed_page)),
            (
                "  模板页 ÷ 纯 Material 页，关 JS（目标 ≤ 1.2×）",
                f"{w_small.off / seed_page.off:.2f}×"
                f"（gzip {w_small.off_gz / seed_page.off_gz:.2f}×）",
            ),
            (
                "  工作台脚本给模板页增加的 gzip（目标 ≤ 30 KB）",
                f"{workspace_gz(small / 'site' / page):,} B",
            ),
            ("搜索索引（打开搜索时才下载）：12 个模板", index_size(small / "site")),
            ("搜索索引：1000 个模板", index_size(large / "site")),
            ("纯 Material 的搜索索引（每页都下载）：1012 页", index_size(work / "plain-1012/site")),
        ]
        if args.lighthouse:
            rows.append(
                (
                    "Lighthouse 桌面，模板页，1000 个模板",
                    lighthouse(args.lighthouse, large / "site", "templates/gen-0500/"),
                )
            )
        seconds = edit_to_visible(large, args.edits)
        rows.append(
            (
                "make serve 改一个模板标题到页面、首页、总览、变量目录都显示（目标 ≤ 3 s）",
                f"中位数 {statistics.median(seconds):.2f} s（{args.edits} 次："
                + "、".join(f"{s:.2f}" for s in seconds)
                + "）",
            )
        )
    load_after = os.getloadavg()
    print(
        f"机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}；"
        f"构建为 {args.runs} 次的中位数，交替运行；"
        f"负载 {load_before[0]:.2f} → {load_after[0]:.2f}（1 分钟平均）；"
        f"共 {time.perf_counter() - started:.0f} s"
    )
    width = max(len(k) for k, _ in rows) + 2
    for key, value in rows:
        print(f"{key:<{width}}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
