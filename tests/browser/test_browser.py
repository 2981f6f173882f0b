"""The course in a real browser: JupyterLab in headless Chromium, driven the way a student uses it.

For each lesson: open the notebook, Run All (Run menu), wait until every cell has run, then move a
slider with the keyboard (or click cells of the letter pad) and check that the plot the student looks
at and the text beside it changed. Before Run All, the stored outputs must show each explorer and quiz
as its static picture, never "Error displaying widget" or a widget's Python text. A second JupyterLab,
started as `make lab` starts it on a student workspace that tools/workspace.py makes, is driven the
way a student works in lesson 01: the stub raises, a typed solution passes its self-check, and after
a save and a reopen the edit is there and the explorer is its picture. Screenshots go to build/browser/
(open them to see what was seen).

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

Time limits: the test never sleeps for a fixed time; it waits for conditions seen in the page (a
kernel connected and idle, every cell numbered, a plot redrawn) and goes on as soon as they hold.
Every wait, Playwright's own included, gives up after WAIT_LIMIT_S (240 s, enough for a 2-core
machine kept busy by other work); NN_BROWSER_TIME_SCALE=3 in the environment makes that 720 s.
A step that fails says what it was waiting for and how far it got, with the last lines of the
browser console, and saves a screenshot, the whole console and the tail of JupyterLab's log as
build/browser/failed-<step>.png, -console.txt and -jupyter.log. After each test the page, console and
log are saved as build/browser/<test>-end.png, -console.txt and -jupyter.log, pass or fail.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from tests import skip_or_fail

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EVIDENCE = ROOT / "build" / "browser"
CHROMIUM = os.environ.get(
    "NN_CHROMIUM", "/usr/bin/chromium"
)  # Debian's; NN_CHROMIUM names another binary
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The lesson each test opens.
TEST_LESSONS = {"test_lesson_06_learning_rate_slider": "06", "test_lesson_04_letter_pad": "04"}


def _time_scale():
    text = os.environ.get("NN_BROWSER_TIME_SCALE", "1")
    try:
        scale = float(text)
    except ValueError:
        scale = 0
    if not scale > 0:
        raise ValueError(f"NN_BROWSER_TIME_SCALE should be a positive number, got {text!r}")
    return scale


WAIT_LIMIT_S = 240 * _time_scale()  # the one time limit: any step waits at most this long
POLL_S = 0.1  # how often a waiting step looks at the page again
QUIET_S = 0.5  # a redrawn widget counts as settled once unchanged for this long
CONSOLE_LINES_IN_MESSAGE = 12


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


def _cell_count(root, notebook):
    """How many cells (of any kind) `notebook` in `root` has: JupyterLab has shown it all at this count."""
    return len(json.loads((Path(root) / notebook).read_text())["cells"])


class StepFailed(AssertionError):
    """A step of the test failed; the message names the step, what it waited for and where the evidence is."""


# --- what a student does, watched from the page ----------------------------------------------------

# Opening a notebook is done when all its cells are shown and its kernel is connected and idle. The
# toolbar's execution indicator alone is not enough: it reads "idle" before any kernel is connected
# ("No Kernel"), and Run All clicked then clears every cell and runs none. The status bar's
# "Python 3 (ipykernel) | Idle" (for the notebook of the selected tab) only shows a connected kernel.
_OPEN_STATE = """panel => ({
    cells: panel.querySelectorAll('.jp-Cell').length,
    kernel: (panel.querySelector('.jp-Toolbar-kernelName') || {}).textContent || '(no kernel name)',
    indicator: (panel.querySelector('.jp-Notebook-ExecutionIndicator') || {dataset: {}}).dataset.status,
    status: [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
        .map(item => item.textContent.trim()).find(text => text.includes(' | ')) || '(no kernel status)',
})"""

# Run All is watched per cell: before it, every code cell's prompt gets an observer that marks the
# cell data-rerun as soon as the prompt changes (Run All sets it to [*], then to the new number). A
# code cell has run when it is marked and shows its number; stored outputs and numbers never count.
_WATCH_PROMPTS = """panel => panel.querySelectorAll('.jp-CodeCell').forEach(cell => {
    const prompt = cell.querySelector('.jp-InputPrompt');
    new MutationObserver(() => cell.dataset.rerun = '1')
        .observe(prompt, {childList: true, subtree: true, characterData: true});
})"""

_RUN_STATE = """panel => {
    const toRun = [...panel.querySelectorAll('.jp-CodeCell')]
        .filter(c => c.querySelector('.jp-InputArea-editor').textContent.trim() !== '');
    const prompt = c => c.querySelector('.jp-InputPrompt').textContent.trim();
    const rerun = toRun.filter(c => c.dataset.rerun);
    const traceback = [...panel.querySelectorAll(
            '.jp-CodeCell[data-rerun] .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(out => out.textContent).find(text => text.includes('Traceback'));
    return {
        total: toRun.length,
        done: rerun.filter(c => /^\\[\\d+\\]:$/.test(prompt(c))).length,
        running: rerun.filter(c => prompt(c) === '[*]:').length,
        cleared: rerun.filter(c => prompt(c) === '[ ]:').length,
        kernel: (panel.querySelector('.jp-Notebook-ExecutionIndicator') || {dataset: {}}).dataset.status,
        traceback: traceback ? traceback.slice(0, 3000) : null,
    };
}"""

_KERNEL_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def _menu(lab, menu, item):
    """Click `item` of the menu bar's `menu` once it is enabled (a menu opened while JupyterLab is still
    building its menus may close again: it is reopened until the item shows)."""
    page = lab.page
    label = page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$"))
    entry = page.locator(
        ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
        has_text=re.compile(f"^{re.escape(item)}$"),
    )

    def item_shown():
        if entry.count():
            return True, ""
        if not page.locator(".lm-Menu").count():
            label.click()
        return False, f"the {menu} menu shows no enabled '{item}'"

    lab.wait_until(f"'{item}' in the {menu} menu", item_shown)
    entry.click()


def _tab(page, notebook):
    """The tab of `notebook` in JupyterLab's main area."""
    return page.locator(
        ".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=re.compile(f"^{re.escape(notebook)}$")
    ).first


def _select(page, notebook):
    """Select the notebook's tab and return its panel (toolbar and cells): the element its tab names."""
    tab = _tab(page, notebook)
    tab.click()
    return page.locator(f"[id='{tab.get_attribute('data-id')}']")


# What the stored outputs of an opened notebook show where its widgets are: "Error displaying widget"
# messages, a widget's Python repr (untrusted), "Loading widget..." (still waiting for a model), the
# static pictures and the live sliders or radio buttons.
_STORED_VIEW = """panel => {
    const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')];
    const text = outputs.map(output => output.innerText).join('\\n');
    return {
        errors: text.match(/Error displaying widget[^\\n]*/g) || [],
        python_text: text.match(/\\b(VBox|HBox|FloatSlider|FloatLogSlider|IntSlider|RadioButtons|GridBox)\\(/g) || [],
        loading: (text.match(/Loading widget/g) || []).length,
        pictures: outputs.filter(output => output.dataset.mimeType === 'image/png' && output.querySelector('img')).length,
        live: panel.querySelectorAll('.jp-OutputArea-output .widget-slider, .jp-OutputArea-output .widget-radio-box').length,
        quizzes: (text.match(/Run the cell to answer/g) || []).length,
    };
}"""


def stored_view(lab, panel):
    """The _STORED_VIEW of `panel` once no widget output is still loading."""
    seen = {}

    def settled():
        seen.update(panel.evaluate(_STORED_VIEW))
        return seen["loading"] == 0, f"{seen['loading']} widget outputs still loading"

    lab.wait_until("stored widget outputs to finish loading", settled)
    return seen


def assert_no_broken_widgets(view, where):
    assert not view["errors"], f"{where}: {view['errors']}"
    assert not view["python_text"], f"{where}: widgets shown as Python text {view['python_text']}"


def _open(lab, notebook):
    """Wait until the notebook (already opening in a tab) is shown with its kernel connected and idle;
    return its panel."""
    with lab.step(f"open {notebook}"):
        panel = _select(lab.page, notebook)
        cells = _cell_count(lab.root, notebook)

        def ready():
            state = panel.evaluate(_OPEN_STATE)
            met = (
                state["cells"] == cells
                and state["kernel"] != "No Kernel"
                and state["indicator"] == "idle"
                and state["status"].endswith("| Idle")
            )
            return met, (
                f"{state['cells']} of {cells} cells shown; toolbar kernel {state['kernel']!r}, "
                f"indicator {state['indicator']!r}, status bar {state['status']!r}"
            )

        lab.wait_until("all its cells to show and its kernel to be connected and idle", ready)
        lab.before_run[notebook] = stored_view(lab, panel)
    return panel


def _open_and_run_all(lab, notebook):
    """Wait until the notebook (already opening in a tab) is shown with its kernel connected and idle,
    note what its stored outputs show (lab.before_run), then Run All from the Run menu; return when a
    cell has started."""
    panel = _open(lab, notebook)
    with lab.step(f"Run All of {notebook}"):
        panel.evaluate(_WATCH_PROMPTS)
        _menu(lab, "Run", "Run All Cells")

        def started():
            state = panel.evaluate(_RUN_STATE)
            return state["running"] + state[
                "done"
            ] > 0, f"{state['cleared']} cells cleared, none running"

        lab.wait_until("a cell to start", started)


# --- the JupyterLab server and the browser -------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _file_name(step):
    """A file name for `step`: "Run All of 04_letters_abc.ipynb" -> "run-all-of-04_letters_abc"."""
    return re.sub(r"[^a-z0-9_]+", "-", step.lower().replace(".ipynb", "")).strip("-")


class Lab:
    """`jupyter lab` on a copy of `source` (notebooks/, or a student workspace) in `home`, started as
    `make lab-source` (student=False) or `make lab` (student=True) start it, and the Chromium tabs of
    the lessons.

    start() launches the server and returns at once; wait() waits until it answers (on a new port if
    another program took the free one first). start_lessons() starts the lessons' kernels, opens each
    in a tab and clicks Run All in each; finished(notebook) waits for that run and returns its panel.
    step() and wait_until() name what the test is doing and what it waits for, for the failure message.
    """

    def __init__(self, home, source=NOTEBOOKS, student=False):
        self.home = home
        self.root = home / "notebooks"
        self.student = student
        shutil.copytree(source, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = home / "lab-settings" / "@jupyterlab"
        self._write(
            settings / "apputils-extension" / "notification.jupyterlab-settings",
            {"fetchNews": "false", "checkForUpdates": False},
        )
        # Attach every cell to the page (no virtual scrolling), so every output can be found.
        # autoStartDefaultKernel: never show the "Select Kernel" dialog (it blocks every click behind it)
        self._write(
            settings / "notebook-extension" / "tracker.jupyterlab-settings",
            {"windowingMode": "none", "autoStartDefaultKernel": True},
        )
        self.token = secrets.token_hex(16)
        self.log_path = home / "jupyter.log"
        self.process = None
        self.browser = None
        self.page = None  # the one JupyterLab page; each lesson is a tab in it
        self.console = []  # the page's console messages and uncaught errors, in order
        self.started = set()  # the notebooks whose Run All was clicked
        self.failures = {}  # notebook -> what went wrong while opening it
        self.used = False  # set by finished(): the current test looked at the page
        self.before_run = {}  # notebook -> its _STORED_VIEW when opened, before any cell ran

    @staticmethod
    def _write(path, data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))

    def start(self):
        self.port = _free_port()
        from tools.workspace import FIRST_LESSON, lab_command

        command, env = lab_command(self.root, FIRST_LESSON, student=self.student)
        env.update(
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
        )
        env.pop("MPLBACKEND", None)  # the kernels use their inline backend, as for a student
        command += [
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={self.home / 'lab-settings'}",
            f"--LabApp.workspaces_dir={self.home / 'lab-workspaces'}",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self, tries=3):
        deadline = time.monotonic() + WAIT_LIMIT_S
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
                time.sleep(POLL_S)
        raise RuntimeError(
            f"JupyterLab did not answer within {WAIT_LIMIT_S:.0f} s; its log:\n{self.log()}"
        )

    def _api(self, method, path, data=None, timeout=WAIT_LIMIT_S):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{path}",
            method=method,
            data=None if data is None else json.dumps(data).encode(),
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def open_page(self):
        """The JupyterLab page's tab in Chromium, recording its console; every Playwright wait is WAIT_LIMIT_S."""
        self.browser.set_default_timeout(WAIT_LIMIT_S * 1000)
        self.page = self.browser.new_page()
        self.page.on(
            "console", lambda message: self.console.append(f"[{message.type}] {message.text}")
        )
        self.page.on("pageerror", lambda error: self.console.append(f"[uncaught] {error}"))

    @contextmanager
    def step(self, name):
        """Run a step of the test; a failure inside it becomes a StepFailed that names the step, ends with
        the last console lines, and points to the evidence saved as build/browser/failed-<step>.*."""
        try:
            yield
        except StepFailed:
            raise
        except Exception as error:
            files = self.save_evidence(f"failed-{_file_name(name)}")
            console = "\n".join(self.console[-CONSOLE_LINES_IN_MESSAGE:]) or "(none)"
            raise StepFailed(
                f"step {name!r}: {error}\nlast console lines:\n{console}\n"
                f"screenshot, console and server log: {', '.join(files)}"
            ) from error

    def wait_until(self, waiting_for, check):
        """Call check() until it returns (True, _), looking again every POLL_S. check() returns whether
        the condition holds and how far things got; after WAIT_LIMIT_S the step fails and says both."""
        deadline = time.monotonic() + WAIT_LIMIT_S
        while True:
            met, progress = check()
            if met:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {WAIT_LIMIT_S:.0f} s for {waiting_for}; {progress}")
            time.sleep(POLL_S)

    def start_lessons(self, notebooks):
        """Start each notebook's kernel (POST /api/sessions, as opening it would), then open the first in
        JupyterLab and the others from its file browser (double-click), each in a tab, and click Run All
        in each as soon as it is open: the lessons run side by side in one JupyterLab page."""
        starting = []
        for name in notebooks:
            session = {
                "path": name,
                "name": name,
                "type": "notebook",
                "kernel": {"name": "python3"},
            }
            thread = threading.Thread(
                target=self._api, args=("POST", "api/sessions", session), daemon=True
            )
            thread.start()
            starting.append(thread)
        for thread in starting:
            thread.join(timeout=WAIT_LIMIT_S)
        for name in notebooks:
            try:
                if self.page is None:  # a workspace of its own: JupyterLab reopens no other tab
                    self.open_page()
                    with self.step(f"load JupyterLab with {name}"):
                        self.page.goto(
                            self.url(f"lab/workspaces/test-{secrets.token_hex(4)}/tree/{name}")
                        )
                else:
                    with self.step(f"open {name} from the file browser"):
                        self.page.locator(
                            ".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(name)}$")
                        ).dblclick()
                _open_and_run_all(self, name)
                self.started.add(name)
            except Exception as error:  # reported by the test of that lesson
                self.failures[name] = error

    def finished(self, notebook):
        """Select `notebook`'s tab, wait until its Run All has finished, and return its panel."""
        if notebook not in self.started and notebook not in self.failures:
            self.start_lessons([notebook])  # a test run on its own, not announced by the fixture
        if notebook in self.failures:
            raise self.failures[notebook]
        self.used = True
        with self.step(f"Run All of {notebook}"):
            panel = _select(self.page, notebook)

            def all_run():
                state = panel.evaluate(_RUN_STATE)
                assert state["traceback"] is None, (
                    f"a cell failed under Run All:\n{state['traceback']}"
                )
                return (
                    state["done"] == state["total"] and state["kernel"] == "idle",
                    f"{state['done']} of {state['total']} done, {state['running']} running, "
                    f"{state['cleared']} cleared without running; kernel {state['kernel']}",
                )

            self.wait_until("every cell to have an execution count", all_run)
        return panel

    def log(self):
        return (
            self.log_path.read_text(errors="replace")[-4000:]
            if self.log_path.exists()
            else "(no log)"
        )

    def save_evidence(self, name):
        """Save the page as build/browser/<name>.png, the console as <name>-console.txt and the tail of
        JupyterLab's log as <name>-jupyter.log; return the paths, relative to the repository."""
        EVIDENCE.mkdir(parents=True, exist_ok=True)
        files = [EVIDENCE / f"{name}-console.txt", EVIDENCE / f"{name}-jupyter.log"]
        files[0].write_text("\n".join(self.console) + "\n")
        files[1].write_text(self.log())
        if self.page is not None:
            try:
                self.page.screenshot(path=str(EVIDENCE / f"{name}.png"))
                files.insert(0, EVIDENCE / f"{name}.png")
            except Exception as error:  # a page that cannot be photographed still has its console
                self.console.append(f"(no screenshot: {error})")
        return [str(path.relative_to(ROOT)) for path in files]

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
            self.process.wait(timeout=WAIT_LIMIT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=WAIT_LIMIT_S)
        for child in children:
            try:
                child.wait(timeout=WAIT_LIMIT_S)
            except psutil.TimeoutExpired:
                child.kill()
            except psutil.NoSuchProcess:
                pass


def _require_tools():
    missing = _missing_tools()
    if missing:
        skip_or_fail("NN_BROWSER_TEST", missing)


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Headless Chromium (one profile), shared by the JupyterLab servers of this file's tests."""
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(request, tmp_path_factory):
    """JupyterLab on notebooks/ (as `make lab-source` starts it) and Chromium, with the lessons of the
    selected tests already running in their tabs."""
    _require_tools()
    server = Lab(tmp_path_factory.mktemp("lab"))
    server.start()
    try:
        server.browser = request.getfixturevalue(
            "chromium"
        )  # Chromium starts while the server does
        server.wait()
        mine = [
            item.name
            for item in request.session.items  # nbval items have no module
            if getattr(item, "module", None) is request.module
        ]
        server.start_lessons(_lessons_to_open(mine))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def workspace_lab(request, tmp_path_factory):
    """JupyterLab as `make lab` starts it, on a student workspace of lessons 00 and 01 made by
    tools/workspace.py (from the release step), and Chromium."""
    _require_tools()
    from tools.workspace import make_workspace

    made = tmp_path_factory.mktemp("workspace")
    lessons = made / "lessons"
    lessons.mkdir()
    for number in ("00", "01"):
        shutil.copy2(NOTEBOOKS / _lesson(number), lessons)
    make_workspace(made / "workspace", notebooks=lessons, build=made / "build")
    server = Lab(made / "home", source=made / "workspace", student=True)
    server.start()
    try:
        server.browser = request.getfixturevalue("chromium")
        server.wait()
        server.open_page()
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _evidence_at_the_end(request):
    """After each test, the page, console and server log go to build/browser/<test>-end.*, pass or fail."""
    yield
    for name in ("lab", "workspace_lab"):
        lab = request.node.funcargs.get(name)
        if lab is not None and lab.used:
            lab.save_evidence(f"{request.node.name}-end")
            lab.used = False


# --- checks on what the student sees ---------------------------------------------------------------


def widget_output(panel, has):
    """The output area (of one cell) in `panel` that holds the widget `has` (a locator made from the page)."""
    area = panel.locator(".jp-OutputArea-output").filter(has=has).first
    area.wait_for()
    return area


def slider(scope, label):
    """The ipywidgets sliders in `scope` (a page, or a locator) whose description matches the regex `label`."""
    page = getattr(scope, "page", scope)
    return scope.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile(label, re.IGNORECASE))
    )


