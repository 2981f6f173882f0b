"""The grading process parses Python in one thread at a time (tools/grading/syntax.py): CPython 3.11's
ast.parse can fail when two threads parse at once, and the grader judges in threads."""

import ast
from pathlib import Path

from tools.grading.syntax import parse

GRADING = Path(__file__).resolve().parents[2] / "tools" / "grading"


def test_every_parse_of_the_grader_goes_through_the_lock():
    parsing = [
        path.name
        for path in sorted(GRADING.glob("*.py"))
        if path.name != "syntax.py" and "ast.parse(" in path.read_text()
    ]
    assert parsing == []


def test_parse_gives_what_ast_parse_gives_and_its_errors():
    source = "def relu(z):\n    return np.maximum(0, z)\n"
    assert ast.dump(parse(source)) == ast.dump(ast.parse(source))
    try:
        parse("def relu(z) return z")
    except SyntaxError as error:
        assert error.lineno == 1
    else:
        raise AssertionError("a syntax error must reach the caller")
