"""The course in other languages, kept in step with the English by gettext catalogues (`make translations`).

    python -m tools.translations update [--lang uk]   catalogues from notebooks/; lists what needs a translator
    python -m tools.translations build [--lang uk] [--force]   notebooks-uk/ from notebooks/ + catalogues
    python -m tools.translations release [--lang uk]  student copies of notebooks-uk/: build/uk/release/
    python -m tools.translations lab [--lang uk] [JUPYTER LAB ARGUMENTS...]   your Ukrainian workspace

English (notebooks/) is the source. locale/<lang>/LC_MESSAGES/<lesson>.po holds one entry per Markdown
heading, paragraph, list item and table row and per code comment (tools/segments.py), its msgctxt the
cell id and the piece's number ("c012:3", "c013:#0"). `update` keeps every translation whose English is
unchanged, marks fuzzy (with the old English as "#| msgid") exactly the entries whose English changed,
adds the new ones untranslated and drops the ones gone. It also refreshes nnhelpers.po, the strings
that nnhelpers and the workspace tool print through `_()` (nnhelpers/i18n/).

locale/<lang>/lessons.txt names the lessons the edition releases: each must be fully translated
(tests/course/test_translations.py fails on a missing or fuzzy entry). `build` writes notebooks-<lang>/ for
them (same cells, ids, code and nbgrader metadata as the English; Markdown and comments translated),
re-executes each notebook whose text changed (with NN_LANG=<lang>) and compiles nnhelpers.mo.
"""

import argparse
import io
import os
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tools.grading.quizzes import WHYS_DOMAIN, quiz_texts, quiz_whys
from tools.segments import WORD, cell_segments, notebook_segments, translate_source

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
LOCALE = REPO / "locale"
LANGUAGES = {"uk": "Українська"}
HEADER = """# {name}: the course "Neural networks from scratch", one entry per paragraph of its English.
# Made and refreshed by `make translations` (tools/translations.py); edit msgstr only.
#"""
# The Python files whose messages go through nnhelpers.i18n's `_()`.
PYTHON_SOURCES = [
    "nnhelpers/versions.py",
    "nnhelpers/quiz.py",
    "nnhelpers/yours.py",
    "tools/workspace.py",
    "tools/translations.py",
    "nnhelpers/exercises/core.py",
    "nnhelpers/exercises/selfcheck.py",
    "nnhelpers/exercises/hints.py",
    *(f"nnhelpers/exercises/lesson{n:02d}.py" for n in range(1, 9)),
    # The engine's errors, and what the plots, explorers, tables and lesson 08's tools show (issue 26).
    *(
        f"nnhelpers/engine/{name}.py"
        for name in ("validation", "activations", "initializers", "layers", "losses", "network")
    ),
    *(
        f"nnhelpers/display/{name}.py"
        for name in (
            "plots",
            "colors",
            "bands",
            "regions",
            "fallback",
            "neuron_explorer",
            "shape_explorer",
            "letter_pad",
            "training_explorer",
        )
    ),
    *(
        f"nnhelpers/experiments/{name}.py"
        for name in ("seeds", "seed_stats", "compare", "metrics", "signal_spread")
    ),
    "nnhelpers/data/letter_bitmaps.py",
    "nnhelpers/data/toy_tasks.py",
    "nnhelpers/diagnostics/gradcheck.py",
    "nnhelpers/diagnostics/debug_tools.py",
    # What a student reads on a feedback page of `make grade LANG=uk`.
    "nnhelpers/harness.py",
    "tools/grading/judge.py",
    "tools/grading/execute.py",
    "tools/grading/run.py",
    "tools/grading/page_words.py",
    "tools/grading/results.py",
    "tools/grading/scores.py",
    "tools/grading/quizzes.py",
]


def lessons(notebooks=NOTEBOOKS):
    """The course's notebooks, in lesson order."""
    return sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))


def catalogue_path(lesson, lang="uk", locale=LOCALE):
    return Path(locale) / lang / "LC_MESSAGES" / f"{lesson}.po"


