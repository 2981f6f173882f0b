"""The course in a real browser: JupyterLab in headless Chromium, driven the way a student uses it.

For each lesson: open the notebook, Run All (Run menu), wait until every cell has run, then move a
slider with the keyboard (or click cells of the letter pad) and check that the plot the student looks
at and the text beside it changed. Screenshots go to build/browser/ (open them to see what was seen).

Needs Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`) and the Python package
playwright (pinned in requirements.txt). No browser is ever downloaded: Playwright only drives the
Chromium that apt installed. Without Chromium the tests are skipped with the reason; with
NN_BROWSER_TEST=required in the environment (.ci/run sets it) that skip becomes a failure.

JupyterLab runs from this environment on a free loopback port with its own token, on a temporary
copy of notebooks/ (autosave never writes into the repository), with its news and update checks off;
it is stopped by its own PID at the end. Each xdist worker that runs this file starts its own.
To keep `make test` short, JupyterLab is loaded once: every lesson under test is opened in a tab of
the same page and started (Run All) at once, so their kernels work side by side; each test then
selects its lesson's tab and waits for that run to finish.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "browser"
CHROMIUM = os.environ.get("NN_CHROMIUM", "/usr/bin/chromium")   # Debian's; NN_CHROMIUM names another binary
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REQUIRED = os.environ.get("NN_BROWSER_TEST") == "required"

# The lesson each test opens.
TEST_LESSONS = {"test_lesson_06_learning_rate_slider": "06", "test_lesson_04_letter_pad": "04"}

RUN_TIMEOUT_MS = 120_000    # Run All of one lesson, the kernel's start included
UPDATE_TIMEOUT_MS = 20_000  # one slider move or click: retrain and redraw in the kernel, show in the page


def _missing_tools():
    """Why the browser test cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed ({CHROMIUM} is missing; `apt-get install chromium` installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (`make install` installs it)"
    return None


def _notebook(number):
    """The file name of lesson `number` ("06") in notebooks/, or None."""
    found = sorted(NOTEBOOKS.glob(f"{number}_*.ipynb"))
    return found[0].name if found else None


def _lesson(number):
    """The notebook of lesson `number`; the test fails when it is missing."""
    if not _notebook(number):
        pytest.fail(f"lesson {number} (notebooks/{number}_*.ipynb) does not exist")
    return _notebook(number)


def _lessons_to_open(test_names):
    """The notebooks the selected tests will open."""
    numbers = {TEST_LESSONS[name] for name in test_names if name in TEST_LESSONS}
    return [_notebook(number) for number in sorted(numbers) if _notebook(number)]


# --- what a student does, watched from the page ----------------------------------------------------

# Run All is watched in the page: before it, every stored output of the notebook's panel is marked
# data-stored; running a cell replaces its outputs. The run has finished when no marked output is left,
# no cell waits ([*]), every non-empty code cell has its number and the kernel is idle. A traceback ends
# the wait early. Each function gets the notebook's panel element.
_MARK_STORED_OUTPUTS = "panel => panel.querySelectorAll('.jp-OutputArea-output').forEach(o => o.dataset.stored = '1')"

_RUN_STARTED = """panel =>
    [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].some(p => p.textContent.includes('*'))
    || !panel.querySelector('.jp-OutputArea-output[data-stored]')"""

_RUN_FINISHED = """panel => {
    for (const out of panel.querySelectorAll(
            '.jp-OutputArea-output:not([data-stored])[data-mime-type="application/vnd.jupyter.stderr"]')) {
        if (out.textContent.includes('Traceback')) return 'error: ' + out.textContent.slice(0, 3000);
    }
    const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    if (!indicator || indicator.dataset.status !== 'idle') return false;
    if (panel.querySelector('.jp-OutputArea-output[data-stored]')) return false;
    const toRun = [...panel.querySelectorAll('.jp-CodeCell')]
        .filter(c => c.querySelector('.jp-InputArea-editor').textContent.trim() !== '');
    return toRun.length > 0
        && toRun.every(c => /^\\[\\d+\\]:$/.test(c.querySelector('.jp-InputPrompt').textContent.trim()));
}"""

_KERNEL_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def _menu(page, menu, item, tries=3):
    """Click `item` of the menu bar's `menu`, once it is enabled (retried: a menu opened too early may close)."""
    for attempt in range(tries):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        entry = page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                             has_text=re.compile(f"^{re.escape(item)}$"))
        try:
            entry.click(timeout=5000)
            return
        except Exception:
            page.keyboard.press("Escape")
            if attempt == tries - 1:
                raise


