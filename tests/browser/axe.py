"""axe-core in the browser tests: the engine ships inside the axe-playwright-python package
(requirements-dev.txt, installed by scripts/bootstrap.sh test), nothing is fetched at run time.

It is injected with ``page.evaluate``, which Playwright runs through the DevTools protocol: the
page's Content-Security-Policy (no inline script, no eval) neither blocks it nor is loosened for
it, so the same run still reports the page's own CSP violations (tests/browser/conftest.py).
"""

from functools import cache
from pathlib import Path

BLOCKING = {"serious", "critical"}


@cache
def _engine():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def violations(page):
    """axe's serious and critical violations on the page as it is now, one readable line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_engine())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {item['id']} ({item['impact']}) {item['help']} — "
        + ", ".join(" ".join(node["target"]) for node in item["nodes"][:5])
        for item in result["violations"]
        if item["impact"] in BLOCKING
    ]
