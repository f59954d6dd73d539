"""The HTML report in a real browser: headless Debian Chromium driven by Playwright.

`make test` installs Chromium first when it can (`make browser`); where it is absent these tests skip and
say why. Screenshots land in test-artifacts/ (gitignored) for a human to look at."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import PDNC, REPO, need
from story_fixture import analysed, fixture_analysis

from personae.export.html import network_nodes, render_html

# Debian's package path; PERSONAE_CHROMIUM points elsewhere (or at nothing, to see the skip).
CHROMIUM = Path(os.environ.get("PERSONAE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip(f"browser tests skipped: {CHROMIUM} not found (install Debian's chromium: `make browser` as root)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: the playwright package is not installed (make setup)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A report opened in a fresh page that records every request and every script error."""

    def __init__(self, browser, html: str, path: Path, width: int = 1280, height: int = 900):
        path.write_text(html, encoding="utf-8")
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # A script or style the page's Content-Security-Policy refuses is an error too.
        self.page.on("console", lambda m: self.errors.append(m.text) if "Content Security Policy" in m.text else None)
        # Anything but the report itself is refused, so a stray request fails loudly instead of hanging.
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-network=rendered]", timeout=20_000)
        self.page.wait_for_selector("html[data-ready]", timeout=20_000)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def close(self):
        assert self.errors == [], self.errors
        assert self.requests == [self.url], f"requests left the page: {self.requests}"
        self.page.close()


@pytest.fixture
def story_page(browser, tmp_path):
    a = fixture_analysis()
    p = Page(browser, render_html(a), tmp_path / "story.html")
    yield a, p
    p.close()


def test_network_renders_every_node(story_page):
    a, p = story_page
    assert p.js("window.personae.cy.nodes().length") == len(network_nodes(a)) == 4
    assert sorted(p.js("window.personae.cy.nodes().map(n => n.data('label'))")) == ["Anna", "Ben", "Clara", "Dora"]
    # Nodes are drawn where the layout put them, inside the canvas, not piled on one point.
    pos = p.js("window.personae.cy.nodes().map(n => [n.renderedPosition('x'), n.renderedPosition('y')])")
    assert len({(round(x), round(y)) for x, y in pos}) == 4
    # Nodes are sized by prominence: the order of their drawn widths is the order of prominence.
    from personae.export.view import View

    v = View(a)
    widths = p.js("Object.fromEntries(window.personae.cy.nodes().map(n => [n.id(), n.renderedWidth()]))")
    prom = {c.id: v.prominence(c) for c in a.characters}
    assert sorted(widths, key=widths.get) == sorted(prom, key=prom.get) and len(set(prom.values())) == 4
    # The romantic pair is coloured as romantic; Ben and Clara only talk.
    colours = p.js("Object.fromEntries(window.personae.cy.edges().map(e => [[e.source().id(), e.target().id()].sort().join('-'), e.data('color')]))")
    assert colours["anna-ben"] != colours["ben-clara"]


def test_clicking_a_character_highlights_their_quotes(story_page):
    a, p = story_page
    p.page.click("button.who[data-char='anna']")
    # Chapter 1 is open: Anna speaks Q0 (two pieces) and Q3 there.
    hl = p.js("[...document.querySelectorAll('#reader .q.hl')].map(q => q.dataset.q)")
    assert hl == ["Q0", "Q0", "Q3"]
    assert p.js("[...document.querySelectorAll('#reader .q.hl-to')].map(q => q.dataset.q)") == ["Q1", "Q2"]
    assert p.page.locator("#selection").is_visible()
    # Counts are of quotes, not of their pieces: Q0 is one line in two parts.
    assert "2 in this chapter" in p.page.inner_text("#selection-text")
    assert "2 by Anna" in p.js("document.querySelector('#chapter-select').options[0].textContent")
    assert p.js("window.personae.cy.getElementById('anna').hasClass('sel')")
    # Moving to chapter 2 keeps the highlight on Anna's lines there (none) and on lines said to her.
    p.page.select_option("#chapter-select", "1")
    assert p.js("document.querySelectorAll('#reader .q.hl').length") == 0
    assert p.js("[...document.querySelectorAll('#reader .q.hl-to')].map(q => q.dataset.q)") == ["Q6", "Q6"]
    # Clicking again clears it.
    p.page.click("button.who[data-char='anna']")
    assert p.js("document.querySelectorAll('.q.hl, .q.hl-to').length") == 0


