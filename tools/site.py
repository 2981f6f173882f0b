"""The course as a static website, built from the student release (used by `make site`).

    python -m tools.site [--out build/site]

Each lesson's page is its student copy (tools/workspace.py: the release step's copy, without
solutions, hidden tests or answer keys) with the outputs stored in notebooks/ put back into the cells
whose code the student copy shows unchanged; a cell whose code differs (a stub, a self-check cut
down from its hidden tests) keeps no output. An explorer or quiz is shown as its static picture
(nnhelpers.display.fallback) with a note on how to run it. Sphinx (website/conf.py, myst-nb, the book theme)
renders the pages without executing anything, with MathJax copied from the django-static-mathjax
package, so the site loads nothing from the internet. The build then reads every page's text and
stops if a line of a solution, of a hidden test or an answer key appears (`leaks`).
"""

import argparse
import copy
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from nnhelpers.display.fallback import MARK, WIDGET_VIEW
from tools.course import NOTEBOOKS, REPO
from tools.grading.quizzes import KEY_LINE
from tools.workspace import BUILD, fresh_copy, lessons

CONFIG = REPO / "website"
OUT = BUILD / "site"
RUN_NOTE = (
    "*On this page the explorer is a picture of its first view. To use it, get the course, "
    "run `make lab`, open this lesson and run its cells (see the README).*"
)
QUIZ_NOTE = "*To answer this quiz, open the lesson in JupyterLab with `make lab` (see the README).*"
SECRET_BLOCKS = [
    ("### BEGIN SOLUTION", "### END SOLUTION"),
    ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
]


def _note(text):
    return nbformat.v4.new_output("display_data", data={"text/markdown": text})


def _static_outputs(outputs):
    """`outputs` as a page shows them: each widget view replaced by its static picture and a note."""
    shown = []
    for output in outputs:
        data = output.get("data", {})
        if WIDGET_VIEW not in data and not output.get("metadata", {}).get(MARK):
            shown.append(output)
            continue
        output = copy.deepcopy(output)
        output.data.pop(WIDGET_VIEW, None)
        is_quiz = "text/html" in output.data
        if output.get("metadata", {}).get(MARK):  # the picture (or the quiz's question) stays
            shown.append(output)
        shown.append(_note(QUIZ_NOTE if is_quiz else RUN_NOTE))
    return shown


def page_notebook(path, build=BUILD):
    """The page of lesson `path`: its student copy with the stored outputs of the unchanged cells."""
    page = fresh_copy(path, build)
    source = {
        cell.id: cell
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    }
    for cell in page.cells:
        twin = source.get(cell.get("id"))
        if cell.cell_type == "code" and twin is not None and twin.source == cell.source:
            cell.outputs = _static_outputs(twin.outputs)
            cell.execution_count = twin.execution_count
    page.metadata.pop("widgets", None)
    return page


def _index(pages, lang="en"):
    toc = "\n".join(path.stem for path in pages)
    if lang == "uk":
        return INDEX_UK.format(toc=toc)
    return f"""# Neural networks from scratch

A hands-on course in numbered Jupyter notebooks: you build neurons, layers and whole networks in plain
NumPy, train them by gradient descent, and see what the learning rate and the initialization do.

These pages show every lesson as a student gets it: the exercises are left for you to write (their
cells read `raise NotImplementedError()`), and each explorer is a picture of its first view. To run
the code, move the sliders and check your answers, get the course and run `make lab` (see its README).

```{{toctree}}
:caption: Lessons
:maxdepth: 1

{toc}
```
"""


INDEX_UK = """# Нейронні мережі з нуля

Практичний курс у пронумерованих зошитах Jupyter: ви будуєте нейрони, шари й цілі мережі на чистому NumPy,
навчаєте їх градієнтним спуском і бачите, що роблять швидкість навчання та ініціалізація.

Тут кожен урок такий, яким його отримує студент: вправи залишено вам (їхні комірки містять
`raise NotImplementedError()`), а кожен дослідник — це рисунок його першого вигляду. Щоб виконувати код, рухати
повзунки й перевіряти відповіді, завантажте курс і виконайте `make lab LANG=uk` (див. README). Українською
вже перекладено уроки, перелічені нижче; решта поки що є лише в англійському виданні (перемикач мови вгорі сторінки).

```{{toctree}}
:caption: Уроки
:maxdepth: 1

{toc}
```
"""

# The two editions, and what the language switch on each page of one says about the other.
EDITIONS = {"en": "English", "uk": "Українська"}


def language_switch(lang):
    """html_context["language_switch"] of the `lang` edition's pages: the other edition's name, where its
    pages are (relative to ours: the Ukrainian site is build/site/uk/) and which pages it has."""
    from tools.translations import released

    other = "uk" if lang == "en" else "en"
    pages = ["index"] + (
        released("uk") if other == "uk" else [path.stem for path in lessons(NOTEBOOKS)]
    )
    return {
        "code": other,
        "label": EDITIONS[other],
        "this_code": lang,
        "this_label": EDITIONS[lang],
        "prefix": "uk/" if other == "uk" else "../",
        "pages": pages,
        "aria": "Language" if lang == "en" else "Мова",
    }


