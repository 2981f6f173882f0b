"""Pages a student's HTML reaches, opened in Chromium: no script runs, no request leaves, maths is maths.

Every payload of tests/hostile_html.txt goes into a Markdown cell, a raw cell and an HTML, a Markdown
and an SVG output of one notebook, which becomes (1) a feedback page as `make grade` writes it (FeedbackFilter, nbconvert's
classic template, which renders Markdown cells unsanitised, then sanitize.sanitize_page), also with its
Content-Security-Policy taken out, so the allowlist alone is tested, and (2) the hub formgrader's view
of a submission (nbconvert with hub.guard.SafeCells, as hub/roles/instructor/nbgrader_config.py sets
it; no page-level gate). Each page is opened from a file; any request other than that file is recorded
and refused; every link and button is clicked.
"""

import os
import re
from pathlib import Path

import nbformat
import nbgrader
import pytest
from nbconvert import HTMLExporter

from hub.guard import SafeCells
from tests.grading.submissions import ROOT
from tools.grading.feedback import FeedbackFilter
from tools.grading.sanitize import CSP, sanitize_page

pytestmark = pytest.mark.slow
CHROMIUM = os.environ.get("NN_CHROMIUM", "/usr/bin/chromium")
EXTERNAL = "http://198.51.100.7:9"  # TEST-NET-2: recorded by the route, never reached
MATHS = r"The neuron: $\sigma(z) = \frac{1}{1 + e^{-z}}$, and $$\frac{\partial L}{\partial w_i} = x_i\,\delta$$"


def payloads():
    text = (Path(__file__).parent / "hostile_html.txt").read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [
        block.strip().replace("EXTERNAL", EXTERNAL)
        for block in text.split("\n----\n")
        if block.strip()
    ]


def hostile_notebook(blank=False):
    cells = [nbformat.v4.new_markdown_cell(MATHS)]
    for payload in [] if blank else payloads():
        outputs = [
            nbformat.v4.new_output("display_data", data={kind: payload, "text/plain": "x"})
            for kind in ("text/html", "text/markdown", "image/svg+xml")
        ]
        cells += [
            nbformat.v4.new_markdown_cell(payload),
            nbformat.v4.new_raw_cell(payload),
            nbformat.v4.new_code_cell("display(HTML(payload))", outputs=outputs),
        ]
    return nbformat.v4.new_notebook(cells=cells)


def feedback_page(blank=False):
    nb, resources = FeedbackFilter().preprocess(
        hostile_notebook(blank), {"nbgrader": {"assignment": "01_single_neuron"}}
    )
    page, _ = HTMLExporter(template_name="classic").from_notebook_node(nb, resources)
    return sanitize_page(page)


