"""Defence in depth: a hostile value that got past the escaping can load and run nothing.

A copy of a built template page gets markup planted into its article, as if a
value had escaped the escaping: an inline script, an event handler, an
off-origin image and a script from another origin. The page's
Content-Security-Policy must block all of them, served and from file://.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import LAPTOP, serve

PLANTED = (
    "<script>window.__pwned = 1</script>"
    '<img src="https://evil.example/pixel.gif" onerror="window.__pwned = 2">'
    '<script src="https://evil.example/x.js"></script>'
    '<div style="background:url(https://evil.example/bg.png)">styled</div>'
)


@pytest.fixture(scope="module")
def planted_site(built_site: Path, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(built_site, site)
    page = site / "templates" / "initial-internal" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "</article>" in html
    page.write_text(html.replace("</article>", PLANTED + "</article>", 1), encoding="utf-8")
    return site


@pytest.mark.parametrize("where", ["served", "file"])
def test_planted_markup_runs_and_loads_nothing(browser, planted_site, where):
    if where == "served":
        origin, server = serve(planted_site)
        url = f"{origin}/templates/initial-internal/"
    else:
        server = None
        url = (planted_site / "templates" / "initial-internal" / "index.html").as_uri()
    context = browser.new_context(viewport=LAPTOP)
    finished: list[str] = []
    blocked: list[str] = []
    context.on("requestfinished", lambda r: finished.append(r.url))
    context.on("requestfailed", lambda r: blocked.append(f"{r.url} {r.failure}"))
    page = context.new_page()
    page.add_init_script(
        "window.__violations = []; window.__imgErrors = 0;"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        # Capturing: runs in the same dispatch as, and before, the image's own onerror.
        "document.addEventListener('error',"
        " e => { if (e.target.tagName === 'IMG') window.__imgErrors += 1; }, true);"
    )
    page.goto(url)
    try:
        # Everything planted has had its turn (instead of a fixed 300 ms): the image's error
        # event went out (so its onerror ran or was refused), the page reported both
        # off-origin URLs refused (a policy that let one through never gets past this wait),
        # and the browser has ended both requests.
        page.wait_for_function(
            """() => window.__imgErrors > 0 && ["pixel.gif", "x.js"].every(
                 f => window.__violations.some(v => v.includes("evil.example/" + f)))"""
        )
        for _ in range(100):
            ended = finished + blocked
            if all(any(f"evil.example/{f}" in u for u in ended) for f in ("pixel.gif", "x.js")):
                break
            page.wait_for_timeout(20)
        assert page.evaluate("window.__pwned") is None
        assert [u for u in finished if "evil.example" in u] == []
        evil = [b for b in blocked if "evil.example" in b]
        assert evil and all("csp" in b.lower() for b in evil), evil
        violations = page.evaluate("window.__violations")
        assert any(v.startswith("script-src") and "inline" in v for v in violations), violations
        assert any("evil.example" in v for v in violations), violations
        # The page itself still works: Material's own scripts ran.
        assert page.evaluate("typeof __md_get") == "function"
    finally:
        context.close()
        if server:
            server.shutdown()


def test_every_page_carries_the_policy(built_site):
    from ..support.htmlscan import scan

    missing = []
    for path in built_site.rglob("*.html"):
        metas = scan(path).metas
        policy = next(
            (
                m.get("content", "")
                for m in metas
                if m.get("http-equiv") == "Content-Security-Policy"
            ),
            "",
        )
        if "script-src 'self'" not in policy or "unsafe-inline" in policy:
            missing.append(str(path.relative_to(built_site)))
    assert missing == []
