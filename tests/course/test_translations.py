"""The Ukrainian edition stays in step with the English: catalogues complete and current for every released
lesson, one English edit marks exactly one entry fuzzy, maths, code and links survive translation, the
glossary is kept, notebooks-uk/ is what the catalogues make, and nnhelpers speaks Ukrainian on request."""

import ast
import collections
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from babel.messages.mofile import write_mo

from tools.segments import (
    MARKDOWN,
    cell_segments,
    is_graded,
    label_strings,
    notebook_segments,
    translate_source,
)
from tools.translations import (
    LOCALE,
    NOTEBOOKS,
    catalogue_path,
    edition,
    lesson_pieces,
    lessons,
    messages,
    needing_work,
    po_text,
    python_pieces,
    read_catalogue,
    refreshed,
    released,
    translated_notebook,
    why_pieces,
)

REPO = Path(__file__).resolve().parents[2]
RELEASED = released("uk")
CATALOGUES = sorted((LOCALE / "uk" / "LC_MESSAGES").glob("*.po"))


def test_the_released_lessons_are_lessons_of_the_course():
    assert RELEASED, "locale/uk/lessons.txt names no lesson"
    assert set(RELEASED) <= {path.stem for path in lessons()}


@pytest.mark.parametrize("lesson", RELEASED)
def test_a_released_lesson_is_fully_translated_and_current(lesson):
    """No entry missing or fuzzy, and the catalogue is the one `make translations` makes from today's
    English (an English edit not yet run through `update` fails here too)."""
    catalogue = read_catalogue(catalogue_path(lesson))
    current = refreshed(catalogue, lesson_pieces(NOTEBOOKS / f"{lesson}.ipynb"))
    assert needing_work(current) == []
    assert po_text(current) == po_text(catalogue), f"run `make translations`: {lesson}.po is stale"


def test_the_catalogue_of_nnhelpers_is_fully_translated_and_current():
    """Every message nnhelpers, the workspace tool and the grader print through `_()`, and every quiz's
    question, option and why, has its Ukrainian; nnhelpers.po is what `make translations` makes."""
    catalogue = read_catalogue(catalogue_path("nnhelpers"))
    current = refreshed(catalogue, python_pieces())
    assert needing_work(current) == []
    assert po_text(current) == po_text(catalogue), "run `make translations`: nnhelpers.po is stale"


def test_the_quizzes_whys_are_translated_in_a_catalogue_of_their_own_that_no_student_gets():
    """quiz-keys.po holds every graded quiz's why, translated and current; nnhelpers.mo, which every
    student copy carries, holds none of them, in English or in Ukrainian (a why gives the answer away)."""
    from nnhelpers.i18n import mo_path

    catalogue = read_catalogue(catalogue_path("quiz-keys"))
    current = refreshed(catalogue, why_pieces())
    assert needing_work(current) == []
    assert po_text(current) == po_text(catalogue), "run `make translations`: quiz-keys.po is stale"
    whys = [(m.id, m.string) for m in messages(catalogue).values()]
    assert len(whys) >= 40, "every graded quiz explains each of its options"
    compiled = mo_path("uk").read_bytes()
    leaked = [text for pair in whys for text in pair if text.encode() in compiled]
    assert leaked == []


def _edited(nb, cell_id, old, new):
    nb = nbformat.from_dict(nb)
    cell = next(cell for cell in nb.cells if cell.id == cell_id)
    assert old in cell.source
    cell.source = cell.source.replace(old, new, 1)
    return nb


def _pieces(nb):
    return [(s.key, s.text, s.kind) for s in notebook_segments(nb)]


def test_editing_one_paragraph_marks_exactly_its_entry_fuzzy():
    path = NOTEBOOKS / "01_single_neuron.ipynb"
    nb = nbformat.read(path, as_version=4)
    catalogue = read_catalogue(catalogue_path("01_single_neuron"))
    edited = _edited(nb, "c002", "A large positive weight", "A big positive weight")
    after = messages(refreshed(catalogue, _pieces(edited)))
    before = messages(catalogue)
    changed = [
        key
        for key in after
        if (after[key].id, after[key].string, after[key].fuzzy)
        != (before[key].id, before[key].string, before[key].fuzzy)
    ]
    assert changed == ["c002:4"]
    entry = after["c002:4"]
    assert entry.fuzzy and entry.string == before["c002:4"].string, (
        "the old translation stays, marked fuzzy"
    )
    assert entry.previous_id == [before["c002:4"].id], "the translator sees the old English"