# What `area` shows: the sources of its images, whether all of them are drawn, and the text of every HTML
# widget (the readouts beside a plot), in order.
_WIDGET_STATE = """area => ({
    sources: [...area.querySelectorAll('img')].map(img => img.getAttribute('src')),
    drawn: [...area.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0),
    texts: [...area.querySelectorAll('.widget-html, .widget-htmlmath')].map(el => el.innerText),
})"""


def wait_until_settled(lab, panel, area, changed_from=None, text_must_change=True):
    """Wait until `area`'s images are drawn, its kernel is idle and nothing in it changed for QUIET_S; with
    `changed_from` (a state before a key press or click), also until its images (and texts) differ from it.
    Returns the settled state."""
    last, since = {}, time.monotonic()

    def settled():
        nonlocal last, since
        now = area.evaluate(_WIDGET_STATE)
        idle = panel.locator(_KERNEL_IDLE).count() > 0
        if now != last or not idle:
            last, since = now, time.monotonic()
        changed = changed_from is None or (
            now["sources"] != changed_from["sources"]
            and (now["texts"] != changed_from["texts"] or not text_must_change)
        )
        quiet = time.monotonic() - since >= QUIET_S
        return (
            now["drawn"] and idle and changed and quiet,
            f"kernel {'idle' if idle else 'busy'}, images {'drawn' if now['drawn'] else 'loading'}, "
            + (
                ""
                if changed_from is None
                else f"images {'changed' if now['sources'] != changed_from['sources'] else 'unchanged'}, "
            )
            + f"texts {now['texts']!r}",
        )

    what = (
        "the widget's plot to be drawn and stop changing"
        if changed_from is None
        else "the plot"
        + (" and the readout beside it" if text_must_change else "")
        + " to change and settle"
    )
    lab.wait_until(what, settled)
    return last


