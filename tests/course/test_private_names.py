"""No module of nnhelpers calls another module's private (underscore) names.

Between modules the package talks through public names only (Activation.f/df, Loss.f/df/check,
Dense.forward/backward, MLP.parameters, ...): a private name (`_f`, `_forward`, `_check`) may be used only
in the module that defines it. Checked on the syntax tree: an attribute `x._name` or an import
`from m import _name` is a violation unless `_name` is defined (def, class, or assigned) in the same file.
Dunder names (`__init__`) and IPython's display hooks (`_repr_*_`) are public protocols, not private.
"""

import ast
from pathlib import Path

import nnhelpers

PACKAGE = Path(nnhelpers.__file__).parent


def is_private(name):
    return name.startswith("_") and not name.endswith("_")


def defined_names(tree):
    """Every name the file defines: functions, classes, assignments (also to attributes: self._x = ...)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def private_uses(source, filename="<module>"):
    """Lines 'file:line: name' where the file uses a private name it does not define."""
    tree = ast.parse(source, filename)
    own = defined_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in own:
            found.append(f"{filename}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom):
            found += [
                f"{filename}:{node.lineno}: import {alias.name}"
                for alias in node.names
                if is_private(alias.name)
            ]
    return found


def test_no_module_uses_another_modules_private_names():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += private_uses(path.read_text(), str(path.relative_to(PACKAGE)))
    assert found == [], "private names used outside the module that defines them:\n" + "\n".join(
        found
    )


def test_the_check_catches_a_private_call():
    assert private_uses("from .activations import ReLU\nrelu = ReLU()._f\n") == ["<module>:2: ._f"]
    assert private_uses("from .seeds import _forward\n") == ["<module>:1: import _forward"]
    assert private_uses("def f(layer):\n    return layer._backward(1)\n") == [
        "<module>:2: ._backward"
    ]


def test_the_check_allows_a_modules_own_private_names():
    own = (
        "class A:\n    def _f(self):\n        return 1\n    def g(self):\n        return self._f()\n"
        "class B:\n    def __init__(self):\n        self._cache = None\n    def h(self):\n"
        "        return self._cache, self.__class__, self._repr_html_\n"
    )
    assert private_uses(own) == []
