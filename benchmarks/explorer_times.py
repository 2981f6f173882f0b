"""What a student waits for at every explorer: key press (or dropdown change, or click) to the new picture
and readout, in JupyterLab in Debian's Chromium. `make bench` runs it (benchmarks/run.py); on its own:

    .venv/bin/python benchmarks/explorer_times.py              # every explorer of the course
    .venv/bin/python benchmarks/explorer_times.py 07 --port 9500

For each lesson with an explorer: open the notebook in JupyterLab, Run All, then change every control of
every explorer CHANGES times (sliders step one way with the arrow keys, dropdowns visit their options,
checkboxes are ticked and unticked), each time waiting until the kernel is idle and the page is quiet.
The page itself times each change: from the first keydown/input/change/click in the explorer's output
area to the last change the student sees there, the new plot image loaded or a new readout (a change of
readout counts as a redraw: lesson 05's diverged runs leave the same picture). Then, on the first slider:
a held arrow key (HELD_STEPS key repeats REPEAT_MS apart, then the release; the figure is the time from
the release to the last image), and, where there is an epochs slider, the End key (to its largest value)
and steps down from there.

Prints one row per control (median and worst) and writes build/explorer_times.json. Needs Chromium
(/usr/bin/chromium, `apt-get install chromium`) and playwright (pinned). No browser is ever downloaded.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.workspace import lab_command

CHROMIUM = os.environ.get("NN_CHROMIUM", "/usr/bin/chromium")
LESSONS = ("00", "01", "02", "03", "05", "06", "07")
CHANGES = 7  # changes per control
HELD_STEPS, REPEAT_MS = (
    10,
    33,
)  # a held key: 10 repeats at a usual keyboard repeat rate (30 per second)
QUIET_S = 0.6  # a change is over once the kernel is idle and nothing changed for this long
LIMIT_S = 600  # any wait gives up after this long
GOAL_MS, HELD_GOAL_MS = 100, 300
OUT = ROOT / "build" / "explorer_times.json"

# The page's timer on an explorer's output area: `start` at the first input event, `last` at the latest
# image load or readout (HTML widget) change, `release` at a keyup.
_ARM = """area => {
    if (!area.__timer) {
        const t = area.__timer = {};
        for (const type of ['keydown', 'input', 'change', 'click'])
            area.addEventListener(type, e => { if (t.start === null) t.start = e.timeStamp; }, true);
        area.addEventListener('keyup', e => { t.release = e.timeStamp; }, true);
        area.addEventListener('load', e => {
            if (e.target.tagName === 'IMG' && t.start !== null) { t.last = performance.now(); t.images++; }
        }, true);
        new MutationObserver(changes => {
            const readout = changes.some(m => {
                const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
                return node && node.closest('.widget-html, .widget-htmlmath');
            });
            if (readout && t.start !== null) { t.last = performance.now(); t.readouts++; }
        }).observe(area, {childList: true, subtree: true, characterData: true});
    }
    Object.assign(area.__timer, {start: null, last: null, release: null, images: 0, readouts: 0});
}"""
_READ = "area => Object.assign({}, area.__timer)"
_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
_RUN_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-CodeCell')]
        .filter(c => c.querySelector('.jp-InputArea-editor').textContent.trim() !== '');
    const prompt = c => c.querySelector('.jp-InputPrompt').textContent.trim();
    return {total: cells.length, done: cells.filter(c => c.dataset.rerun && /^\\[\\d+\\]:$/.test(prompt(c))).length,
            error: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                .map(o => o.textContent).find(text => text.includes('Traceback')) || null};
}"""
_WATCH_PROMPTS = """() => document.querySelectorAll('.jp-CodeCell').forEach(cell => new MutationObserver(
    () => cell.dataset.rerun = '1').observe(cell.querySelector('.jp-InputPrompt'),
                                            {childList: true, subtree: true, characterData: true}))"""


def wait_until(what, check, poll=0.05):
    deadline = time.monotonic() + LIMIT_S
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {LIMIT_S} s for {what}")
        time.sleep(poll)