def released(lang="uk", locale=LOCALE):
    """The lessons (stems) the edition releases, from locale/<lang>/lessons.txt."""
    lines = (Path(locale) / lang / "lessons.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def edition(lang="uk"):
    """The folder of the edition's notebooks, e.g. notebooks-uk/."""
    return REPO / f"notebooks-{lang}"


def read_catalogue(path, lang="uk"):
    """The catalogue at `path`, or an empty one for `lang` when there is none yet."""
    if not Path(path).exists():
        return Catalog(
            locale=lang,
            domain=Path(path).stem,
            project="Neural networks from scratch",
            version="1",
            copyright_holder="the course authors",
            msgid_bugs_address="",
            header_comment=HEADER.format(name=LANGUAGES[lang]),
            last_translator="the course authors",
            language_team=f"{LANGUAGES[lang]} edition of the course",
            fuzzy=False,
        )
    with open(path, "rb") as file:
        return read_po(file, locale=lang)


def po_text(catalogue):
    """The catalogue as the text of a .po file (obsolete entries dropped, old English of fuzzy kept)."""
    out = io.BytesIO()
    write_po(out, catalogue, ignore_obsolete=True, include_previous=True, width=100)
    return out.getvalue().decode("utf-8")


def messages(catalogue):
    """{msgctxt or msgid: message} of every entry but the header."""
    return {(message.context or message.id): message for message in catalogue if message.id}


def refreshed(old, pieces, lang="uk"):
    """A new catalogue for `pieces` [(key or None, English, comment)], keeping `old`'s translations: an entry
    whose English is unchanged stays as it was; one whose English changed keeps its translation marked
    fuzzy (unless the new English is translated word for word elsewhere in `old`: a moved paragraph);
    a new one starts empty, and so does one whose key now holds a paragraph inserted before the old one
    (the old English is still there, under the next key)."""
    before = messages(old)
    known = {m.id: m.string for m in before.values() if m.string and not m.fuzzy}
    still_there = {english for _key, english, _kind in pieces}
    new = Catalog(
        locale=lang,
        domain=old.domain,
        project=old.project,
        version=old.version,
        copyright_holder=old.copyright_holder,
        msgid_bugs_address=old.msgid_bugs_address,
        header_comment=old.header_comment,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        last_translator=old.last_translator,
        language_team=old.language_team,
        fuzzy=False,
    )
    for key, english, comment in pieces:
        message = before.get(key or english)
        if message is not None and message.id == english:
            string, fuzzy, previous = message.string, message.fuzzy, message.previous_id
        elif english in known:
            string, fuzzy, previous = known[english], False, ()
        elif message is not None and message.string and message.id not in still_there:
            string, fuzzy, previous = message.string, True, message.id
        else:
            string, fuzzy, previous = "", False, ()
        new.add(
            english,
            string,
            auto_comments=[comment] if comment else (),
            context=key,
            flags=["fuzzy"] if fuzzy else (),
            previous_id=previous,
        )
    return new


def lesson_pieces(path):
    """[(key, English, comment)] of the lesson at `path`, in order."""
    nb = nbformat.read(path, as_version=4)
    return [(s.key, s.text, s.kind) for s in notebook_segments(nb)]


def python_pieces(notebooks=NOTEBOOKS):
    """[(None, msgid, where)] of every `_("...")` in PYTHON_SOURCES ("file:line") and of every quiz's
    question and option in the lessons ("lesson: quiz variable"), which nnhelpers shows through `_()`
    (no msgctxt: gettext looks them up by their English)."""
    pieces = {}
    for name in PYTHON_SOURCES:
        for lineno, message, _comments, _context in extract_from_file(
            "python", REPO / name, keywords={"_": None}
        ):
            pieces.setdefault(message, f"{name}:{lineno}")
    for path in lessons(notebooks):
        for text, where in quiz_texts(path):
            if WORD.search(text):  # an option such as "(32, 5)" is the same in every language
                pieces.setdefault(text, f"{path.stem}: {where}")
    return [(None, message, where) for message, where in pieces.items()]


def why_pieces(notebooks=NOTEBOOKS):
    """[(None, why, "lesson: grade id (letter)")] of every graded quiz's whys: the catalogue
    quiz-keys.po, which only the grader and `make lab` read (tools/grading/quizzes.py)."""
    pieces = {}
    for path in lessons(notebooks):
        for text, where in quiz_whys(path):
            pieces.setdefault(text, f"{path.stem}: {where}")
    return [(None, message, where) for message, where in pieces.items()]


def needing_work(catalogue):
    """The entries a translator must look at: [(key, "untranslated" | "fuzzy", English)]."""
    return [
        (key, "fuzzy" if m.fuzzy else "untranslated", m.id)
        for key, m in messages(catalogue).items()
        if m.fuzzy or not m.string
    ]


def update(lang="uk", notebooks=NOTEBOOKS, locale=LOCALE, show=None):
    """Refresh every catalogue of `lang` from the English; print per lesson its coverage and, for the
    released lessons (or `show`), the entries that need a translator. Returns {lesson: (done, total)}."""
    coverage = {}
    show = set(released(lang, locale) + ["nnhelpers", WHYS_DOMAIN] if show is None else show)
    targets = [(path.stem, lesson_pieces(path)) for path in lessons(notebooks)]
    targets.append(("nnhelpers", python_pieces(notebooks)))
    targets.append((WHYS_DOMAIN, why_pieces(notebooks)))
    for name, pieces in targets:
        path = catalogue_path(name, lang, locale)
        old = read_catalogue(path, lang)
        new = refreshed(old, pieces, lang)
        if not path.exists() or po_text(new) != po_text(old):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(po_text(new), encoding="utf-8")
        todo = needing_work(new)
        total = len(messages(new))
        coverage[name] = (total - len(todo), total)
        print(
            f"{name}: {total - len(todo)}/{total} translated"
            + (f", {len(todo)} need a translator" if todo else "")
        )
        if name in show:
            for key, state, english in todo:
                print(f"    {key.splitlines()[0][:24]} ({state}): {english[:70]!r}")
    return coverage


def translated_notebook(path, catalogue):
    """The lesson at `path` with every piece replaced by its translation (fuzzy and empty ones stay
    English); outputs are kept as they were."""
    nb = nbformat.read(path, as_version=4)
    strings = {key: m.string for key, m in messages(catalogue).items() if m.string and not m.fuzzy}
    for cell in nb.cells:
        cell.source = translate_source(cell.source, cell_segments(cell), strings)
    return nb


def same_sources(a, b):
    """True when notebooks `a` and `b` have the same cells (types, sources, metadata), outputs aside."""
    return [(c.cell_type, c.source, c.metadata) for c in a.cells] == [
        (c.cell_type, c.source, c.metadata) for c in b.cells
    ]


def compile_python_catalogue(lang="uk", locale=LOCALE):
    """nnhelpers/i18n/locale/<lang>/LC_MESSAGES/nnhelpers.mo from locale/<lang>/LC_MESSAGES/nnhelpers.po
    (fuzzy entries left out); returns its path."""
    from nnhelpers.i18n import mo_path

    target = mo_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as file:
        write_mo(file, read_catalogue(catalogue_path("nnhelpers", lang, locale), lang))
    return target


def build(lang="uk", force=False, run=True):
    """Write notebooks-<lang>/ for the released lessons and re-execute the ones whose text changed."""
    from tools.run_notebooks import run as run_notebook

    out = edition(lang)
    out.mkdir(exist_ok=True)
    print(f"compiled {compile_python_catalogue(lang).relative_to(REPO)}")
    names = released(lang)
    for stale in sorted({p.stem for p in lessons(out)} - set(names)):
        (out / f"{stale}.ipynb").unlink()
        print(f"removed {out.name}/{stale}.ipynb (not released in {lang})")
    for name in names:
        nb = translated_notebook(
            NOTEBOOKS / f"{name}.ipynb", read_catalogue(catalogue_path(name, lang), lang)
        )
        target = out / f"{name}.ipynb"
        if not force and target.exists() and same_sources(nbformat.read(target, as_version=4), nb):
            print(f"{target.relative_to(REPO)}: up to date")
            continue
        nbformat.write(nb, target)
        if run:
            os.environ["NN_LANG"] = lang
            run_notebook(target)


def release(lang="uk", root=None, only=None):
    """Student copies of the edition's released graded lessons (or those in `only`) in
    build/<lang>/release/ (or root/release/), by the same release step as the English (same grade ids:
    the same trusted scorer grades them)."""
    from tools.course import graded_lessons
    from tools.grading.release import check_release, nbgrader, stage

    root = Path(root) if root else REPO / "build" / lang
    paths = [
        path
        for path in graded_lessons(edition(lang))
        if path.stem in released(lang) and (only is None or path.stem in only)
    ]
    stage(root, paths)
    for path in paths:
        nbgrader(root, "generate_assignment", path.stem, "--force")
        print(f"released {check_release(root, path.stem)}")
    return root


def lab(lang="uk", extra=(), reset=None):
    """The edition's workspace (workspace-<lang>/): the released lessons in `lang`, the others in
    English; then JupyterLab on it with NN_LANG=<lang>, so nnhelpers speaks `lang` too. `reset`
    ("01" or "01_single_neuron") backs up that lesson's copy and puts a fresh one in its place."""
    from nnhelpers.i18n import _
    from tools import workspace as english

    root = release(lang)
    workspace = REPO / f"workspace-{lang}"
    if reset:
        ours = reset in released(lang) or any(
            name.split("_")[0] == reset for name in released(lang)
        )
        backup = english.reset(reset, workspace, *((edition(lang), root) if ours else ()))
        print(
            _("{lesson}: a fresh copy is in {workspace}/").format(
                lesson=reset, workspace=workspace.name
            )
            + (
                _("; your old one is kept as {backup}").format(backup=backup.relative_to(REPO))
                if backup
                else ""
            )
        )
    added = english.make_workspace(workspace, edition(lang), root) + english.make_workspace(
        workspace
    )
    if added:
        print(
            _("{workspace}/: added {lessons}").format(
                workspace=workspace.name, lessons=", ".join(added)
            )
        )
    command, env = english.lab_command(workspace, english.FIRST_LESSON, student=True, extra=extra)
    env["NN_LANG"] = lang
    sys.stdout.flush()
    os.chdir(workspace)
    os.execvpe(command[0], command, env)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.translations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["update", "build", "release", "lab"])
    parser.add_argument("--lang", default="uk", choices=sorted(LANGUAGES))
    parser.add_argument(
        "--force", action="store_true", help="build: re-execute every released lesson"
    )
    parser.add_argument(
        "--reset", metavar="LESSON", help="lab: back up this lesson's copy and start it afresh"
    )
    args, extra = parser.parse_known_args(argv)
    if args.command == "update":
        update(args.lang)
    elif args.command == "build":
        build(args.lang, force=args.force)
    elif args.command == "release":
        release(args.lang)
    else:
        lab(args.lang, extra, args.reset)


if __name__ == "__main__":
    main()
