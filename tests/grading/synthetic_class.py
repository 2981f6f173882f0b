"""A synthetic class with known mistakes, for the class report: 7 students hand in lessons 01, 02
and 03 (21 submissions): as many students as an exercise has outcomes (sigmoid's six), and one more
who leaves the quizzes blank.

Each submission is the lesson's release filled in with the instructor's solutions, except where the
plan says otherwise: an exercise may carry a mistaken variant of the solution, named by the mistake
it plants (the names declared in nnhelpers/exercises/, which the trusted judge reports), stay blank
(the release's stub), or call the package's own implementation (forbidden); each quiz gets the
planned letter, or stays blank. `plan()` says who did what, so the counts the report must show are
known without the report.

    .venv/bin/python tests/grading/synthetic_class.py DIR   # DIR/release/ and DIR/submitted/
    make grade's code path on DIR then writes DIR/verdicts.jsonl and the class report.
"""

import sys
from pathlib import Path

import nbformat

from tools.grading.release import release as release_lessons

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LESSONS = ("01_single_neuron", "02_dense_layer", "03_network_2_2_1")
STUDENTS = [f"s{number:02d}" for number in range(1, 8)]
BLANK, FORBIDDEN, RIGHT = "blank", "forbidden", "right"

# lesson -> exercise (its answer cell's grade id, the exercise's name) -> planted outcome -> the
# change to the instructor's solution: (old text, new text). A named outcome is a mistake declared
# for that exercise in nnhelpers/exercises/ (tests/grading/test_class_report_class.py checks that it is).
VARIANTS = {
    "01_single_neuron": {
        "sigmoid": {
            "exponent_sign": ("np.exp(-z)", "np.exp(z)"),
            "tanh": ("return 1.0 / (1.0 + np.exp(-z))", "return np.tanh(z)"),
            "derivative": (
                "return 1.0 / (1.0 + np.exp(-z))",
                "s = 1.0 / (1.0 + np.exp(-z))\n    return s * (1 - s)",
            ),
            FORBIDDEN: (
                "return 1.0 / (1.0 + np.exp(-z))",
                'return nh.activation("sigmoid").forward(z)',
            ),
        },
        "relu": {
            "absolute_value": ("np.maximum(0.0, z)", "np.abs(z)"),
            "identity": ("np.maximum(0.0, z)", "z"),  # relu is called on a float too
            "min_instead_of_max": ("np.maximum(0.0, z)", "np.minimum(0.0, z)"),
        },
        "neuron": {
            "no_bias": ("x @ self.weights + self.bias", "x @ self.weights"),
            "no_sigmoid": (
                "nh_sigmoid(x @ self.weights + self.bias)",
                "x @ self.weights + self.bias",
            ),
            "bias_subtracted": ("x @ self.weights + self.bias", "x @ self.weights - self.bias"),
        },
        "gradient_step": {
            "uphill": (
                "weights - lr * (X.T @ dz), bias - lr * dz.sum()",
                "weights + lr * (X.T @ dz), bias + lr * dz.sum()",
            ),
            "sum_not_mean": ("dz = (p - y) / len(y)", "dz = p - y"),
            "bias_not_updated": ("bias - lr * dz.sum()", "bias"),
        },
    },
    "02_dense_layer": {
        "dense_forward": {
            "no_biases": ("return X @ weights + biases", "return X @ weights"),
            "biases_subtracted": ("return X @ weights + biases", "return X @ weights - biases"),
        },
        "dense_backward": {
            "dbiases_mean": (
                "np.sum(dvalues, axis=0, keepdims=True)",
                "np.mean(dvalues, axis=0, keepdims=True)",
            ),
            "dweights_mean": ("dweights = X.T @ dvalues", "dweights = X.T @ dvalues / len(X)"),
            "dbiases_not_summed": ("np.sum(dvalues, axis=0, keepdims=True)", "dvalues"),
        },
        "relu_backward": {
            "passes_at_zero": ("(z > 0)", "(z >= 0)"),
            "mask_inverted": ("(z > 0)", "(z < 0)"),
            "passes_everywhere": ("return dvalues * (z > 0)", "return dvalues"),
        },
        "numerical_gradient": {
            "one_sided": (
                "grad[index] = (f_plus - f_minus) / (2 * h)",
                "grad[index] = (f_plus - f()) / h",
            ),
        },
    },
    "03_network_2_2_1": {
        "forward_2_2_1": {
            "output_sigmoid_missing": ('"y_hat": sigmoid(z2)', '"y_hat": z2'),
        },
        "backward_2_2_1": {
            "delta2_slope_missing": (
                "delta2 = (y_hat - y) * y_hat * (1 - y_hat)",
                "delta2 = y_hat - y",
            ),
        },
        "update": {
            "step_uphill": (
                'params[name] - eta * grads["d" + name]',
                'params[name] + eta * grads["d" + name]',
            ),
        },
        "relu_output_step": {},  # right or blank
    },
}


