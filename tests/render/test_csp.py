"""The redirect pages mkdocs-redirects writes get the site's Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

from mkdocs_redirects.plugin import HTML_TEMPLATE

from macros.render.csp import protect_redirect_pages

POLICY = "default-src 'self'; script-src 'self'"


def test_a_redirect_page_gets_the_policy_with_its_script_hash_and_theme_pages_are_left_alone(
    tmp_path: Path,
):
    redirect = tmp_path / "templates" / "old" / "index.html"
    redirect.parent.mkdir(parents=True)
    redirect.write_text(HTML_TEMPLATE.format(url="../new/"), encoding="utf-8")
    # A theme page is long; one that merely mentions the redirect title is not touched.
    theme = tmp_path / "index.html"
    theme_text = "<title>Redirecting...</title><script>x()</script>" + "<p>正文</p>" * 2000
    theme.write_text(theme_text, encoding="utf-8")

    assert protect_redirect_pages(tmp_path, POLICY) == 1
    text = redirect.read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in text
    assert "sha256-" in text
    assert theme.read_text(encoding="utf-8") == theme_text
    # Idempotent: a second run changes nothing.
    assert protect_redirect_pages(tmp_path, POLICY) == 0