def test_editing_one_code_comment_marks_exactly_its_entry_fuzzy():
    nb = nbformat.read(NOTEBOOKS / "01_single_neuron.ipynb", as_version=4)
    catalogue = read_catalogue(catalogue_path("01_single_neuron"))
    edited = _edited(nb, "c013", "# one number", "# a single number")
    after, before = messages(refreshed(catalogue, _pieces(edited))), messages(catalogue)
    assert [key for key in after if after[key].fuzzy and not before[key].fuzzy] == ["c013:#1"]
    assert all(after[key].string == before[key].string for key in before)


def test_a_new_paragraph_is_untranslated_and_a_moved_one_keeps_its_translation():
    nb = nbformat.read(NOTEBOOKS / "01_single_neuron.ipynb", as_version=4)
    catalogue = read_catalogue(catalogue_path("01_single_neuron"))
    first = messages(catalogue)["c002:0"]
    edited = _edited(
        nb,
        "c002",
        "## 1. What a neuron computes\n",
        "## 1. What a neuron computes\n\nA new line.\n",
    )
    after = messages(refreshed(catalogue, _pieces(edited)))
    assert after["c002:1"].id == "A new line." and after["c002:1"].string == ""
    assert after["c002:2"].id == messages(catalogue)["c002:1"].id
    assert (
        after["c002:2"].string == messages(catalogue)["c002:1"].string and not after["c002:2"].fuzzy
    )
    assert after["c002:0"].string == first.string


@pytest.mark.parametrize("path", lessons(), ids=lambda path: path.stem)
def test_cutting_and_putting_back_gives_the_lesson_unchanged(path):
    """Every piece replaced by its own English gives back each cell's source byte for byte."""
    for cell in nbformat.read(path, as_version=4).cells:
        segments = cell_segments(cell)
        assert (
            translate_source(cell.source, segments, {s.key: s.text for s in segments})
            == cell.source
        )


def kept_parts(text):
    """What a translation must carry over unchanged: maths, inline code, link targets and images, and
    the borders of a table row's cells."""
    found = collections.Counter()
    for token in MARKDOWN.parseInline(text):
        for child in token.children or []:
            if child.type in ("math_inline", "math_inline_double", "code_inline"):
                found[(child.type, child.content)] += 1
            elif child.type in ("link_open", "image"):
                found[("target", child.attrs.get("href") or child.attrs.get("src"))] += 1
    found[("table cell borders", text.count("|"))] += 1
    return found


def test_kept_parts_sees_a_changed_formula_code_or_link():
    english = "The sum $z = x w + b$ is `x @ w + b` ([see](https://example.org)) | a |"
    assert kept_parts(
        "Сума $z = x w + b$ це `x @ w + b` ([див.](https://example.org)) | a |"
    ) == kept_parts(english)
    for broken in (
        "Сума $z = xw + b$ це `x @ w + b` ([див.](https://example.org)) | a |",
        "Сума $z = x w + b$ це `x@w+b` ([див.](https://example.org)) | a |",
        "Сума $z = x w + b$ це `x @ w + b` ([див.](https://example.com)) | a |",
        "Сума $z = x w + b$ це `x @ w + b` ([див.](https://example.org)) a |",
    ):
        assert kept_parts(broken) != kept_parts(english), broken


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.stem)
def test_maths_code_and_links_survive_translation(path):
    wrong = [
        key
        for key, m in messages(read_catalogue(path)).items()
        if m.string and kept_parts(m.string) != kept_parts(m.id)
    ]
    assert wrong == [], f"{path.name}: maths, code or links changed in {wrong}"