def cells_by_id(nb):
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in nb.cells
        if "nbgrader" in cell.metadata
    }


def solution_source(source):
    """An instructor's answer cell without its solution markers."""
    return "\n".join(
        line
        for line in source.splitlines()
        if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
    )


def quizzes(instructor):
    """{answer cell grade id: (its right letter, the option letters)} of a lesson's graded quizzes,
    from the instructor's solution (answer_bias = "b") and the quiz widget's options."""
    from tools.grading.quizzes import CHECKED_QUIZ, quiz_widget

    found = {}
    for cell in cells_by_id(instructor).values():
        checked = CHECKED_QUIZ.search(cell.source)
        if checked and cell.metadata["nbgrader"].get("grade"):
            answer_id = cell.source[checked.start() :].split("(", 1)[1].split(",", 1)[0].strip()
            options = next(
                filter(None, (quiz_widget(c.source, checked.group(1)) for c in instructor.cells))
            )[1]
            solution = solution_source(cells_by_id(instructor)[answer_id].source)
            right = solution.split("=")[-1].strip().strip('"')
            found[answer_id] = (right, sorted(options))
    return found


def plan():
    """{(student, lesson): {exercise or quiz answer cell grade id: planted outcome}}: for an
    exercise "right", a mistake's name, "blank" or "forbidden"; for a quiz an option letter, or
    None (blank).

    Each outcome of an exercise is planted on at least one student: student k takes outcome
    (k + e) mod n of the exercise's n outcomes (e: the exercise's place in its lesson)."""
    planned = {}
    for lesson in LESSONS:
        instructor = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
        keyed = quizzes(instructor)
        for k, student in enumerate(STUDENTS):
            chosen = {}
            for e, (exercise, variants) in enumerate(VARIANTS[lesson].items()):
                outcomes = [RIGHT, *variants, BLANK]
                chosen[exercise] = outcomes[(k + e) % len(outcomes)]
            for q, (answer_id, (_, letters)) in enumerate(keyed.items()):
                last = k == len(STUDENTS) - 1
                chosen[answer_id] = None if last else letters[(k + 2 * q) % len(letters)]
            planned[student, lesson] = chosen
    return planned


def submission(lesson, release, instructor, chosen):
    """The notebook a student hands in: the release with every answer cell filled in as `chosen`
    says (an exercise or quiz not named in `chosen` gets the instructor's answer)."""
    nb = nbformat.from_dict(release)
    solutions = cells_by_id(instructor)
    for grade_id, cell in cells_by_id(nb).items():
        if not cell.metadata["nbgrader"].get("solution"):
            continue
        outcome = chosen.get(grade_id, RIGHT)
        if outcome == BLANK or (outcome is None and grade_id in chosen):
            continue  # the release's stub stays
        source = solution_source(solutions[grade_id].source)
        if grade_id in VARIANTS[lesson] and outcome != RIGHT:
            old, new = VARIANTS[lesson][grade_id][outcome]
            if old not in source:
                raise ValueError(
                    f"{lesson}/{grade_id}: {old!r} is not in the instructor's "
                    "solution; "
                    f"update VARIANTS[{lesson!r}][{grade_id!r}][{outcome!r}]"
                )
            source = source.replace(old, new)
        elif outcome not in (RIGHT, None) and grade_id not in VARIANTS[lesson]:
            source = f'{grade_id} = "{outcome}"\n'  # a quiz answer
        cell.source = source
    return nb


def build(root):
    """Release the three lessons into the course at `root` and write every planned submission under
    root/submitted/. Returns the plan."""
    root = Path(root)
    release_lessons(root, only=list(LESSONS))
    planned = plan()
    for (student, lesson), chosen in planned.items():
        release = nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)
        instructor = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
        target = root / "submitted" / student / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(lesson, release, instructor, chosen), target)
    return planned


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tests/grading/synthetic_class.py DIR")
    made = build(sys.argv[1])
    print(
        f"{len(made)} submissions of {len(STUDENTS)} students under "
        f"{Path(sys.argv[1]) / 'submitted'}"
    )
