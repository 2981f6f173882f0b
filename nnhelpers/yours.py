"""Later cells use the student's own code, or the engine's while the exercise is not written yet; a
cell that has no engine to fall back on waits and says so (not_written_yet)."""

import functools

from .i18n import _


def yours(student, engine, name):
    """`student` wrapped so that, while it raises NotImplementedError, `engine` answers instead.

    The first such call prints one line saying so: a student who has not solved the exercise yet can
    still run the rest of the lesson, and knows whose code produced what they see.
    """
    told = False

    @functools.wraps(student)
    def call(*args, **kwargs):
        nonlocal told
        try:
            return student(*args, **kwargs)
        except NotImplementedError:
            if not told:
                print(
                    _(
                        "Your {name} is not written yet: the cells below use the engine's {name}."
                    ).format(name=name)
                )
                told = True
            return engine(*args, **kwargs)

    return call


def not_written_yet(name):
    """Say that the exercise `name` is not written yet, for a cell that catches its NotImplementedError:
    that cell waits for it, and the lesson goes on without it."""
    print(
        _(
            "Your {name} is not written yet: this cell waits for it; the cells below run without it."
        ).format(name=name)
    )