def test_keyboard_reaches_controls(story_page):
    a, p = story_page
    p.page.focus("button.who[data-char='ben']")
    p.page.keyboard.press("Enter")
    assert p.js("window.personae.selected") == "ben"
    p.page.focus("#chapter-slider")
    p.page.keyboard.press("Home")
    assert p.js("window.personae.chapter") == 0


def test_chapter_slider_changes_the_graph(story_page):
    a, p = story_page
    visible = "window.personae.cy.nodes().filter(n => n.style('display') !== 'none').map(n => n.id()).sort()"
    widths = "window.personae.cy.edges().map(e => e.data('width')).join(',')"
    whole, whole_w = p.js(visible), p.js(widths)
    assert whole == ["anna", "ben", "clara", "dora"]
    p.page.fill("#chapter-slider", "1")  # as of chapter 1
    assert p.js("window.personae.chapter") == 0
    assert "1. The Letter" in p.page.inner_text("#slider-value")
    assert p.js(visible) == ["anna", "ben", "clara"]  # Dora first appears in chapter 2
    assert p.js(widths) != whole_w  # fewer quotes so far: thinner edges
    p.page.fill("#chapter-slider", "2")
    assert p.js("window.personae.chapter") == 1
    assert p.js(visible) == whole
    # Everyone but Dora is in chapter 2 too; nobody is faded there except who is absent.
    assert p.js("window.personae.cy.nodes('.quiet').map(n => n.id())") == []


def test_chapter_slider_state_of_relationship(story_page):
    a, p = story_page
    p.page.fill("#chapter-slider", "1")
    hover = "void window.personae.cy.edges().filter(e => e.data('rel') === 1 && e.connectedNodes('#ben').length)[0].emit('mouseover')"
    p.js(hover)
    first = p.page.inner_text("#net-info")
    p.page.fill("#chapter-slider", "2")
    p.js(hover)
    second = p.page.inner_text("#net-info")
    assert "apart" in first and "reconciled" in second
    assert "Ben stood at the gate." in second  # the evidence is shown on hover


def test_hover_names_speaker_and_addressees(story_page):
    a, p = story_page
    # Each quote is underlined in its speaker's colour (the cast's colour for that character).
    colours = p.js("Object.fromEntries(window.personae.data.characters.map(c => [c.id, c.color]))")
    rgb = lambda h: f"rgb({int(h[1:3], 16)}, {int(h[3:5], 16)}, {int(h[5:7], 16)})"  # noqa: E731
    underline = "q => getComputedStyle(document.querySelector(`#reader .q[data-q=${q}]`)).borderBottomColor"
    for qid, who in (("Q0", "anna"), ("Q1", "clara"), ("Q2", "ben")):
        assert p.js(f"({underline})('{qid}')") == rgb(colours[who]), qid
    p.page.hover("#reader .q[data-q='Q2']")
    tip = p.page.inner_text("#tip")
    assert "Ben" in tip and "Anna" in tip and "Clara" in tip


def open_scene(p: Page, chapter: int, scene: int) -> None:
    """Open a scene from the scene list and check, once the (smooth) scroll has stopped, that its break
    is in view and not under the sticky bars: just below them, or lower when the page can scroll no further."""
    p.page.select_option("#chapter-select", str(chapter))
    p.page.select_option("#scene-select", str(scene))
    last, still = None, 0
    for _ in range(100):
        p.page.wait_for_timeout(50)
        y = p.js("scrollY")
        still = still + 1 if y == last else 0
        last = y
        if still >= 4:
            break
    hr, bar, at_end, height = p.js(
        f"""[document.getElementById('ch{chapter}-s{scene}').getBoundingClientRect().toJSON(),
             document.querySelector('.reader-controls').getBoundingClientRect().bottom,
             scrollY >= document.documentElement.scrollHeight - innerHeight - 1, innerHeight]"""
    )
    assert bar - 1 <= hr["top"] and hr["bottom"] <= height, (hr, bar)
    assert at_end or hr["top"] < bar + 40, (hr, bar)