def shoot(locator, name):
    """Save a screenshot of `locator` as build/browser/<name>.png and return its PNG bytes."""
    EVIDENCE.mkdir(parents=True, exist_ok=True)
    locator.scroll_into_view_if_needed()
    return locator.screenshot(path=str(EVIDENCE / f"{name}.png"), animations="disabled")


def move_slider_and_check(lab, panel, label, keys, name):
    """Press `keys` on the slider labelled `label` (a regex); its readout, the plot and the texts must change.

    Returns the texts of the widget's HTML readouts after the move, and the slider's new readout.
    """
    with lab.step(f"{name}: find the slider and its plot"):
        area = widget_output(panel, slider(panel.page, label))
        the_slider = slider(area, label).first
        plot = area.locator("img").first
        before = wait_until_settled(lab, panel, area)
        before_png = shoot(plot, f"{name}-plot-before")
        shoot(area, f"{name}-before")
        before_value = the_slider.locator(".widget-readout").inner_text()

    with lab.step(f"{name}: press {', '.join(keys)} on the slider"):
        the_slider.locator(
            ".noUi-handle"
        ).focus()  # as after pressing Tab until the slider is selected
        for key in keys:
            panel.page.keyboard.press(key)
        after = wait_until_settled(lab, panel, area, changed_from=before)
        after_value = the_slider.locator(".widget-readout").inner_text()
        after_png = shoot(plot, f"{name}-plot-after")
        shoot(area, f"{name}-after")
    assert after_value != before_value, (
        f"the {label!r} slider did not move: its readout stayed {before_value}"
    )
    assert after_png != before_png, "the plot looks the same after the slider moved"
    assert after["texts"] != before["texts"], (
        f"no readout beside the plot changed: {after['texts']}"
    )
    return after["texts"], after_value


