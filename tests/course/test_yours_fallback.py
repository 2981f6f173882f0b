"""nh.yours (contract 2): the student's function while it works, the engine's while it is not written yet."""

import pytest

import nnhelpers as nh


def test_the_engine_answers_while_the_exercise_is_not_written_and_says_so_once(capsys):
    def student(z, alpha=0.01):
        raise NotImplementedError()

    wrapped = nh.yours(student, lambda z, alpha=0.01: ("engine", z, alpha), "leaky_relu")
    assert wrapped(2.0, alpha=0.1) == ("engine", 2.0, 0.1) and wrapped(3.0) == ("engine", 3.0, 0.01)
    assert capsys.readouterr().out == (
        "Your leaky_relu is not written yet: the cells below use the engine's leaky_relu.\n"
    )


def test_the_students_answer_and_errors_are_their_own(capsys):
    wrapped = nh.yours(lambda z: z * 10, lambda z: "engine", "double")
    assert wrapped(2) == 20
    broken = nh.yours(lambda z: z / 0, lambda z: "engine", "broken")
    with pytest.raises(ZeroDivisionError):  # a wrong answer is not hidden behind the engine's
        broken(1)
    assert capsys.readouterr().out == ""


def test_a_cell_without_an_engine_to_fall_back_on_says_it_waits(capsys):
    nh.not_written_yet("collapse")
    assert capsys.readouterr().out == (
        "Your collapse is not written yet: this cell waits for it; the cells below run without it.\n"
    )