def string_fields(text):
    """The replacement fields of the string literal(s) `text` (Python source), as ast dumps, in
    order; raises SyntaxError or TypeError if `text` is not string literals alone. It is read inside
    parentheses, as in the call it comes from: literals side by side may continue on indented lines."""
    tree = ast.parse(f"(\n{text.strip()}\n)", mode="eval").body
    if isinstance(tree, ast.Constant) and isinstance(tree.value, str):
        return []
    if not isinstance(tree, ast.JoinedStr):
        raise TypeError(f"not a string: {text!r}")
    return [ast.dump(part) for part in tree.values if isinstance(part, ast.FormattedValue)]


def test_the_strings_a_student_reads_are_pieces_and_keys_and_other_calls_are_not():
    source = (
        'print("weights:", w)  # a comment\n'
        'ax.set(title="Loss", xlabel="epoch", ylim=(0, 1))\n'
        'nh.plot_pixels(W, titles=[f"unit {j}" for j in range(8)], cmap="RdBu_r")\n'
        'plt.plot(x, label=names["he"])\n'
        'ax.set(title=nh.loss("mse").name)\n'
        'print(f"{name:>6}:")\n'
        'schemes = {"he": 1, "xavier": 2}\n'
    )
    assert [text for _start, _end, text in label_strings(source)] == [
        '"weights:"',
        '"Loss"',
        '"epoch"',
        'f"unit {j}"',
    ]


def test_a_string_assigned_to_a_labels_name_is_a_piece_and_its_dict_keys_and_calls_are_not():
    """A label that travels through a dict or a tuple before a plot or a printout shows it is given
    its own variable, named for what it is (`clean_label = "..."`, `titles = (...)`)."""
    source = (
        'clean_label = "30-8-3 on clean letters"\n'
        'bar_labels = ("working network", f"loss at lr {lr}")\n'
        "for k in range(3):\n"
        '    label = "too small" if k else "good"; mode = "relu sigmoid"\n'
        'titles = [f"unit {j}" for j in range(8)]\n'
        'layer_labels = {"hidden layer": 1, "out": "output layer"}\n'
        'title = nh.loss("mean squared").name\n'
        'schemes = {"he scheme": 1}\n'
        'net.label = "on the net"\n'
        'first, label = "not this", "nor this"\n'
    )
    assert [text for _start, _end, text in label_strings(source)] == [
        '"30-8-3 on clean letters"',
        '"working network"',
        'f"loss at lr {lr}"',
        '"too small"',
        '"good"',
        'f"unit {j}"',
        '"output layer"',
    ]


def test_string_fields_sees_a_changed_field_and_code_that_is_not_a_string():
    english = 'f"loss {loss:.4f} after {epochs} epochs"'
    assert string_fields('f"втрата {loss:.4f} після {epochs} епох"') == string_fields(english)
    assert string_fields('f"втрата {loss:.3f} після {epochs} епох"') != string_fields(english)
    assert string_fields('f"втрата {loss:.4f}"') != string_fields(english)
    two_lines = 'f"loss {loss:.4f} "\n      f"after {epochs} epochs"'
    translated = 'f"втрати {loss:.4f} "\n      f"після {epochs} епох"'
    assert string_fields(translated) == string_fields(two_lines)
    with pytest.raises(TypeError):
        string_fields('f"втрата" + str(loss)')
    with pytest.raises(TypeError):
        string_fields('"втрата", "епоха"')
    with pytest.raises(SyntaxError):
        string_fields('"втрата')


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.stem)
def test_a_translated_string_in_code_stays_a_string_with_the_same_fields(path):
    """A plot title, axis label or printed line is translated as Python source: the translation must
    still be string literals alone, with the English's {fields} unchanged, or the lesson's code breaks."""
    wrong = []
    for key, m in messages(read_catalogue(path)).items():
        if ":'" in key and m.string:
            try:
                if string_fields(m.string) != string_fields(m.id):
                    wrong.append((key, "its {fields} differ"))
            except (SyntaxError, TypeError) as error:
                wrong.append((key, str(error)))
    assert wrong == [], f"{path.name}: {wrong}"


# ---- the glossary ------------------------------------------------------------------------------------


def stem_pattern(words):
    """A regex for "word1 word2": each the start of a word, or a whole word where it ends in $."""
    return r"(?<!\w)" + r"\s+".join(
        re.escape(word[:-1]) + r"(?!\w)" if word.endswith("$") else re.escape(word) + r"\w*"
        for word in words.split()
    )