def formgrader_page(blank=False):
    exporter = HTMLExporter(template_name="classic", sanitize_html=True)
    exporter.register_preprocessor(SafeCells, enabled=True)
    return exporter.from_notebook_node(hostile_notebook(blank))[0]


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("NN_BROWSER_TEST") == "required":
            pytest.fail(f"NN_BROWSER_TEST=required, but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


def visit(browser, path):
    """(dialogs opened, requests made on opening other than the page itself, what the page holds) after
    loading the page and clicking every link and button in it."""
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url == path.as_uri()
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    loaded = list(requests)  # what opening the page asked for (a click may follow a link)
    for element in page.query_selector_all("a, button, summary"):
        try:
            element.click(timeout=1000, no_wait_after=True)
        except Exception:  # hidden or detached: nothing a reader could click either
            pass
        if page.url != path.as_uri():
            page.goto(path.as_uri())
    page.wait_for_timeout(300)
    found = page.evaluate("""() => ({
        active: document.querySelectorAll('body script, iframe, object, embed, form, svg, style:not(head style),'
                                          + ' link, meta:not(head meta), base, video, audio').length,
        maths: document.querySelectorAll('math').length,
        fixed: [...document.querySelectorAll('body *')].filter(e => getComputedStyle(e).position == 'fixed').length,
        text: document.body.innerText})""")
    page.close()
    return dialogs, loaded, found


@pytest.mark.parametrize(
    "name,build,csp",
    [
        ("feedback", feedback_page, True),
        ("feedback-without-csp", feedback_page, False),
        ("formgrader", formgrader_page, False),
    ],
)
def test_no_script_runs_and_no_request_leaves(chromium, tmp_path, name, build, csp):
    """What the page's template itself loads (the formgrader's scripts) is measured on a page made from
    a blank notebook; the student's cells add nothing to it."""
    pages = {"hostile": build(), "blank": build(blank=True)}
    seen = {}
    for kind, page in pages.items():
        if not csp:
            page = page.replace(CSP, "")
        assert (CSP in page) == csp
        path = tmp_path / f"{name}-{kind}.html"
        path.write_text(page)
        seen[kind] = visit(chromium, path)
    (dialogs, requests, found), (_, template_requests, template) = seen["hostile"], seen["blank"]
    assert not dialogs, f"{name}: script ran: {dialogs}"
    assert set(requests) <= set(template_requests), f"{name}: requests left the page: {requests}"
    assert found["active"] == template["active"] and found["fixed"] == template["fixed"]
    assert "click me" in found["text"]  # the student's words are shown, made harmless


def test_maths_is_rendered_as_mathml_without_a_script(chromium, tmp_path):
    path = tmp_path / "feedback.html"
    path.write_text(feedback_page())
    _, requests, found = visit(chromium, path)
    assert found["maths"] >= 2 and "$" not in found["text"].split("The neuron:")[1].split("\n")[0]
    assert not requests
    lesson = nbformat.read(ROOT / "notebooks" / "01_single_neuron.ipynb", as_version=4)
    page = sanitize_page(HTMLExporter(template_name="classic").from_notebook_node(lesson)[0])
    assert page.count("<math") >= 10 and not re.search(r"<script", page)


def nbgrader_feedback_page(nb):
    """The feedback page of `nb` as `make grade` writes it: nbgrader's own feedback template (GenerateFeedback's
    settings), then sanitize_page."""
    templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    nb, resources = FeedbackFilter().preprocess(
        nb, {"nbgrader": {"assignment": "01_single_neuron"}}
    )
    resources["nbgrader"].update(notebook="01_single_neuron", score=0, max_score=2, late_penalty=0)
    exporter = HTMLExporter(
        template_name="feedback",
        extra_template_basedirs=[str(templates / "templates")],
        extra_template_paths=[str(templates / "static/node_modules/bootstrap/dist/css")],
    )
    return sanitize_page(exporter.from_notebook_node(nb, resources)[0])


def test_a_long_self_check_message_wraps_within_the_page(chromium, tmp_path):
    """A self-check's message is one long line: on the feedback page it wraps at the page's edge, all
    of it readable without a scroll bar."""
    message = "relu is wrong at z = -2.0: expected 0, got -2.0. " * 12 + "END_OF_MESSAGE"
    error = nbformat.v4.new_output(
        "error", ename="CheckFailed", evalue=message, traceback=[message]
    )
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("nh.check_relu(relu)", outputs=[error])]
    )
    path = tmp_path / "feedback.html"
    path.write_text(nbgrader_feedback_page(nb))
    page = chromium.new_page(viewport={"width": 900, "height": 700})
    page.goto(path.as_uri())
    box = page.evaluate("""() => {
        const pre = [...document.querySelectorAll('div.output_area pre')]
            .find(e => e.innerText.includes('END_OF_MESSAGE'));
        const box = pre.getBoundingClientRect();
        return {scroll: pre.scrollWidth, client: pre.clientWidth, height: box.height,
                right: box.right, page: document.documentElement.clientWidth};
    }""")
    page.close()
    assert box["scroll"] <= box["client"] + 1, f"the message runs past its box: {box}"
    assert box["right"] <= box["page"] + 1, f"the box runs past the page: {box}"
    assert box["height"] > 60, f"the message should wrap onto several lines: {box}"
