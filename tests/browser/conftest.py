"""Shared browser fixtures: Debian's Chromium through Playwright, and the built site served."""

from __future__ import annotations

import base64
import functools
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from macros.commands.offline import build_offline

from ..conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = ROOT / "test-artifacts" / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `directory` on a free loopback port; returns its origin and the server."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def origin(built_site: Path) -> Iterator[str]:
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: sudo apt-get install -y chromium fonts-noto-cjk")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline`'s zip, unpacked: opened from file:// with .html URLs."""
    out = tmp_path_factory.mktemp("dist") / "handbook-offline.zip"
    assert build_offline(ROOT / "mkdocs.yml", out) == 0
    unpacked = tmp_path_factory.mktemp("unzipped")
    zipfile.ZipFile(out).extractall(unpacked)
    return unpacked / "handbook"


# page.wait_for_function takes a function ("() => …", "q => …"), never a bare expression: an
# expression is eval()'d again on every poll, which the pages' Content-Security-Policy (no
# 'unsafe-eval') refuses with an EvalError, so the wait fails whenever its condition is not
# already true at the first check: only when the machine is slow.


# Visible as Playwright's is_visible() has it, for many elements in one evaluate: rendered
# (checkVisibility), visibility "visible" and a box of some width and height. In a script:
# `const SHOWN = ${SHOWN};` then SHOWN(element).
SHOWN = """e => {
  const style = getComputedStyle(e);
  if (style.display === "contents") return [...e.children].some(SHOWN);
  if (!e.checkVisibility() || style.visibility !== "visible") return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}"""


class Tabs:
    """One page with JavaScript and one without, opened on first use and reused: for tests
    that only read pages (a page.goto() per test), so each does not pay for a new context.
    The page is sized to the viewport asked for; a test may resize it and leave it so."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: dict[bool, BrowserContext] = {}

    def __call__(self, *, js: bool, viewport: dict[str, int]) -> Page:
        """The page with or without JavaScript, at `viewport`."""
        if js not in self.contexts:
            context = self.browser.new_context(java_script_enabled=js, viewport=viewport)
            context.new_page()
            self.contexts[js] = context
        page = self.contexts[js].pages[0]
        if page.viewport_size != viewport:
            page.set_viewport_size(viewport)
        return page

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def tabs(browser: Browser) -> Iterator[Tabs]:
    opened = Tabs(browser)
    yield opened
    opened.close()


# axe-core, as axe_playwright_python's Axe().run(page) runs it: its script, its options.
AXE_SCRIPT = Axe().axe_script


def axe_violations(page: Page) -> list[dict]:
    """axe's violations on the page as it is now. The 500 KB script is evaluated only when the
    page does not hold it yet (a context can preload it with add_init_script(AXE_SCRIPT))."""
    if not page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(options)", DEFAULT_OPTIONS)["violations"]


def serious(violations: list[dict]) -> list[tuple]:
    """The serious and critical ones: rule, impact and the first three targets."""
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for people to look at, in test-artifacts/screenshots/.

    A full page is captured over CDP with optimizeForSpeed: the same PNG as Playwright's
    full_page screenshot (the whole document at its CSS size, after the fonts loaded), in
    about half the time (Playwright's compresses harder: ~0.6 s for a long page)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if not full_page:
        page.screenshot(path=str(path))
        return
    page.evaluate("() => document.fonts.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    try:
        size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        png = cdp.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "clip": clip,
                "captureBeyondViewport": True,
                "optimizeForSpeed": True,
            },
        )
    finally:
        cdp.detach()
    path.write_bytes(base64.b64decode(png["data"]))


# A payment outage at 09:12 (the seed's example is a login outage at 14:32): every value a
# template asks for. Lists are typed one item per line.
PAYMENT: dict[str, str | list[str]] = {
    "severity": "P1",
    "incident_id": "2026-1126",
    "incident_date": "2026-11-26",
    "start_time": "09:12",
    "service": "支付服务",
    "impact": "约三成用户支付失败",
    "user_symptom": "部分用户在支付时遇到失败",
    "ic_name": "李四",
    "ic_role": "支付平台负责人",
    "oncall_names": ["王五", "赵六"],
    "escalation_recipients": "CTO、支付业务 VP",
    "update_time": "09:41",
    "eta_minutes": "20",
    "affected_features": ["订单支付", "余额充值"],
    "working_features": ["浏览商品", "加入购物车"],
    "affected_users": "12 万",
    "affected_share": "约三成",
    "regions": "全国",
    "partner_api": "支付回调 API",
    "affected_endpoints": ["POST /api/v2/pay", "POST /api/v2/refund"],
    "root_cause": "支付网关证书过期",
    "fix_plan": "切换到备用支付通道",
    "fix_action": "切换",
    "progress_percent": "40",
    "in_progress": ["观察切换后的成功率"],
    "next_steps": ["09:50 完成切换", "10:00 复查"],
    "progress_summary": "我们已找到问题原因，正在切换到备用支付通道。",
    "partial_recovery": "部分用户已可以正常支付",
    "retry_action": "支付",
    "impact_public": "部分用户无法完成支付",
    "hashtags": "#支付服务#",
    "end_time": "10:02",
    "impact_summary": "约三成用户无法完成支付",
    "resolution_steps": ["切换到备用支付通道", "更新支付网关证书"],
    "verification_results": ["支付成功率恢复到 99.9%"],
    "rca_due": "11月28日",
    "prevention_due": "12月3日",
    "cause_summary": "支付网关的证书过期，网关拒绝了部分支付请求。",
    "technical_details": ["证书自动续期任务失败且没有告警"],
    "resolution_timeline": ["09:12 告警", "09:41 切换到备用通道", "10:02 恢复"],
    "prevention_measures": ["为证书到期加告警", "每季度演练通道切换"],
}