def _tab(page, notebook):
    """The tab of `notebook` in JupyterLab's main area."""
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=re.compile(f"^{re.escape(notebook)}$")).first


def _panel(page, notebook):
    """The panel (toolbar and cells) of `notebook`: the element whose id its tab names."""
    tab = _tab(page, notebook)
    tab.wait_for(timeout=RUN_TIMEOUT_MS)
    return page.locator(f"[id='{tab.get_attribute('data-id')}']")


def _run_all(page, notebook):
    """Select the notebook's tab, then Run All from the Run menu once its kernel is idle; return when a
    cell has started."""
    _tab(page, notebook).click()
    panel = _panel(page, notebook)
    panel.locator(_KERNEL_IDLE).wait_for(timeout=RUN_TIMEOUT_MS)
    panel.evaluate(_MARK_STORED_OUTPUTS)
    for attempt in range(3):        # a click that lands while the notebook is still settling does nothing
        _menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(_RUN_STARTED, arg=panel.element_handle(), timeout=5000)
            return
        except Exception:
            pass
    raise AssertionError(f"{notebook}: Run All Cells started no cell")


# --- the JupyterLab server and the browser -------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """`jupyter lab` on a copy of notebooks/ in `home`, and the Chromium tabs of the lessons.

    start() launches the server and returns at once; wait() waits until it answers (on a new port if
    another program took the free one first). start_lessons() starts the lessons' kernels, opens each
    in a tab and clicks Run All in each; finished(notebook) waits for that run and returns its panel.
    """

    def __init__(self, home):
        self.home = home
        self.root = home / "notebooks"
        shutil.copytree(NOTEBOOKS, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = home / "lab-settings" / "@jupyterlab"
        self._write(settings / "apputils-extension" / "notification.jupyterlab-settings",
                    {"fetchNews": "false", "checkForUpdates": False})
        # Attach every cell to the page (no virtual scrolling), so every output can be found.
        # autoStartDefaultKernel: never show the "Select Kernel" dialog (it blocks every click behind it)
        self._write(settings / "notebook-extension" / "tracker.jupyterlab-settings",
                    {"windowingMode": "none", "autoStartDefaultKernel": True})
        self.token = secrets.token_hex(16)
        self.log_path = home / "jupyter.log"
        self.process = None
        self.browser = None
        self.page = None      # the one JupyterLab page; each lesson is a tab in it
        self.started = set()  # the notebooks whose Run All was clicked
        self.failures = {}    # notebook -> what went wrong while opening it
        self.used = False     # set by finished(): the current test looked at the page

    @staticmethod
    def _write(path, data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))

    def start(self):
        self.port = _free_port()
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(self.home / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.home / "runtime"), IPYTHONDIR=str(self.home / "ipython"),
                   JUPYTER_PLATFORM_DIRS="1")
        env.pop("MPLBACKEND", None)              # the kernels use their inline backend, as for a student
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                   "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   f"--LabApp.user_settings_dir={self.home / 'lab-settings'}",
                   f"--LabApp.workspaces_dir={self.home / 'lab-workspaces'}"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=self.home, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)

    def wait(self, tries=3):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # exited: most likely another program took the port
                if tries <= 1:
                    raise RuntimeError(f"JupyterLab did not start; its log:\n{self.log()}")
                self.start()
                return self.wait(tries - 1)
            try:
                self._api("GET", "api/status", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not answer within 60 s; its log:\n{self.log()}")

    def _api(self, method, path, data=None, timeout=60):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path}", method=method,
                                         data=None if data is None else json.dumps(data).encode(),
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def start_lessons(self, notebooks):
        """Start each notebook's kernel (POST /api/sessions, as opening it would), then open the first in
        JupyterLab and the others from its file browser (double-click), each in a tab, and click Run All
        in each as soon as it is open: the lessons run side by side in one JupyterLab page."""
        starting = []
        for name in notebooks:
            session = {"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}
            thread = threading.Thread(target=self._api, args=("POST", "api/sessions", session), daemon=True)
            thread.start()
            starting.append(thread)
        for thread in starting:
            thread.join(timeout=60)
        for name in notebooks:
            try:
                if self.page is None:            # a workspace of its own: JupyterLab reopens no other tab
                    self.page = self.browser.new_page()
                    self.page.goto(self.url(f"lab/workspaces/test-{secrets.token_hex(4)}/tree/{name}"))
                else:
                    self.page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(name)}$")).dblclick()
                _run_all(self.page, name)
                self.started.add(name)
            except Exception as error:           # reported by the test of that lesson
                self.failures[name] = error

    def finished(self, notebook):
        """Select `notebook`'s tab, wait until its Run All has finished, and return its panel."""
        if notebook not in self.started and notebook not in self.failures:
            self.start_lessons([notebook])      # a test run on its own, not announced by the fixture
        if notebook in self.failures:
            raise self.failures[notebook]
        self.used = True
        _tab(self.page, notebook).click()
        panel = _panel(self.page, notebook)
        finished = self.page.wait_for_function(_RUN_FINISHED, arg=panel.element_handle(),
                                               timeout=RUN_TIMEOUT_MS).json_value()
        assert finished is True, f"{notebook}: a cell failed under Run All:\n{finished}"
        return panel

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else "(no log)"

    def stop(self):
        """Stop the server by its PID (SIGTERM, then SIGKILL), then any kernel it left behind, by PID."""
        if self.process is None or self.process.poll() is not None:
            return
        import psutil
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for child in children:
            try:
                child.wait(timeout=5)
            except psutil.TimeoutExpired:
                child.kill()
            except psutil.NoSuchProcess:
                pass