def glossary():
    """[(English, Ukrainian, stem regex or None, [forbidden variants])] from locale/uk/GLOSSARY.md."""
    rows = []
    for line in (LOCALE / "uk" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or set(cells[0]) <= set("-") or cells[0] == "English":
            continue
        stem = None
        if len(cells) == 4:
            stem = "|".join(stem_pattern(words) for words in cells[2].split(" / "))
        forbidden = [variant.strip() for variant in cells[-1].split(",") if variant.strip()]
        rows.append((cells[0], cells[1], stem, forbidden))
    return rows


def forbidden_uses(strings):
    """[(forbidden variant, the string it is in)] over the translated `strings`."""
    return [
        (variant, string)
        for _english, _term, _stem, variants in glossary()
        for variant in variants
        for string in strings
        if re.search(r"(?<!\w)" + re.escape(variant), string, re.IGNORECASE)
    ]


def missing_brackets(entries):
    """[(English term, the entry of its first use)] where the first use in prose of a technical term in
    `entries` [(kind, Ukrainian)] lacks "(English)"."""
    missing = []
    for english, _term, stem, _variants in glossary():
        if stem is None:
            continue
        first = next(
            (
                text
                for kind, text in entries
                if kind not in ("heading", "code comment", "string")
                and re.search(stem, text, re.IGNORECASE)
            ),
            None,
        )
        if first is not None and not any(
            f"({form.strip().lower()}" in first.lower() for form in english.split(",")
        ):
            missing.append((english, first))
    return missing


def test_the_glossary_is_read_and_its_checks_can_fail():
    rows = {english: (term, stem, variants) for english, term, stem, variants in glossary()}
    assert rows["bias"][0] == "зсув" and "зміщення" in rows["bias"][2]
    assert rows["learning rate"][0] == "швидкість навчання" and rows["lesson"][1] is None
    assert forbidden_uses(["Додаємо зміщення до суми."]) == [
        ("зміщення", "Додаємо зміщення до суми.")
    ]
    assert forbidden_uses(["Додаємо зсув до суми."]) == []
    assert missing_brackets([("paragraph", "Змінімо швидкість навчання.")]) == [
        ("learning rate", "Змінімо швидкість навчання.")
    ]
    assert (
        missing_brackets(
            [
                ("heading", "Швидкість навчання"),
                ("paragraph", "Швидкості навчання (learning rate) бувають різні."),
            ]
        )
        == []
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.stem)
def test_no_catalogue_uses_a_forbidden_variant(path):
    strings = [m.string for m in messages(read_catalogue(path)).values() if m.string]
    assert forbidden_uses(strings) == []


@pytest.mark.parametrize("lesson", RELEASED)
def test_each_term_has_its_english_at_first_use(lesson):
    entries = [
        (m.auto_comments[0] if m.auto_comments else "", m.string)
        for m in messages(read_catalogue(catalogue_path(lesson))).values()
    ]
    assert missing_brackets(entries) == []


# ---- notebooks-uk/ ------------------------------------------------------------------------------------


def code_lines(cell):
    """The code cell's lines of code, each string a student reads (a translated piece) as "",
    comments and blank lines left out."""
    strings = {s.key: '""' for s in cell_segments(cell) if s.kind == "string"}
    source = translate_source(cell.source, cell_segments(cell), strings)
    return [
        line.split("#")[0].rstrip() for line in source.split("\n") if line.split("#")[0].strip()
    ]


@pytest.mark.parametrize("lesson", RELEASED)
def test_the_ukrainian_notebook_is_built_from_the_catalogue_and_executed(lesson):
    english = nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4)
    built = nbformat.read(edition("uk") / f"{lesson}.ipynb", as_version=4)
    expected = translated_notebook(
        NOTEBOOKS / f"{lesson}.ipynb", read_catalogue(catalogue_path(lesson))
    )
    assert [cell.source for cell in built.cells] == [cell.source for cell in expected.cells], (
        f"run `make translations`: notebooks-uk/{lesson}.ipynb is stale"
    )
    assert [(c.id, c.cell_type, c.metadata) for c in built.cells] == [
        (c.id, c.cell_type, c.metadata) for c in english.cells
    ]
    for mine, theirs in zip(built.cells, english.cells):
        if theirs.cell_type == "code":
            assert mine.execution_count is not None, f"{lesson} cell {mine.id} is not executed"
            if is_graded(theirs):
                assert mine.source == theirs.source
            assert code_lines(mine) == code_lines(theirs)


