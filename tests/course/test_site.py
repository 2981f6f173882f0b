"""make site: the course as a static website, built from the student release.

The site is built once into a temporary folder (release included). Its pages must hold no line of a
solution, hidden test or answer key (the check is shown to fail on a site made from notebooks/), list
the lessons in order, show each explorer as its picture with a note, and load nothing from the
internet; in Chromium (as in tests/browser/test_browser.py) a lesson page loads, MathJax typesets its formulas
and no request leaves the machine.
"""

import re
import shutil
from pathlib import Path

import pytest

from tools import site
from tools.workspace import lessons

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "build" / "browser"
GRADED = ["01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    build = tmp_path_factory.mktemp("site-build")
    return site.build_site(build / "site", build=build), build


def test_the_site_holds_no_solution_hidden_test_or_answer_key(built):
    out, build = built
    assert site.leaks(out, build=build) == {}
    for number in GRADED:
        text = site.page_text(next(out.glob(f"{number}_*.html")).read_text())
        assert "raise NotImplementedError()" in text, (
            f"lesson {number}'s page shows no exercise stub"
        )


def test_the_leak_check_finds_the_solutions_of_a_site_built_from_notebooks(
    built, monkeypatch, tmp_path
):
    _, build = built
    import nbformat

    monkeypatch.setattr(site, "fresh_copy", lambda path, build: nbformat.read(path, as_version=4))
    leaked = site.build_site(tmp_path / "site", build=tmp_path)
    monkeypatch.undo()
    found = site.leaks(leaked, build=build)
    assert sorted(page[:2] for page in found) == GRADED, sorted(found)
    assert any("BEGIN SOLUTION" in line for lines in found.values() for line in lines)


def test_the_secrets_are_lines_of_solutions_hidden_tests_and_keys():
    lesson_01 = next(path for path in lessons() if path.stem.startswith("01"))
    found = site.secrets(lesson_01)
    assert "### BEGIN SOLUTION" in found and "### BEGIN HIDDEN TESTS" in found
    assert any(line.startswith("# ANSWER KEY") for line in found)
    assert any("np.exp(-z)" in line for line in found)  # the body of sigmoid


def test_the_sidebar_lists_the_lessons_in_order(built):
    out, _ = built
    index = (out / "index.html").read_text()
    nav = index[index.index('id="pst-primary-sidebar"') :]
    linked = re.findall(r'href="(\d\d_[a-z0-9_]+)\.html"', nav)
    assert list(dict.fromkeys(linked)) == [path.stem for path in lessons()]


def test_explorers_are_pictures_with_a_note_and_nothing_loads_from_the_internet(built):
    out, _ = built
    page = next(out.glob("06_*.html")).read_text()
    text = site.page_text(page)
    assert "get the course, run make lab" in text.replace("`", "")
    assert "Error displaying widget" not in text and "VBox(" not in text
    assert "widget-view+json" not in page and "widget-state+json" not in page
    for html in out.rglob("*.html"):
        remote = re.findall(
            r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="((?:https?:)?//[^"]*)"',
            html.read_text(),
        )
        assert not remote, f"{html.name} loads {remote}"
    assert (out / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 500_000


@pytest.mark.browser
def test_a_lesson_page_in_the_browser(built):
    """Lessons 03 and 06 in Chromium: the page loads from files, MathJax typesets, nothing goes online."""
    from tests.browser.test_browser import CHROMIUM, CHROMIUM_FLAGS, WAIT_LIMIT_S, _require_tools

    _require_tools()
    from playwright.sync_api import sync_playwright

    out, _ = built
    EVIDENCE.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
        outside = []

        def only_files(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_files)
        for number in ("03", "06"):
            page.goto(next(out.glob(f"{number}_*.html")).as_uri())
            # MathJax typesets after the page loads: wait for it (as long as any browser step).
            page.locator("mjx-container").first.wait_for(timeout=WAIT_LIMIT_S * 1000)
            typeset = page.locator("mjx-container").count()
            assert typeset >= 3, f"lesson {number}: only {typeset} formulas typeset"
            assert page.locator(".MathJax_Error, mjx-merror").count() == 0
            assert (
                page.locator("#pst-primary-sidebar a", has_text=re.compile(r"^\s*06 · ")).count()
                >= 1
            )
            page.screenshot(path=str(EVIDENCE / f"site-{number}.png"))
            page.screenshot(path=str(EVIDENCE / f"site-{number}-full.png"), full_page=True)
        browser.close()
    assert outside == [], f"the site asked the internet for {outside}"
