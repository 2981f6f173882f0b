"""The course on JupyterHub, the whole loop in a real browser (marker `hub`; hub/ is the kit under test).

A trial hub on 127.0.0.1 (python -m hub's setup and start, with accounts made for the test): the
instructor releases lesson 01 from the formgrader (opened in a tab of its own: under JupyterHub's CSP
it refuses to be framed, nbgrader #1870); two students log in, fetch it from the Assignment List,
type their answers into the notebook (one all right, one with two wrong answers and two left
blank), save and submit; the instructor collects in the formgrader, finds its Autograde button
refused, grades in a terminal of their Lab with `python -m tools.grading grade` (each submission in
the bubblewrap sandbox, points decided outside the kernel), generates and releases feedback in the
formgrader; each student fetches feedback and sees their own score and nobody else's. Along the
way: students' menus hold the Assignment List and no formgrader, and no student can read another's
home, the exchange's inbound folder or the instructor's course. One student also adds a Markdown cell whose image
runs script, hands in a blank copy under the classmate's name (nbgrader submit --student) and puts an
entry of links to the instructor's notebook into inbound/ by hand: Collect refuses both and reports them
(build/collect-refused.csv, then grade's report), the classmate's submission stays, and opening each
submission in the formgrader runs no script (screenshot build/hub/instructor-formgrader-submission-with-
script.png).

It creates system accounts (nn-instructor, nn-student1, nn-student2) and runs JupyterHub as root, so
it runs only when asked: NN_HUB_TEST=1, or NN_HUB_TEST=required (.ci/run), where anything missing
(root, Chromium, npm, bubblewrap, the system's Python) fails it instead of skipping it. The hub is
stopped by its PID at the end (it stops the proxy and every user's server), any process the trial's
accounts still run is killed by its PID, and the accounts and their homes are removed.

Screenshots and the hub's log go to build/hub/. Timings (login to Lab per user, grading the two
submissions, the whole test) are printed (pytest -s shows them) and written to build/hub/timings.json.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.grading.submissions import ROOT, cells_by_id, points, strip_markers

sys.path.insert(0, str(ROOT))
from hub import accounts, trial

pytestmark = [pytest.mark.hub, pytest.mark.slow]

MODE = os.environ.get("NN_HUB_TEST", "")
CHROMIUM = os.environ.get("NN_CHROMIUM", "/usr/bin/chromium")
EVIDENCE = ROOT / "build" / "hub"
LESSON = "01_single_neuron"
PASSWORD = "trial-password-42"
WAIT_S = 240 * float(os.environ.get("NN_BROWSER_TIME_SCALE", "1"))
STUDENTS = accounts.students(2)
RIGHT, WRONG = STUDENTS

# What each student types into the answer cells: the instructor's solution, or a wrong answer.
# Cells not named stay as released (raise NotImplementedError / None).
WRONG_ANSWERS = {"relu": "def relu(z):\n    return np.abs(z)", "answer_init": 'answer_init = "a"'}
ANSWERED = {
    RIGHT: ["sigmoid", "relu", "neuron", "gradient_step", "answer_bias", "answer_init"],
    WRONG: ["sigmoid", "relu", "answer_bias", "answer_init"],
}
# The test cells each student's answers pass (read off the lesson: check_<exercise> tests <exercise>).
PASSES = {
    RIGHT: None,  # all of them
    WRONG: ["check_sigmoid", "check_answer_bias"],
}


def missing():
    """Why the hub test cannot run here, or None."""
    if os.geteuid() != 0:
        return "it must run as root (it creates system accounts and runs JupyterHub's LocalProcessSpawner)"
    for tool, package in (
        (CHROMIUM, "chromium"),
        ("/usr/bin/python3", "python3-venv"),
        ("npm", "npm"),
        ("bwrap", "bubblewrap"),
        ("useradd", "passwd"),
        ("runuser", "util-linux"),
    ):
        if shutil.which(tool) is None:
            return f"{tool} is missing (apt-get install {package})"
    return None


def expected_score(student):
    return points(LESSON, PASSES[student])


class Hub:
    """The trial hub, the browser, and what the test measured."""

    def __init__(self, browser, settings, process):
        self.browser, self.settings, self.process = browser, settings, process
        self.url = trial.url(settings).rstrip("/")
        self.pages = {}
        self.timings = {}

    def shoot(self, page, name):
        EVIDENCE.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(EVIDENCE / f"{name}.png"), full_page=True)

    def login(self, name):
        """Log `name` in on the hub's own page (the first log-in sets the password) and wait for their
        JupyterLab to show its menus; return the page and record the time it took."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(WAIT_S * 1000)
        page = context.new_page()
        page.on("pageerror", lambda error: print(f"[{name} page error] {error}"))
        start = time.monotonic()
        page.goto(f"{self.url}/hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(re.compile(f"/user/{name}/lab"))
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for()
        page.locator(".jp-DirListing-content").wait_for()
        self.timings[f"login to Lab: {name}"] = round(time.monotonic() - start, 1)
        self.pages[name] = page
        return page


SCRIPT_CELL = (
    "A Markdown cell with script in it. <img src=x onerror=\"document.title='pwned'; alert('pwned'); "
    "fetch('/user/nn-instructor/api/contents/course/build')\"> <svg><style><img src=x "
    "onerror=\"alert('pwned')\"></style></svg>"
)


def cheat_at_the_exchange(hub):
    """As WRONG, after both students submitted: hand in a blank copy under RIGHT's name (nbgrader submit
    --student), and put in inbound/ by hand an entry of its own whose files are links to the instructor's
    notebook (the solutions). Both are newer than the real submissions."""
    settings = hub.settings
    work = accounts.home(WRONG) / "spoof" / LESSON
    work.mkdir(parents=True)
    shutil.copy(accounts.home(WRONG) / LESSON / f"{LESSON}.ipynb", work)
    subprocess.run(["chown", "-R", f"{WRONG}:{WRONG}", str(work.parent)], check=True)
    blank = nbformat.read(work / f"{LESSON}.ipynb", as_version=4)
    for cell in blank.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "raise NotImplementedError()"
    nbformat.write(blank, work / f"{LESSON}.ipynb")
    trial.as_user(
        settings, WRONG, ["nbgrader", "submit", LESSON, f"--student={RIGHT}"], cwd=work.parent
    )
    inbound = Path(settings["exchange"]) / trial.COURSE_ID / "inbound"
    stamp = "2099-01-01 00:00:00.000000 UTC"
    entry = inbound / f"{WRONG}+{LESSON}+{stamp}+linked"
    solutions = accounts.home(accounts.INSTRUCTOR) / "course" / "notebooks" / f"{LESSON}.ipynb"
    made = run_as(
        WRONG,
        "sh",
        "-c",
        f"mkdir '{entry}' && ln -s '{solutions}' '{entry}/{LESSON}.ipynb' && "
        f"echo '{stamp}' > '{entry}/timestamp.txt'",
    )
    assert made.returncode == 0, made.stderr


def nbgrader_menu(page):
    """The enabled items of JupyterLab's Nbgrader menu."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click()
    items = page.locator(".lm-Menu:visible .lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel")
    items.first.wait_for()
    labels = [text for text in items.all_inner_texts() if text.strip()]
    page.keyboard.press("Escape")
    return labels


def open_assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Assignment List$")).click()
    page.locator("#assignments").wait_for()


def modal_text(page):
    """Wait for the formgrader's success or error dialog; return ('success'|'error', its text) and close it."""
    dialog = page.locator("#success-modal, #error-modal").first
    dialog.wait_for()
    kind = "success" if dialog.get_attribute("id") == "success-modal" else "error"
    text = dialog.locator(".modal-body").inner_text()
    dialog.locator(".modal-footer button").first.click()
    dialog.wait_for(state="detached")
    return kind, text


def answers_for(student):
    source = nbformat.read(ROOT / "notebooks" / f"{LESSON}.ipynb", as_version=4)
    solutions = {gid: strip_markers(cell.source) for gid, cell in cells_by_id(source).items()}
    return {
        gid: WRONG_ANSWERS[gid] if student == WRONG and gid in WRONG_ANSWERS else solutions[gid]
        for gid in ANSWERED[student]
    }


def fetch_edit_submit(hub, student):
    """As `student`: log in, fetch the lesson, type the answers into its cells, save, submit."""
    page = hub.login(student)
    menu = nbgrader_menu(page)
    assert menu == ["Assignment List"], (
        f"{student}'s Nbgrader menu should hold only the Assignment List: {menu}"
    )
    assert page.locator(".lm-TabBar-tab", has_text="Create Assignment").count() == 0, (
        f"{student} sees the Create Assignment sidebar"
    )
    open_assignment_list(page)
    released_item = page.locator("#released_assignments_list .list_item", has_text=LESSON)
    released_item.wait_for()
    hub.shoot(page, f"{student}-assignment-list-released")
    released_item.locator("button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=LESSON).first
    fetched.wait_for()
    hub.shoot(page, f"{student}-assignment-list-fetched")
    fetched.locator("a.assignment-notebooks-link").click()
    page.locator("#fetched_assignments_list .nested_list_item a", has_text=LESSON).click()

    released = nbformat.read(accounts.home(student) / LESSON / f"{LESSON}.ipynb", as_version=4)
    index = {
        cell.metadata["nbgrader"]["grade_id"]: i
        for i, cell in enumerate(released.cells)
        if "nbgrader" in cell.metadata
    }
    notebook = page.locator(".jp-NotebookPanel:visible")
    notebook.locator(".jp-Cell").nth(len(released.cells) - 1).wait_for(state="attached")
    answers = answers_for(student)
    for grade_id, text in answers.items():
        cell = notebook.locator(".jp-Cell").nth(index[grade_id])
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(text)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    saved = accounts.home(student) / LESSON / f"{LESSON}.ipynb"
    deadline = time.monotonic() + WAIT_S
    while True:  # the save reached the student's file: each answer cell holds what was typed
        cells = cells_by_id(nbformat.read(saved, as_version=4))
        if all(cells[gid].source == text for gid, text in answers.items()):
            break
        assert time.monotonic() < deadline, f"{student}'s answers never reached {saved}"
        time.sleep(0.2)

    if student == WRONG:  # and a Markdown cell whose image runs script where it is rendered
        nb = nbformat.read(saved, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell(SCRIPT_CELL))
        nbformat.write(nb, saved)
    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    page.locator("#fetched_assignments_list .list_item", has_text=LESSON).locator(
        "button", has_text="Submit"
    ).click()
    page.locator("#submitted_assignments_list .list_item", has_text=LESSON).first.wait_for()


def grade_in_terminal(hub, page):
    """As the instructor: open a terminal in Lab and run the course's grading command; wait until it ends."""
    build = accounts.home(accounts.INSTRUCTOR) / "course" / "build"
    done = build / "grade-exit.txt"
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^File$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^New$")).hover()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Terminal$")).click()
    page.locator(".jp-Terminal:visible .xterm-screen").wait_for()
    page.locator(".jp-Terminal:visible").click()
    start = time.monotonic()
    page.keyboard.type(
        "cd ~/course && python -m tools.grading grade 2>&1 | tee build/grade-output.txt; "
        "echo ${PIPESTATUS[0]} > build/grade-exit.txt\n"
    )
    while not done.exists() or not done.read_text().strip():
        assert time.monotonic() - start < WAIT_S, "grading in the terminal did not finish"
        time.sleep(0.2)
    hub.timings["grading the two submissions"] = round(time.monotonic() - start, 1)
    hub.shoot(page, "instructor-terminal-grade")
    output = (build / "grade-output.txt").read_text()
    assert done.read_text().strip() == "0", f"python -m tools.grading grade failed:\n{output}"
    return output