@pytest.fixture(scope="module")
def lab(request, tmp_path_factory):
    """JupyterLab and Chromium, with the lessons of the selected tests already running in their tabs."""
    missing = _missing_tools()
    if missing:
        if REQUIRED:
            pytest.fail(f"NN_BROWSER_TEST=required, but {missing}")
        pytest.skip(f"browser test skipped: {missing}")
    from playwright.sync_api import sync_playwright
    server = Lab(tmp_path_factory.mktemp("lab"))
    server.start()
    try:
        with sync_playwright() as playwright:    # Chromium starts while the server does
            server.browser = playwright.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900})
            server.wait()
            mine = [item.name for item in request.session.items                 # nbval items have no module
                    if getattr(item, "module", None) is request.module]
            server.start_lessons(_lessons_to_open(mine))
            yield server
            server.browser.close()
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _screenshot_at_the_end(request):
    """After each test, the whole JupyterLab page goes to build/browser/<test>-end.png, pass or fail."""
    yield
    lab = request.node.funcargs.get("lab")
    if lab is not None and lab.used:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lab.page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-end.png"))
        lab.used = False


# --- checks on what the student sees ---------------------------------------------------------------

def widget_output(panel, has):
    """The output area (of one cell) in `panel` that holds the widget `has` (a locator made from the page)."""
    area = panel.locator(".jp-OutputArea-output").filter(has=has)
    area.first.wait_for(timeout=UPDATE_TIMEOUT_MS)
    return area.first


def slider(scope, label):
    """The ipywidgets sliders in `scope` (a page, or a locator) whose description matches the regex `label`."""
    page = getattr(scope, "page", scope)
    return scope.locator(".widget-slider").filter(has=page.locator(".widget-label", has_text=re.compile(label, re.I)))


def texts(area):
    """The text of every HTML widget in `area` (the readouts beside a plot), in order."""
    return area.locator(".widget-html, .widget-htmlmath").all_inner_texts()


def image_sources(area):
    return [img.get_attribute("src") for img in area.locator("img").all()]