# --- the lessons --------------------------------------------------------------------------------------


def test_lesson_06_learning_rate_slider(lab):
    """Lesson 06's training explorer: PageUp on the log-scale learning-rate slider retrains and redraws."""
    panel = lab.finished(_lesson("06"))
    # Opened before running: every explorer and quiz is its static picture or question, never an error.
    before = lab.before_run[_lesson("06")]
    assert_no_broken_widgets(before, "lesson 06 opened before running")
    stored = [
        output
        for cell in json.loads((lab.root / _lesson("06")).read_text())["cells"]
        for output in cell.get("outputs", [])
    ]
    pictures = [output for output in stored if "image/png" in output.get("data", {})]
    assert any(output["metadata"].get("nnhelpers_fallback") for output in pictures), (
        "no explorer picture stored"
    )
    assert before["pictures"] == len(pictures) and before["quizzes"] == 2 and before["live"] == 0, (
        before
    )
    after, value = move_slider_and_check(
        lab, panel, r"learning.?rate|\blr\b", ["PageUp"], "06_learning_rate"
    )
    assert any(value in text or f"{float(value):g}" in text for text in after), (
        f"no readout names the new learning rate {value}: {after}"
    )


def test_lesson_04_letter_pad(lab):
    """Lesson 04's draw-a-letter pad: clicking cells flips them and redraws the chart of class scores."""
    panel = lab.finished(_lesson("04"))
    page = panel.page
    colour = "element => getComputedStyle(element).backgroundColor"
    clicked = [0, 7, 14, 22, 29]
    with lab.step("04_letter_pad: find the pad and its chart"):
        # The pad: the widget with 30 clickable cells (buttons, or toggle buttons) in a grid.
        area = widget_output(panel, page.locator(".widget-gridbox button"))
        cells = (
            area.locator(".widget-gridbox")
            .filter(has=page.locator("button"))
            .first.locator("button")
        )
        assert cells.count() == 30, (
            f"the letter pad should have 30 cells (5 x 6), found {cells.count()}"
        )
        chart = area.locator("img").first
        before = wait_until_settled(lab, panel, area)
        before_png = shoot(chart, "04_letter_pad-chart-before")
        shoot(area, "04_letter_pad-before")
        before_colours = [cells.nth(i).evaluate(colour) for i in clicked]
    with lab.step(f"04_letter_pad: click pad cells {clicked}"):
        for i in clicked:
            cells.nth(i).click()
        wait_until_settled(lab, panel, area, changed_from=before, text_must_change=False)
        after_png = shoot(chart, "04_letter_pad-chart-after")
        shoot(area, "04_letter_pad-after")
        after_colours = [cells.nth(i).evaluate(colour) for i in clicked]
    assert all(b != a for b, a in zip(before_colours, after_colours)), (
        f"clicked cells should flip colour: {before_colours} -> {after_colours}"
    )
    assert after_png != before_png, "the score chart looks the same after drawing on the pad"


