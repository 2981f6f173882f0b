"""tests/ is laid out like what it tests, and stays that way: every test file in a folder that
tests/__init__.py describes, each folder a package (so that two folders may hold files of one name)."""

import re
from pathlib import Path

import tests

TESTS = Path(tests.__file__).parent


def described_folders():
    """The folders tests/__init__.py's docstring lists, as 'name/' at the start of a line."""
    return set(re.findall(r"^    ([a-z_]+)/ ", tests.__doc__, flags=re.MULTILINE))


def test_no_test_file_lies_at_the_top_of_tests():
    loose = sorted(path.name for path in TESTS.glob("test_*.py"))
    assert loose == [], (
        f"{loose} lie directly in tests/: move each into the folder of what it tests "
        f"({', '.join(sorted(described_folders()))})"
    )


def test_every_folder_is_described_and_a_package():
    folders = {
        path.name for path in TESTS.iterdir() if path.is_dir() and path.name != "__pycache__"
    }
    assert folders == described_folders(), "tests/__init__.py's list of folders differs from tests/"
    assert len(folders) >= 8
    for folder in folders:
        assert (TESTS / folder / "__init__.py").is_file(), f"tests/{folder}/ has no __init__.py"
        assert list((TESTS / folder).glob("test_*.py")), f"tests/{folder}/ holds no test file"


def test_the_files_tests_conftest_orders_exist():
    """tests/conftest.py names the files make test's workers take first and last: a renamed or moved
    file would silently lose its place."""
    from tests.conftest import FIRST, LAST

    missing = [path for path in FIRST + LAST if not (TESTS.parent / path).is_file()]
    assert missing == [], f"tests/conftest.py orders files that do not exist: {missing}"