def test_timelines_arcs_and_scene_navigation(story_page):
    a, p = story_page
    # One timeline per relation, one cell per chapter, the states in order.
    assert p.js("document.querySelectorAll('#timelines .tl-strip').length") == len(a.relations) == 2
    assert p.js("[...document.querySelectorAll('#timelines .tl-strip')].map(s => s.children.length)") == [2, 2]
    states = p.page.inner_text("#timelines")
    assert "apart" in states and "reconciled" in states and states.index("apart") < states.index("reconciled")
    # The arcs: one chart of the story and each character with a series, per chapter.
    assert p.js("document.querySelectorAll('#arc-chart canvas').length") == 1
    labels = p.js("[...document.querySelectorAll('#arc-chart .u-series .u-label')].map(l => l.textContent)")
    assert labels[1] == "Story" and sorted(labels[2:]) == ["Anna", "Ben", "Clara"]
    # Chapter 1 has two scenes: choosing the second brings its break into view, below the sticky bars.
    assert p.js("[...document.querySelectorAll('#scene-select option')].map(o => o.textContent)") == ["Scene 1", "Scene 2"]
    open_scene(p, 0, 1)
    # Chapter 2 has one scene: nothing to choose.
    p.page.select_option("#chapter-select", "1")
    assert p.js("document.getElementById('scene-select').disabled")


def test_phone_width_has_no_horizontal_scroll(browser, tmp_path):
    p = Page(browser, render_html(fixture_analysis()), tmp_path / "phone.html", width=390, height=800)
    assert p.js("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report-fixture-phone.png"), full_page=True)
    p.close()


def test_screenshot_fanfic_report(browser, tmp_path, fanfic_path):
    a = analysed(fanfic_path)
    p = Page(browser, render_html(a), tmp_path / "fanfic.html")
    assert p.js("window.personae.cy ? window.personae.cy.nodes().length : 0") == len(network_nodes(a))
    assert p.js("document.querySelectorAll('#reader p').length") > 0
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report-fanfic.png"), full_page=False)
    p.js("document.getElementById('text').scrollIntoView({behavior: 'instant'})")  # the page scrolls smoothly
    p.page.screenshot(path=str(ARTIFACTS / "report-fanfic-text.png"))
    # A scene of the longest chapter, opened from the scene list, starts in view below the sticky bars.
    ch = max(range(len(a.structure.chapters)), key=lambda i: len(a.structure.chapters[i].scenes))
    open_scene(p, ch, 2)
    p.page.screenshot(path=str(ARTIFACTS / "report-fanfic-scene.png"))
    p.page.locator("#network").screenshot(path=str(ARTIFACTS / "report-fanfic-network.png"))
    p.page.locator("#arcs").screenshot(path=str(ARTIFACTS / "report-fanfic-arcs.png"))
    p.close()


def test_screenshot_pdnc_novel_report(browser, tmp_path):
    need(PDNC / "Emma")
    sys.path.insert(0, str(REPO / "benchmarks"))
    from pdnc_analysis import pdnc_analysis

    a = pdnc_analysis("Emma")
    p = Page(browser, render_html(a), tmp_path / "emma.html")
    assert p.js("window.personae.cy.nodes().length") == len(network_nodes(a))
    print(f"Emma ({a.words():,} words): network rendered {p.js('window.personae.timings.network'):.0f} ms after script start")
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report-emma.png"), full_page=False)
    p.page.locator("#network").screenshot(path=str(ARTIFACTS / "report-emma-network.png"))
    p.page.locator("#relationships").screenshot(path=str(ARTIFACTS / "report-emma-relationships.png"))
    p.close()


def test_empty_analysis_page_has_no_errors(browser, tmp_path):
    import hashlib

    from personae.document import Document, Source
    from personae.model import Analysis, Structure

    a = Analysis(Document("", Source(None, "string", hashlib.sha256(b"").hexdigest(), {})), Structure((), (), ()))
    p = Page(browser, render_html(a), tmp_path / "empty.html")
    assert "No characters" in p.page.inner_text("#network")
    p.close()  # no script error, no request


def test_hostile_strings_stay_text_and_the_scripts_run_under_the_csp(browser, tmp_path):
    """"<!--<script>" in a chapter title, the work's title, a name and evidence: the page still renders
    every cast row and shows those strings as text, its scripts running under a CSP that allows only them."""
    from story_fixture import HOSTILE_TITLE, hostile_analysis

    a = hostile_analysis()
    p = Page(browser, render_html(a), tmp_path / "hostile.html")
    assert p.js("document.querySelectorAll('#cast-body tr').length") == len(a.characters)
    assert p.js("document.getElementById('title').textContent") == HOSTILE_TITLE
    assert "<!--<script>" in p.js("document.getElementById('text').textContent")  # the chapter list
    p.close()  # no script error, no CSP violation, no request