def run_as(name, *command):
    return subprocess.run(
        ["runuser", "-u", name, "--", *command], capture_output=True, text=True, check=False
    )


def stop(process):
    """Stop JupyterHub by its PID (it stops the proxy and the users' servers); kill it if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def end_processes_of(names, grace_s=20):
    """Wait for the trial accounts' processes to end; kill, by PID, any still running after `grace_s`."""
    deadline = time.monotonic() + grace_s
    while any(accounts.processes_of(name) for name in names if accounts.exists(name)):
        if time.monotonic() > deadline:
            for name in names:
                for pid in accounts.processes_of(name) if accounts.exists(name) else []:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            time.sleep(0.5)
            break
        time.sleep(0.2)


@pytest.fixture(scope="module")
def hub():
    why = missing()
    if MODE not in ("1", "required"):
        pytest.skip(
            "hub test skipped: it creates system accounts and runs JupyterHub as root; set NN_HUB_TEST=1 "
            "to run it (CI sets NN_HUB_TEST=required)" + (f"; here {why}" if why else "")
        )
    if why:
        if MODE == "required":
            pytest.fail(f"NN_HUB_TEST=required, but {why}", pytrace=False)
        pytest.skip(f"hub test skipped: {why}")
    from playwright.sync_api import sync_playwright

    names = [accounts.INSTRUCTOR, *STUDENTS]
    for name in names:  # a trial left by an earlier run that was killed
        accounts.remove(name)
    if EVIDENCE.exists():
        shutil.rmtree(EVIDENCE)
    EVIDENCE.mkdir(parents=True)
    state = Path(tempfile.mkdtemp(prefix="nn-hub-test-", dir="/tmp"))
    start = time.monotonic()
    process = None
    try:
        settings = trial.setup(
            state, students=len(STUDENTS), lessons=[LESSON], port=trial.free_port()
        )
        setup_s = time.monotonic() - start
        process = trial.start(state, log=EVIDENCE / "jupyterhub.log")
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                urllib.request.urlopen(f"{trial.url(settings)}hub/login", timeout=2)
                break
            except OSError:
                assert process.poll() is None, (
                    f"JupyterHub exited: see {EVIDENCE / 'jupyterhub.log'}"
                )
                assert time.monotonic() < deadline, "JupyterHub did not answer"
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            the_hub = Hub(browser, settings, process)
            the_hub.timings["setup (environment, accounts, release)"] = round(setup_s, 1)
            try:
                yield the_hub
            finally:
                for name, page in the_hub.pages.items():  # what each user's browser showed last
                    try:
                        the_hub.shoot(page, f"{name}-end")
                    except Exception:
                        pass
                browser.close()
                the_hub.timings["whole test"] = round(time.monotonic() - start, 1)
                (EVIDENCE / "timings.json").write_text(json.dumps(the_hub.timings, indent=1))
                print("\nhub test timings (s):", json.dumps(the_hub.timings, indent=1))
    finally:
        if process is not None:
            stop(process)
        end_processes_of(names)
        for name in names:
            accounts.remove(name)
        shutil.rmtree(state, ignore_errors=True)