def _mathjax(static):
    """Copy the parts of MathJax 3 the pages use (TeX in, CommonHTML out, its fonts and extensions)."""
    import mathjax  # the django-static-mathjax package: MathJax's own files, no Django needed

    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = static / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(es5 / "tex-chtml.js", target / "tex-chtml.js")
    for part in ("output/chtml/fonts", "input/tex/extensions", "ui", "a11y"):
        if (es5 / part).exists():
            shutil.copytree(es5 / part, target / part, dirs_exist_ok=True)


def write_sources(src, notebooks=NOTEBOOKS, build=BUILD, lang="en"):
    """Write the Sphinx sources (pages, index, MathJax, the language switch) to `src`, afresh."""
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    pages = lessons(notebooks)
    for path in pages:
        nbformat.write(page_notebook(path, build), src / path.name)
    (src / "index.md").write_text(_index(pages, lang))
    conf = (CONFIG / "conf.py").read_text(encoding="utf-8")
    conf += (
        f"\nlanguage = {lang!r}\nhtml_context = {{'language_switch': {language_switch(lang)!r}}}\n"
    )
    if lang == "uk":
        conf += "html_title = 'Нейронні мережі з нуля'\nauthor = copyright = 'автори курсу'\n"
    (src / "conf.py").write_text(conf, encoding="utf-8")
    shutil.copytree(CONFIG / "_templates", src / "_templates")
    _mathjax(src / "_static")
    shutil.copy2(CONFIG / "course.css", src / "_static" / "course.css")


def page_text(page):
    """The text a reader can see in an HTML page (scripts and styles dropped), whitespace collapsed."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", "", text))
    return " ".join(text.split())


def secrets(path):
    """The lines of lesson `path` that must never reach a reader: its solutions, hidden tests and answer
    keys (with their markers), whitespace collapsed; lines of at least 8 characters."""
    found = set()
    for cell in nbformat.read(path, as_version=4).cells:
        inside = None
        for line in cell.source.splitlines():
            stripped = " ".join(line.split())
            starts = [end for begin, end in SECRET_BLOCKS if begin in line]
            if starts:
                inside = starts[0]
                found.add(stripped)
            elif inside and inside in line:
                inside = None
                found.add(stripped)
            elif (inside or KEY_LINE.search(line)) and len(stripped) >= 8:
                found.add(stripped)
    return found


def leaks(site, notebooks=NOTEBOOKS, build=BUILD):
    """{page: [secret lines found in it]} for the built site `site`; empty when nothing leaked. A line
    that some student copy shows anyway (`losses = []` in one lesson's solution and in another's
    text) is not a secret."""
    every, shown = set(), set()
    for path in lessons(notebooks):
        every |= secrets(path)
        shown |= {
            " ".join(line.split())
            for cell in fresh_copy(path, build).cells
            for line in cell.source.splitlines()
        }
    every -= shown
    found = {}
    for page in sorted(Path(site).rglob("*.html")):
        text = page_text(page.read_text(errors="replace"))
        hits = sorted(line for line in every if line in text)
        if hits:
            found[str(page.relative_to(site))] = hits
    return found


def build_site(out=OUT, notebooks=NOTEBOOKS, build=BUILD, quiet=True, lang="en"):
    """Build the site into `out` from the student copies of the lessons in `notebooks`; return `out`."""
    src = Path(build) / "site-src"
    write_sources(src, notebooks, build, lang)
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-j",
        "1",
        *(["-q"] if quiet else []),
        str(src),
        str(out),
    ]
    subprocess.run(command, check=True, cwd=REPO)
    return Path(out)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.site",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", help="where the site goes (default: build/site, build/site/uk for --lang uk)"
    )
    parser.add_argument(
        "--lang",
        choices=sorted(EDITIONS),
        default="en",
        help="uk: the Ukrainian edition, from notebooks-uk/ (its lessons released first)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    notebooks, build = NOTEBOOKS, BUILD
    if args.lang != "en":
        from tools.translations import edition, release

        notebooks, build = edition(args.lang), release(args.lang)
    out = Path(args.out or (OUT if args.lang == "en" else OUT / args.lang)).resolve()
    out = build_site(out, notebooks, build, lang=args.lang)
    found = leaks(out, notebooks, build)
    if found:
        raise SystemExit(
            "the site shows what students must not see: "
            + "; ".join(f"{page}: {lines[:3]}" for page, lines in found.items())
        )
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(
        f"site: {out / 'index.html'} ({size / 2**20:.1f} MiB, {time.perf_counter() - started:.1f} s); "
        "no solution, hidden test or answer key in it"
    )


if __name__ == "__main__":
    main()