def wait_until_redrawn(panel, area, sources_before, texts_before, text_must_change=True):
    """Wait until the images (and texts) of `area` changed and settled: kernel idle, nothing changing for 0.5 s."""
    deadline = time.monotonic() + UPDATE_TIMEOUT_MS / 1000
    last, stable_since = None, None
    while time.monotonic() < deadline:
        now = (image_sources(area), texts(area))
        busy = panel.locator(_KERNEL_IDLE).count() == 0
        if now != last or busy:
            last, stable_since = now, time.monotonic()
        elif (now[0] != sources_before and (now[1] != texts_before or not text_must_change)
              and time.monotonic() - stable_since > 0.5):
            return
        panel.page.wait_for_timeout(100)
    raise AssertionError(f"the widget did not redraw within {UPDATE_TIMEOUT_MS / 1000:.0f} s: images "
                         f"{'changed' if last[0] != sources_before else 'unchanged'}, texts {last[1]!r}")


def shoot(locator, name):
    """Save a screenshot of `locator` as build/browser/<name>.png and return its PNG bytes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.scroll_into_view_if_needed()
    return locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")


def move_slider_and_check(panel, label, keys, name):
    """Press `keys` on the slider labelled `label` (a regex); its readout, the plot and the texts must change.

    Returns the texts of the widget's HTML readouts after the move, and the slider's new readout.
    """
    area = widget_output(panel, slider(panel.page, label))
    the_slider = slider(area, label).first
    plot = area.locator("img").first
    plot.wait_for()
    panel.page.wait_for_timeout(300)
    before_png = shoot(plot, f"{name}-plot-before")
    shoot(area, f"{name}-before")
    before_texts, before_sources = texts(area), image_sources(area)
    before_value = the_slider.locator(".widget-readout").inner_text()

    the_slider.locator(".noUi-handle").focus()   # as after pressing Tab until the slider is selected
    for key in keys:
        panel.page.keyboard.press(key)
    wait_until_redrawn(panel, area, before_sources, before_texts)

    after_value = the_slider.locator(".widget-readout").inner_text()
    after_texts = texts(area)
    after_png = shoot(plot, f"{name}-plot-after")
    shoot(area, f"{name}-after")
    assert after_value != before_value, f"the {label!r} slider did not move: its readout stayed {before_value}"
    assert after_png != before_png, "the plot looks the same after the slider moved"
    assert after_texts != before_texts, f"no readout beside the plot changed: {after_texts}"
    return after_texts, after_value


# --- the lessons --------------------------------------------------------------------------------------

def test_lesson_06_learning_rate_slider(lab):
    """Lesson 06's training explorer: PageUp on the log-scale learning-rate slider retrains and redraws."""
    panel = lab.finished(_lesson("06"))
    after, value = move_slider_and_check(panel, r"learning.?rate|\blr\b", ["PageUp"], "06_learning_rate")
    assert any(value in text or f"{float(value):g}" in text for text in after), \
        f"no readout names the new learning rate {value}: {after}"


def test_lesson_04_letter_pad(lab):
    """Lesson 04's draw-a-letter pad: clicking cells flips them and redraws the chart of class scores."""
    panel = lab.finished(_lesson("04"))
    page = panel.page
    # The pad: the widget with 30 clickable cells (buttons, or toggle buttons) in a grid.
    area = widget_output(panel, page.locator(".widget-gridbox button"))
    cells = area.locator(".widget-gridbox").filter(has=page.locator("button")).first.locator("button")
    assert cells.count() == 30, f"the letter pad should have 30 cells (5 x 6), found {cells.count()}"
    chart = area.locator("img").first
    chart.wait_for()
    page.wait_for_timeout(300)
    before_png = shoot(chart, "04_letter_pad-chart-before")
    shoot(area, "04_letter_pad-before")
    before_texts, before_sources = texts(area), image_sources(area)
    colour = "element => getComputedStyle(element).backgroundColor"
    clicked = [0, 7, 14, 22, 29]
    before_colours = [cells.nth(i).evaluate(colour) for i in clicked]
    for i in clicked:
        cells.nth(i).click()
    wait_until_redrawn(panel, area, before_sources, before_texts, text_must_change=False)
    after_png = shoot(chart, "04_letter_pad-chart-after")
    shoot(area, "04_letter_pad-after")
    after_colours = [cells.nth(i).evaluate(colour) for i in clicked]
    assert all(b != a for b, a in zip(before_colours, after_colours)), \
        f"clicked cells should flip colour: {before_colours} -> {after_colours}"
    assert after_png != before_png, "the score chart looks the same after drawing on the pad"