def test_the_whole_loop_in_a_browser(hub):
    instructor = hub.login(accounts.INSTRUCTOR)
    menu = nbgrader_menu(instructor)
    assert "Formgrader" in menu and "Assignment List" in menu, (
        f"the instructor's Nbgrader menu: {menu}"
    )

    # Release, from the formgrader in a tab of its own.
    formgrader = instructor.context.new_page()
    formgrader.goto(f"{hub.url}/user/{accounts.INSTRUCTOR}/formgrader")
    formgrader.locator("tr", has_text=LESSON).locator("td.release a").click()
    kind, text = modal_text(formgrader)
    assert kind == "success", text

    for student in STUDENTS:
        fetch_edit_submit(hub, student)
    # A student has no formgrader, and no way into another user's server.
    student = hub.pages[RIGHT]
    assert student.request.get(f"{hub.url}/user/{RIGHT}/formgrader").status == 404
    other = student.request.get(f"{hub.url}/user/{WRONG}/api/contents")
    assert other.status == 403, (
        f"{RIGHT} reached {WRONG}'s server: {other.status} {other.text()[:200]}"
    )

    cheat_at_the_exchange(hub)

    # Collect: only what each account handed in itself, no link followed; the formgrader's own Autograde
    # is refused (it would run student code unsandboxed).
    formgrader.bring_to_front()
    formgrader.reload()
    formgrader.locator("tr", has_text=LESSON).locator("td.collect a").click()
    kind, text = modal_text(formgrader)
    assert kind == "success", text
    build = accounts.home(accounts.INSTRUCTOR) / "course" / "build"
    refused = (build / "collect-refused.csv").read_text()
    assert f"the entry is owned by {WRONG}, not by {RIGHT}" in refused, refused
    assert f"it holds a symbolic link ({LESSON}.ipynb)" in refused, refused
    collected = nbformat.read(
        build / "submitted" / RIGHT / LESSON / f"{LESSON}.ipynb", as_version=4
    )
    assert (
        "raise NotImplementedError()" not in cells_by_id(collected)["relu"].source
    )  # RIGHT's own stays
    formgrader.goto(f"{hub.url}/user/{accounts.INSTRUCTOR}/formgrader/manage_submissions/{LESSON}")
    formgrader.locator("tr", has_text=RIGHT).locator("td.autograde a").click()
    kind, text = modal_text(formgrader)
    assert kind == "error" and "switched off" in text, text

    # Grade in a terminal of the instructor's Lab: the sandboxed, trusted path.
    instructor.bring_to_front()
    output = grade_in_terminal(hub, instructor)
    assert "0 of 2 submissions in" in output, output
    assert output.count("refused at collect") == 2, output

    formgrader.bring_to_front()
    formgrader.reload()
    for student in STUDENTS:
        row = formgrader.locator("tr", has_text=student)
        assert "Trial" in row.inner_text(), f"the class list names {student}: {row.inner_text()}"
        score = float(expected_score(student))
        assert re.fullmatch(
            rf"{score:g} / {points(LESSON):g}", row.locator("td.score").inner_text().strip()
        ), f"{student}: {row.inner_text()}"
    hub.shoot(formgrader, "instructor-formgrader-two-submissions")

    # The instructor opens each submission in the formgrader: the Markdown cell with script runs nothing.
    dialogs = []
    formgrader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    formgrader.goto(f"{hub.url}/user/{accounts.INSTRUCTOR}/formgrader/gradebook/{LESSON}/{LESSON}")
    formgrader.locator("td a", has_text="Submission #").first.wait_for()
    views = [
        link.get_attribute("href")
        for link in formgrader.locator("td a", has_text="Submission #").all()
    ]
    assert len(views) == 2, views
    shown = []
    for view in views:
        formgrader.goto(f"{hub.url}{view}" if view.startswith("/") else view)
        formgrader.locator("#notebook-container, .cell").first.wait_for()
        formgrader.wait_for_timeout(1000)
        text = formgrader.locator("body").inner_text()
        if "A Markdown cell with script in it." in text:
            shown.append(formgrader.title())
            hub.shoot(formgrader, "instructor-formgrader-submission-with-script")
    assert shown and "pwned" not in shown[0] and not dialogs, (shown, dialogs)

    # Generate (sanitised, hub.guard.FeedbackExporter) and release feedback, from the formgrader.
    formgrader.goto(f"{hub.url}/user/{accounts.INSTRUCTOR}/formgrader")
    formgrader.locator("tr", has_text=LESSON).locator("td.generate-feedback a").click()
    kind, text = modal_text(formgrader)
    assert kind == "success", text
    formgrader.locator("tr", has_text=LESSON).locator("td.release-feedback a").click()
    kind, text = modal_text(formgrader)
    assert kind == "success", text

    # Each student fetches their feedback and sees their own score and messages, and nobody else's.
    pages = {}
    for student in STUDENTS:
        page = hub.pages[student]
        page.bring_to_front()
        page.locator("#refresh_assignments_list").click()
        submitted = page.locator("#submitted_assignments_list .list_item", has_text=LESSON).first
        submitted.locator("button", has_text="Fetch Feedback").click()
        page.locator("#submitted_assignments_list a", has_text="view feedback").wait_for()
        feedback = sorted((accounts.home(student) / LESSON / "feedback").glob(f"*/{LESSON}.html"))
        assert len(feedback) == 1, feedback
        relative = feedback[0].relative_to(accounts.home(student))
        view = page.context.new_page()
        view.goto(f"{hub.url}/user/{student}/files/{relative}")
        view.locator("h4", has_text="Score").first.wait_for()
        view.screenshot(path=str(EVIDENCE / f"{student}-feedback.png"))  # the top: the scores
        hub.shoot(view, f"{student}-feedback-full")
        pages[student] = view.locator("body").inner_text()
        (EVIDENCE / f"{student}-feedback.txt").write_text(pages[student])
    for student, text in pages.items():
        assert (
            f"{LESSON} (Score: {float(expected_score(student))} / {float(points(LESSON))})" in text
        ), text[:500]
        assert all(other not in text for other in STUDENTS if other != student), (
            f"{student}'s page names another"
        )
    assert "Test cell (Score: 0.0 / 2.0)" in pages[WRONG]  # relu, neuron, ... failed
    # The self-check's words, from the autograde run, and the grader's, from the judge run.
    assert "relu is wrong" in pages[WRONG] and "Negative inputs come out positive" in pages[WRONG]
    assert "Grader: mistake. On the grader's own inputs" in pages[WRONG]
    assert "sigmoid: right." in pages[WRONG]
    assert "Test cell (Score: 0.0 / 2.0)" not in pages[RIGHT]

    # Files: no student reads another's home, the exchange's inbound folder, the instructor's course or the
    # hub's secrets (password hashes, cookie secret).
    exchange = Path(hub.settings["exchange"]) / trial.COURSE_ID
    for reader, target in (
        (RIGHT, accounts.home(WRONG)),
        (RIGHT, exchange / "inbound"),
        (RIGHT, accounts.home(accounts.INSTRUCTOR) / "course" / "build"),
        (RIGHT, Path(hub.settings["state"]) / "secrets"),
    ):
        listing = run_as(reader, "ls", str(target))
        assert listing.returncode != 0 and "Permission denied" in listing.stderr, (
            f"{reader} listed {target}"
        )
    submission = next((accounts.home(WRONG) / LESSON).glob("*.ipynb"))
    assert run_as(RIGHT, "cat", str(submission)).returncode != 0
    # The exchange's modes, as README says; each submission folder is owned by the account that made it.
    modes = {
        name: oct((exchange / name).stat().st_mode & 0o777)
        for name in ("outbound", "inbound", "feedback")
    }
    assert modes == {"outbound": "0o755", "inbound": "0o733", "feedback": "0o711"}, modes
    inbound = sorted(
        (exchange / "inbound").iterdir()
    )  # the two real ones, the spoofed and the linked
    assert len(inbound) == 4
    assert (
        sum(
            folder.owner() == folder.name.split("+")[0]
            and not any(p.is_symlink() for p in folder.iterdir())
            for folder in inbound
        )
        == 2
    ), inbound