# ---- nnhelpers' own messages ---------------------------------------------------------------------------


def test_the_compiled_catalogue_is_current():
    from nnhelpers.i18n import mo_path

    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(catalogue_path("nnhelpers")))
    assert mo_path("uk").read_bytes() == compiled.getvalue(), "run `make translations`"


def _python_in(lang, code):
    """What `code` prints in a fresh Python with NN_LANG=lang (unset for None): the language is fixed
    when nnhelpers is imported."""
    env = {key: value for key, value in os.environ.items() if key != "NN_LANG"}
    if lang:
        env["NN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=REPO
    ).stdout


def _say(lang):
    code = (
        "from nnhelpers.i18n import _\n"
        "print(_('All good: your versions match the ones the stored outputs were made with.'))"
    )
    return _python_in(lang, code).strip()


def test_nnhelpers_speaks_english_by_default_and_ukrainian_with_nn_lang_uk():
    english = "All good: your versions match the ones the stored outputs were made with."
    assert _say(None) == english
    assert _say("xx") == english
    ukrainian = _say("uk")
    assert ukrainian != english and re.search("[а-яіїєґ]", ukrainian)


def _self_check(lang):
    """The message of a failing self-check (relu answered with np.abs, a declared mistake) and the
    hint after it."""
    code = (
        "import numpy as np, nnhelpers as nh\n"
        "try:\n"
        "    nh.check('relu', lambda z: np.abs(z))\n"
        "except AssertionError as error:\n"
        "    print(error)\n"
        "nh.hint('relu')\n"
    )
    return _python_in(lang, code)


def test_a_failing_self_check_and_its_hint_speak_ukrainian_with_nn_lang_uk():
    symptom = "Negative inputs come out positive, with their size kept."
    english = _self_check(None)
    assert symptom in english and "relu is wrong for an array z of shape (3, 4)" in english
    assert "[absolute_value]" in english
    ukrainian = _self_check("uk")
    assert symptom not in ukrainian and "is wrong for" not in ukrainian
    assert "Hint for relu" not in ukrainian
    assert "[absolute_value]" in ukrainian, "the mistake's name stays as it is"
    assert re.search("[а-яіїєґ]{4}", ukrainian.splitlines()[1]), ukrainian
    assert "np.maximum(0, z)" in ukrainian, "the hint (the fix of the mistake) keeps its code"


def _engine_error_and_plot(lang):
    """An engine error (a wrong X for a network), a positive-int check and the labels of a loss plot."""
    code = (
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import nnhelpers as nh\n"
        "net = nh.MLP([2, 3, 1])\n"
        "for call in (lambda: net.predict([[0.0, 1.0, 2.0]]), lambda: nh.MLP([2, 0, 1])):\n"
        "    try:\n"
        "        call()\n"
        "    except ValueError as error:\n"
        "        print(error)\n"
        "ax = nh.plot_losses([1.0, 0.5])\n"
        "print(ax.get_xlabel())\n"
        "print(ax.get_ylabel())\n"
        "print(ax.get_title())\n"
    )
    return _python_in(lang, code).splitlines()


def test_engine_errors_and_plot_labels_speak_ukrainian_with_nn_lang_uk():
    assert _engine_error_and_plot(None) == [
        "X must have shape (batch, 2) for this network (layer_sizes[0]=2), got (1, 3)",
        "layer_sizes[1] must be a positive whole number, got 0",
        "epoch",
        "loss",
        "Training loss",
    ]
    assert _engine_error_and_plot("uk") == [
        "X має мати форму (batch, 2) для цієї мережі (layer_sizes[0]=2), а отримано (1, 3)",
        "layer_sizes[1] має бути додатним цілим числом, а отримано 0",
        "епоха",
        "втрати",
        "Втрати під час навчання",
    ]