class Lab:
    """JupyterLab (as `make lab-source` starts it) on a temporary copy of notebooks/, stopped by its PID."""

    def __init__(self, port):
        self.home = Path(tempfile.mkdtemp(prefix="explorer-times-"))
        shutil.copytree(ROOT / "notebooks", self.home / "notebooks")
        settings = self.home / "settings" / "@jupyterlab"
        for name, value in (
            (
                "notebook-extension/tracker",
                {"windowingMode": "none", "autoStartDefaultKernel": True},
            ),
            ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
        ):
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / f"{name}.jupyterlab-settings").write_text(json.dumps(value))
        if not port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
        self.port, self.token = port, secrets.token_hex(16)
        command, env = lab_command(self.home / "notebooks", "00_start_here.ipynb", student=False)
        env.pop("MPLBACKEND", None)  # the kernels use their inline backend, as for a student
        env.update(
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            OPENBLAS_NUM_THREADS="1",
        )
        command += [
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={self.home / 'settings'}",
            f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
        ]
        self.log = open(self.home / "jupyter.log", "wb")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            command,
            cwd=self.home,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

        def answers():
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/status?token={self.token}", timeout=2
                )
                return True
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError((self.home / "jupyter.log").read_text()[-3000:])
                return False

        wait_until("JupyterLab to answer", answers, poll=0.2)

    def url(self, notebook):
        return f"http://127.0.0.1:{self.port}/lab/workspaces/t{secrets.token_hex(4)}/tree/{notebook}?token={self.token}"

    def _api(self, method, path):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def stop_kernels(self):
        for session in self._api("GET", "api/sessions"):
            self._api("DELETE", f"api/sessions/{session['id']}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


def run_all(page, notebook):
    """Open `notebook` in `page`, wait for its kernel, Run All from the Run menu, wait until every cell ran."""
    page.goto(notebook)
    wait_until(
        "the kernel",
        lambda: (
            page.locator(_IDLE).count() > 0
            and any(
                " | Idle" in text
                for text in page.locator(
                    "#jp-main-statusbar .jp-StatusBar-TextItem"
                ).all_inner_texts()
            )
        ),
    )
    page.evaluate(_WATCH_PROMPTS)
    entry = page.locator(
        ".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
        has_text=re.compile("^Run All Cells$"),
    )

    def menu_open():
        if not entry.count():
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
        return entry.count() > 0

    wait_until("the Run menu", menu_open, poll=0.3)
    entry.click()

    def ran():
        state = page.evaluate(_RUN_STATE)
        if state["error"]:
            raise RuntimeError(f"a cell failed under Run All: {state['error'][:2000]}")
        return state["done"] == state["total"] and page.locator(_IDLE).count() > 0

    wait_until("Run All", ran, poll=0.2)


def timed(page, area, act):
    """Arm the timer, act(), wait until the kernel is idle and the area quiet; return the timer."""
    area.evaluate(_ARM)
    act()
    seen, since = None, time.monotonic()

    def quiet():
        nonlocal seen, since
        now = area.evaluate(_READ)
        if now != seen or not page.locator(_IDLE).count():
            seen, since = now, time.monotonic()
        return time.monotonic() - since >= QUIET_S

    wait_until("the explorer to settle", quiet)
    return seen


def ms(timer, since="start"):
    """Milliseconds from the timer's `since` to the last thing the student saw change, or None if nothing did."""
    if timer["last"] is None or timer[since] is None:
        return None
    return round(timer["last"] - timer[since], 1)


def controls(area):
    """(label, kind, [changes]) for each control of the explorer in `area`, in the order shown."""
    found = []
    for handle in area.locator(".widget-slider .noUi-handle").all():
        label = (
            handle.locator("xpath=ancestor::div[contains(@class, 'widget-slider')]")
            .locator(".widget-label")
            .first.inner_text()
        )
        low, now, high = (
            float(handle.get_attribute(f"aria-value{a}")) for a in ("min", "now", "max")
        )
        way = {"key": "ArrowRight" if high - now >= now - low else "ArrowLeft"}

        def press(handle=handle, way=way, low=low, high=high):
            now = float(handle.get_attribute("aria-valuenow"))  # at an end it turns round
            if now >= high or now <= low:
                way["key"] = "ArrowLeft" if now >= high else "ArrowRight"
            handle.focus()
            handle.press(way["key"])

        found.append((label, "slider", [press] * CHANGES))
    for box in area.locator(".widget-dropdown").all():
        select = box.locator("select")
        n, start = select.locator("option").count(), select.evaluate("s => s.selectedIndex")
        found.append(
            (
                box.locator(".widget-label").first.inner_text(),
                "dropdown",
                [
                    lambda select=select, k=k: select.select_option(index=k)
                    for k in [(start + i) % n for i in range(1, n)][:CHANGES]
                ],
            )
        )
    for box in area.locator(".widget-checkbox").all():
        found.append(
            (box.inner_text().strip(), "checkbox", [box.locator("input").click] * (CHANGES + 1))
        )
    return found


def held_key(page, handle):
    """HELD_STEPS key repeats REPEAT_MS apart on the slider `handle`, then the release."""
    low, now, high = (float(handle.get_attribute(f"aria-value{a}")) for a in ("min", "now", "max"))
    key = "ArrowRight" if high - now >= now - low else "ArrowLeft"
    handle.focus()
    for _ in range(HELD_STEPS):
        page.keyboard.down(key)  # a repeat: keydown again without a keyup
        time.sleep(REPEAT_MS / 1000)
    page.keyboard.up(key)


def measure(page, number, notebook):
    """The rows of lesson `number`: one per control of each explorer, then the held key and the epochs' end."""
    run_all(page, notebook)
    rows = []
    areas = (
        page.locator(".jp-OutputArea-output")
        .filter(has=page.locator("img"))
        .filter(has=page.locator(".widget-slider, .widget-dropdown, .widget-checkbox"))
    )
    for index in range(areas.count()):
        area = areas.nth(index)
        area.scroll_into_view_if_needed()
        explorer = f"{number}.{index + 1}"
        for label, kind, changes in controls(area):
            times = [ms(timed(page, area, change)) for change in changes]
            rows.append({"explorer": explorer, "control": label, "kind": kind, "times_ms": times})
        handles = area.locator(".widget-slider .noUi-handle")
        first = handles.first
        label = area.locator(".widget-slider .widget-label").first.inner_text()
        held = [timed(page, area, lambda: held_key(page, first)) for _ in range(3)]
        rows.append(
            {
                "explorer": explorer,
                "control": f"{label}: held key, {HELD_STEPS} steps",
                "kind": "held",
                # an image shown before the release leaves nothing to wait for: 0, not less
                "times_ms": [
                    None if ms(t, "release") is None else max(0.0, ms(t, "release")) for t in held
                ],
                "from_first_key_ms": [ms(t) for t in held],
            }
        )
        epochs = area.locator(".widget-slider").filter(
            has=page.locator(".widget-label", has_text="epochs")
        )
        if epochs.count():
            handle = epochs.locator(".noUi-handle").first

            def to_end():
                handle.focus()
                handle.press("End")

            def step_down():
                handle.focus()
                handle.press("ArrowLeft")

            end = timed(page, area, to_end)
            rows.append(
                {
                    "explorer": explorer,
                    "control": f"epochs -> {handle.get_attribute('aria-valuenow')} (End)",
                    "kind": "epochs end",
                    "times_ms": [ms(end)],
                }
            )
            rows.append(
                {
                    "explorer": explorer,
                    "control": "epochs, steps down from the end",
                    "kind": "slider",
                    "times_ms": [ms(timed(page, area, step_down)) for _ in range(CHANGES)],
                }
            )
    if not rows:
        raise RuntimeError(f"{notebook} shows no explorer")
    for row in rows:
        done = [t for t in row["times_ms"] if t is not None]
        row["median_ms"] = round(statistics.median(done), 1) if done else None
        row["worst_ms"] = max(done) if done else None
        row["no_change"] = len(row["times_ms"]) - len(done)
        row["goal_ms"] = HELD_GOAL_MS if row["kind"] == "held" else GOAL_MS
        row["ok"] = (
            row["median_ms"] is not None
            and row["median_ms"] <= row["goal_ms"]
            and not row["no_change"]
        )
    return rows


def table(rows):
    lines = [
        f"{'explorer':<8}  {'control':<36}  {'median':>6}  {'worst':>6}  {'goal':>5}  status",
        f"{'-' * 8}  {'-' * 36}  {'-' * 6}  {'-' * 6}  {'-' * 5}  ------",
    ]
    for row in rows:
        median = "-" if row["median_ms"] is None else f"{row['median_ms']:.0f}"
        worst = "-" if row["worst_ms"] is None else f"{row['worst_ms']:.0f}"
        note = f" ({row['no_change']} changes showed nothing new)" if row["no_change"] else ""
        lines.append(
            f"{row['explorer']:<8}  {row['control'][:36]:<36}  {median:>6}  {worst:>6}  {row['goal_ms']:>5}  "
            f"{'ok' if row['ok'] else 'MISSED'}{note}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "lessons", nargs="*", default=LESSONS, help=f"lesson numbers (default: {' '.join(LESSONS)})"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="JupyterLab's port (default: a free one)"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"Chromium is not installed ({CHROMIUM} is missing; `apt-get install chromium` installs it)"
        )
    from playwright.sync_api import sync_playwright

    lab, rows = Lab(args.port), []
    report = {
        "cpus": os.cpu_count(),
        "load_average": {"before": [round(x, 2) for x in os.getloadavg()]},
    }
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            for number in args.lessons:
                notebook = next(
                    p.name for p in sorted((ROOT / "notebooks").glob(f"{number}_*.ipynb"))
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(LIMIT_S * 1000)
                try:
                    rows += measure(page, number, lab.url(notebook))
                finally:
                    page.close()
                    lab.stop_kernels()
                report.update(created=time.strftime("%Y-%m-%dT%H:%M:%S"), rows=rows)
                report["load_average"]["after"] = [round(x, 2) for x in os.getloadavg()]
                OUT.parent.mkdir(exist_ok=True)
                OUT.write_text(
                    json.dumps(report, indent=2) + "\n"
                )  # after each lesson: a stopped run keeps it
                print(
                    f"lesson {number} measured (load average {os.getloadavg()[0]:.1f})",
                    file=sys.stderr,
                    flush=True,
                )
            browser.close()
    finally:
        lab.stop()
    print(table(rows))
    print(
        f"\nload average {report['load_average']['before'][0]} before, {report['load_average']['after'][0]} after, "
        f"on {report['cpus']} CPUs; written to {OUT.relative_to(ROOT)}"
    )
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