# --- the student's workspace (make lab) -----------------------------------------------------------------

SIGMOID = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"

_PROMPT = "cell => cell.querySelector('.jp-InputPrompt').textContent.trim()"


def code_cell(panel, code):
    """The first code cell of `panel` whose code holds `code`."""
    return (
        panel.locator(".jp-CodeCell")
        .filter(has=panel.page.locator(".jp-InputArea-editor", has_text=code))
        .first
    )


def run_cell(lab, panel, code):
    """Run the code cell that holds `code` (Shift+Enter in its editor, as a student does) and return
    the text of its output once it has a new execution count and the kernel is idle."""
    with lab.step(f"run the cell '{code}'"):
        cell = code_cell(panel, code)
        before = cell.evaluate(_PROMPT)
        cell.locator(".cm-content").click()
        panel.page.keyboard.press("Shift+Enter")

        def ran():
            prompt = cell.evaluate(_PROMPT)
            idle = panel.locator(_KERNEL_IDLE).count() > 0
            return (
                prompt != before and re.fullmatch(r"\[\d+\]:", prompt) is not None and idle,
                f"prompt {prompt!r} (was {before!r}), kernel {'idle' if idle else 'busy'}",
            )

        lab.wait_until("the cell to run", ran)
        return cell.locator(".jp-OutputArea").inner_text()