def test_a_translated_classifier_keeps_its_colour_and_every_lesson_names_it_as_nnhelpers_does():
    """nh.config_color knows lesson 04's classifiers by their translated names too (nnhelpers.po); a
    lesson's catalogue that has such a name as a string of its own must translate it the same way, or
    the classifier changes colour in the Ukrainian edition."""
    from nnhelpers.display.colors import TRANSLATED

    ours = messages(read_catalogue(catalogue_path("nnhelpers")))
    names = {english: ours[english].string for english in TRANSLATED.values()}
    differ = [
        (path.stem, key, m.string)
        for path in CATALOGUES
        for key, m in messages(read_catalogue(path)).items()
        if ":'" in key
        and m.id.strip('"') in names
        and m.string != '"' + names[m.id.strip('"')] + '"'
    ]
    assert differ == []
    code = "import nnhelpers as nh\nfor name in {names!r}: print(nh.config_color(name))"
    english = _python_in(None, code.format(names=list(names)))
    assert _python_in("uk", code.format(names=list(names.values()))) == english
    assert len(set(english.split())) == len(names)


# ---- commands: make ... LANG=uk, the site's language switch ---------------------------------------------


def _make_dry_run(*args, env_lang=None):
    env = dict(os.environ, LANG=env_lang or "C.UTF-8")
    return subprocess.run(
        ["make", "-n", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout


def test_make_lang_uk_picks_the_ukrainian_edition_and_the_shells_locale_does_not():
    assert "NN_LANG=uk python -m tools.translations lab --lang uk --reset 01" in _make_dry_run(
        "lab", "LANG=uk", "RESET=01"
    )
    assert "python -m tools.translations release --lang uk" in _make_dry_run("release", "LANG=uk")
    assert "python -m tools.site --lang uk" in _make_dry_run("site", "LANG=uk")
    assert "NN_LANG=uk python -m tools.grading grade" in _make_dry_run("grade", "LANG=uk")
    for english in (_make_dry_run("lab"), _make_dry_run("lab", env_lang="uk")):
        assert "tools.workspace lab" in english and "translations" not in english
    for english in (_make_dry_run("grade"), _make_dry_run("grade", env_lang="uk")):
        assert "python -m tools.grading grade" in english and "NN_LANG" not in english


def test_each_page_of_the_site_switches_to_the_same_page_of_the_other_edition():
    from tools.site import language_switch

    english, ukrainian = language_switch("en"), language_switch("uk")
    assert (english["code"], english["prefix"], ukrainian["code"], ukrainian["prefix"]) == (
        "uk",
        "uk/",
        "en",
        "../",
    )
    assert english["pages"] == ["index"] + RELEASED
    assert ukrainian["pages"] == ["index"] + [path.stem for path in lessons()]


def _quiz_shown(lang):
    """Lesson 01's first graded quiz as a student sees it: the widget's question and options (its
    stored text), what recording an answer prints, and the feedback page's key block."""
    code = (
        "import nbformat, nnhelpers as nh\n"
        "from tools.grading.quizzes import quiz_keys, key_html\n"
        "nb = nbformat.read('notebooks/01_single_neuron.ipynb', as_version=4)\n"
        "key = quiz_keys(nb)['check_answer_bias']\n"
        "quiz = nh.Quiz(key.question, key.options)\n"
        "print(quiz._repr_mimebundle_()[0]['text/plain'])\n"
        "nh.check_quiz_answer('a', quiz, 'answer_bias')\n"
        "print(key_html(key))\n"
    )
    return _python_in(lang, code)


def test_a_quiz_and_its_key_speak_ukrainian_with_nn_lang_uk():
    english = _quiz_shown(None)
    question = "What does the bias b of a neuron do?"
    why_a = "Scaling the inputs is what the weights do."
    for text in (question, "It prevents the weights", "answer_bias: recorded 'a'", why_a):
        assert text in english
    ukrainian = _quiz_shown("uk")
    for text in (question, "It prevents the weights", "recorded", why_a, "Why each option"):
        assert text not in ukrainian
    assert "answer_bias" in ukrainian and "'a'" in ukrainian, "names and letters stay as written"
    assert "z = x · w + b" in ukrainian, "formulas stay as written"
    lines = [line for line in ukrainian.splitlines() if line.strip()]
    assert all(re.search("[а-яіїєґ]{3}", line) for line in lines[:5]), lines[:5]
