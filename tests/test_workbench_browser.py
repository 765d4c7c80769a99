"""The workbench in headless Chromium: no page scrolls sideways, copy buttons show on keyboard focus, axe passes."""

from __future__ import annotations

import pytest

from .browser import serve, site_page
from .test_quality import axe_violations
from .test_workbench import built  # noqa: F401  (the small site, built once for this module)

pytestmark = pytest.mark.browser

#: One page of every type the small site has.
PAGE_TYPES = ["index.html", "papers/a2024x.html", "heads/test-head.html", "explore.html", "charts.html", "atlas.html",
              "atlas/gpt-2-small.html", "authors.html", "authors/letter/d.html", "authors/jane-doe.html",
              "whats-new.html", "data.html"]
WIDTHS = (1400, 390)

#: Elements of the article that reach past the text column without a scrolling box around them.
OVERFLOW = """() => {
  const doc = document.documentElement;
  const out = [];
  if (doc.scrollWidth > doc.clientWidth) out.push('page scrolls sideways by ' + (doc.scrollWidth - doc.clientWidth) + 'px');
  const article = document.querySelector('article');
  const column = document.querySelector('.content') || article;  // the theme's text column, left of the contents
  const edge = Math.min(column.getBoundingClientRect().right, doc.clientWidth) + 1;
  for (const el of article.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= edge) continue;
    let up = el.parentElement, held = false;
    while (up && up !== article.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== 'visible' && up.getBoundingClientRect().right <= edge) { held = true; break; }
      up = up.parentElement;
    }
    if (!held) out.push(el.tagName.toLowerCase() + '.' + el.className + ' ends at ' + Math.round(box.right) + ' > ' + Math.round(edge));
  }
  return out.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def browser(built, chromium_browser):  # noqa: F811
    with site_page(built, chromium_browser) as opened:
        yield opened


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_type_overflows_sideways(browser, width):
    base, page, errors = browser
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name in PAGE_TYPES:
        page.goto(f"{base}/{name}")
        problems = page.evaluate(OVERFLOW)
        if problems:
            found[name] = problems
    assert found == {}
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_real_charts_page_does_not_overflow(site, browser, width):
    """In the module's browser (Playwright's sync API allows one at a time), a second page."""
    errors: list[str] = []
    with serve(site.out) as base:
        page = browser[1].context.browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/charts.html")
        assert page.evaluate(OVERFLOW) == []
        page.close()
    assert errors == []


def test_copy_button_shows_on_keyboard_focus(browser):
    base, page, _ = browser
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{base}/papers/a2024x.html")
    button = page.locator("#hs-cite button.copybtn")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "0"  # hidden until hover or focus
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('copybtn')"):
            break
    else:
        pytest.fail("the copy button is not reachable with the Tab key")
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
    assert button.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_new_pages_pass_axe(browser, scheme):
    base, page, _ = browser
    page.set_viewport_size({"width": 1400, "height": 900})
    found = {}
    for name in ("index.html", "papers/a2024x.html", "heads/test-head.html", "charts.html", "authors.html",
                 "authors/letter/d.html", "authors/jane-doe.html", "whats-new.html", "atlas/gpt-2-small.html"):
        violations = axe_violations(page, f"{base}/{name}", scheme)
        if violations:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}