def test_workspace_lesson_01_stub_solution_and_reopen(workspace_lab):
    """make lab's workspace: it opens at lesson 00 without nbgrader's tools; in lesson 01 the stub raises,
    a solution typed in passes the self-check, and after a save and a reopen (new kernel) the edit is
    there and the explorer is its static picture, not an error or Python text."""
    lab, notebook = workspace_lab, _lesson("01")
    lab.used = True
    page = lab.page
    with lab.step("open the workspace"):
        page.goto(lab.url(""))  # what `make lab` opens: JupyterLab's default page
        _tab(page, _lesson("00")).wait_for()
        labels = page.locator(".lm-MenuBar-itemLabel")
        labels.filter(has_text=re.compile("^Run$")).wait_for()
        assert "Nbgrader" not in labels.all_inner_texts(), (
            "the student workspace shows the Nbgrader menu"
        )
        assert "course directory root" not in lab.log(), "nbgrader complained in the server log"
    page.goto(lab.url(f"lab/workspaces/ws-{secrets.token_hex(4)}/tree/{notebook}"))
    panel = _open(lab, notebook)
    assert_no_broken_widgets(lab.before_run[notebook], "lesson 01 opened before running")

    run_cell(lab, panel, "import numpy as np")
    run_cell(lab, panel, "def sigmoid(z):")
    failed = run_cell(lab, panel, 'nh.check("sigmoid", sigmoid)')
    assert "sigmoid is not written yet" in failed, f"the stub's self-check said: {failed[-600:]}"

    with lab.step("type a solution into the sigmoid cell"):
        code_cell(panel, "def sigmoid(z):").locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(SIGMOID)
    run_cell(lab, panel, "def sigmoid(z):")
    passed = run_cell(lab, panel, 'nh.check("sigmoid", sigmoid)')
    assert "sigmoid: right." in passed, f"the self-check said: {passed[-600:]}"

    run_cell(lab, panel, "X, y, feature_names = nh.spam_emails")
    run_cell(lab, panel, "nh.NeuronExplorer(")
    explorer = code_cell(panel, "nh.NeuronExplorer(")
    with lab.step("the explorer runs live"):
        explorer.locator(".widget-slider").first.wait_for()

    with lab.step("save, stop the kernel, reopen"):
        # Focus the notebook first: a key press can land in the explorer's slider, which ignores it.
        explorer.locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Control+s")
        last_press = [time.monotonic()]

        on_disk = {}

        def saved():
            # Read from disk, not through the contents API: jupyter_server saves a notebook by
            # writing the file in place (its old copy kept aside as .~<name>), and when the API
            # reads a half-written notebook it puts that old copy back over the save in progress,
            # which then fails ("No such file or directory"). A half-written file is read again.
            try:
                on_disk.update(nbformat.reads((lab.root / notebook).read_text(), as_version=4))
            except ValueError:  # nbformat's NotJSONError
                return False, "the notebook was being written when read; reading again"
            code = "".join(cell["source"] for cell in on_disk["cells"])
            if "1 / (1 + np.exp(-z))" not in code and time.monotonic() - last_press[0] > 10:
                explorer.locator(".jp-InputPrompt").first.click()  # as a student would: save again
                page.keyboard.press("Control+s")
                last_press[0] = time.monotonic()
            return "1 / (1 + np.exp(-z))" in code, "the solution is not on disk yet"

        lab.wait_until("the notebook to be saved", saved)
        stored = on_disk
        outputs = [
            output
            for cell in stored["cells"]
            if "nh.NeuronExplorer(" in cell["source"]
            for output in cell["outputs"]
        ]
        assert [sorted(output["data"]) for output in outputs] == [["image/png", "text/plain"]], (
            outputs
        )
        for session in lab._api("GET", "api/sessions"):
            lab._api("DELETE", f"api/sessions/{session['id']}")
        page.goto(lab.url(f"lab/workspaces/ws-{secrets.token_hex(4)}/tree/{notebook}"))
    panel = _open(lab, notebook)
    reopened = lab.before_run[notebook]
    assert_no_broken_widgets(reopened, "lesson 01 reopened after a save")
    assert reopened["pictures"] >= 1 and reopened["live"] == 0, reopened
    assert "1 / (1 + np.exp(-z))" in code_cell(panel, "def sigmoid(z):").inner_text()
    picture = code_cell(panel, "nh.NeuronExplorer(").locator(".jp-OutputArea")
    shoot(picture, "workspace-01-explorer-reopened")
    assert picture.locator("img").count() == 1
