"""The debugging tools of lesson 08 find the bugs they are meant to find, stay quiet on correct code,
and refuse bad input with a message that names the argument."""

import numpy as np
import pytest

import nnhelpers as nh

X_LETTERS, Y_LETTERS, _ = nh.letters()


def quadratic_case():
    """loss = sum(w * a) ** 2 / 2 + sum(b ** 2), with its exact gradient."""
    rng = np.random.default_rng(0)
    params = {"w": rng.normal(size=(3, 2)), "b": rng.normal(size=(1, 2))}
    a = rng.normal(size=(3, 2))

    def loss():
        return 0.5 * np.sum(params["w"] * a) ** 2 + np.sum(params["b"] ** 2)

    grads = {"w": np.sum(params["w"] * a) * a, "b": 2 * params["b"]}
    return loss, params, grads


def test_gradient_check_agrees_with_exact_gradients_and_puts_the_parameters_back():
    loss, params, grads = quadratic_case()
    before = {k: v.copy() for k, v in params.items()}
    errors = nh.gradient_check(loss, params, grads)
    assert list(errors) == ["w", "b"]
    assert all(error < 1e-8 for error in errors.values())
    assert all(np.array_equal(before[k], params[k]) for k in params)


@pytest.mark.parametrize(
    "wrong,expected",
    [
        (lambda g: -g, 1.0),  # opposite sign: exactly 1
        (lambda g: np.zeros_like(g), 1.0),  # a gradient that is all 0: exactly 1
        (lambda g: 2 * g, 1 / 3),  # twice too large: |2g - g| / (|2g| + |g|)
    ],
)
def test_gradient_check_measures_wrong_gradients(wrong, expected):
    loss, params, grads = quadratic_case()
    errors = nh.gradient_check(loss, params, {k: wrong(v) for k, v in grads.items()})
    assert errors["w"] == pytest.approx(expected, abs=1e-6)
    assert errors["b"] == pytest.approx(expected, abs=1e-6)


def test_gradient_check_gives_the_same_errors_as_check_network_gradients_for_an_mlp():
    net = nh.MLP([30, 4, 3], seed=1)
    expected = nh.check_network_gradients(net, X_LETTERS, Y_LETTERS)
    dense = net.dense_layers
    params = {
        f"{i} {n}": getattr(layer, n)
        for i, layer in enumerate(dense)
        for n in ("weights", "biases")
    }
    grads = {
        f"{i} {n}": getattr(layer, "d" + n).copy()
        for i, layer in enumerate(dense)
        for n in ("weights", "biases")
    }
    errors = nh.gradient_check(
        lambda: nh.loss("mse").value(net.predict(X_LETTERS), Y_LETTERS), params, grads
    )
    assert list(errors.values()) == pytest.approx(list(expected.values()), abs=1e-12)


@pytest.mark.parametrize(
    "change,error,message",
    [
        (
            lambda loss, p, g: ("loss", p, g),
            TypeError,
            "loss_fn must be a function of no arguments",
        ),
        (lambda loss, p, g: (loss, [1.0], g), TypeError, "params must be a non-empty dict"),
        (lambda loss, p, g: (loss, {}, g), TypeError, "params must be a non-empty dict"),
        (
            lambda loss, p, g: (loss, p | {"w": np.ones((3, 2), dtype=int)}, g),
            TypeError,
            "params['w'] must be a contiguous float64 numpy array",
        ),
        (
            lambda loss, p, g: (loss, p | {"w": np.ones((2, 3)).T}, g),
            TypeError,
            "params['w'] must be a contiguous",
        ),
        (
            lambda loss, p, g: (loss, p, {"w": g["w"]}),
            ValueError,
            "grads has no entry for params['b']",
        ),
        (
            lambda loss, p, g: (loss, p, g | {"c": g["b"]}),
            ValueError,
            "grads['c'] has no partner in params",
        ),
        (
            lambda loss, p, g: (loss, p, g | {"b": g["b"].ravel()}),
            ValueError,
            "grads['b'] has shape (2,), expected (1, 2), the shape of params['b']",
        ),
        (lambda loss, p, g: (lambda: float("nan"), p, g), ValueError, "loss_fn() returned nan"),
        (lambda loss, p, g: (lambda: "high", p, g), TypeError, "loss_fn() must return one number"),
    ],
)
def test_gradient_check_refuses_bad_input(change, error, message):
    with pytest.raises(error) as failure:
        nh.gradient_check(*change(*quadratic_case()))
    assert message in str(failure.value)


def test_gradient_check_refuses_a_bad_step():
    loss, params, grads = quadratic_case()
    with pytest.raises(ValueError, match="h must be a positive finite number, got 0"):
        nh.gradient_check(loss, params, grads, h=0.0)


def test_gradient_check_table_prints_a_verdict_per_parameter(capsys):
    nh.gradient_check_table({"W1": 3e-11, "b1": 2e-5, "W2": 1.0, "layer 1 biases": 0.25})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["parameter", "relative", "error", "verdict"]
    assert lines[1].split() == ["W1", "<", "1e-08", "ok"]
    assert lines[2].split()[:3] == ["b1", "2.0e-05", "suspicious:"]
    assert (
        lines[3].startswith("W2")
        and "1.000" in lines[3]
        and "WRONG (1 = opposite signs" in lines[3]
    )
    assert "0.250" in lines[4] and lines[4].rstrip().endswith("WRONG")
    assert (
        lines[5]
        == "-> backward disagrees with the loss for: b1, W2, layer 1 biases (ok means below 1e-06)"
    )


def test_gradient_check_table_all_ok(capsys):
    nh.gradient_check_table(
        nh.check_network_gradients(nh.MLP([30, 4, 3], seed=0), X_LETTERS, Y_LETTERS)
    )
    out = capsys.readouterr().out
    assert out.count(" ok\n") == 4 and "layer 0 weights" in out
    assert out.endswith("-> all 4 gradients agree with finite differences (below 1e-06)\n")


@pytest.mark.parametrize(
    "errors,error,message",
    [
        ([0.1], TypeError, "errors must be a non-empty dict"),
        (
            {"W": "small"},
            TypeError,
            "errors['W'] must be a relative error (a number >= 0), got 'small'",
        ),
        ({"W": -1.0}, TypeError, "errors['W'] must be a relative error"),
        ({"W": float("nan")}, TypeError, "errors['W'] must be a relative error"),
    ],
)
def test_gradient_check_table_refuses_bad_input(errors, error, message):
    with pytest.raises(error) as failure:
        nh.gradient_check_table(errors)
    assert message in str(failure.value)


def small_outputs():
    return np.random.default_rng(0).normal(0.0, 0.1, size=(3, 3))


def mse(outputs, Y):
    return np.mean((outputs - Y) ** 2)


@pytest.mark.parametrize(
    "loss_fn,verdicts",
    [
        (mse, [True, True, True]),
        (lambda outputs, Y: np.mean(outputs**2), [False, False, False]),  # ignores the targets
        (
            lambda outputs, Y: np.sum((outputs - Y) ** 2),
            [False, True, True],
        ),  # the sum: 9 times too large at the start
        (
            lambda outputs, Y: np.mean(outputs - Y) ** 2,
            [False, False, True],
        ),  # the square of the mean: blind to rolled rows
    ],
)
def test_sanity_checks_tell_a_right_loss_from_wrong_ones(loss_fn, verdicts):
    rows = nh.diagnostics.debug_tools.sanity_results(loss_fn, small_outputs(), Y_LETTERS)
    assert [row[3] for row in rows] == verdicts


def test_sanity_checks_print_the_table_and_the_causes(capsys):
    nh.sanity_checks(lambda outputs, Y: np.mean(outputs**2), small_outputs(), Y_LETTERS)
    out = capsys.readouterr().out
    assert out.count("FAIL") == 3
    assert "about 0.3333" in out
    assert (
        "-> loss with other targets: the loss did not change when the targets changed: it ignores Y"
        in out
    )
    nh.sanity_checks(mse, small_outputs(), Y_LETTERS)
    out = capsys.readouterr().out
    assert out.count("PASS") == 3 and out.endswith("-> the loss passes all three checks\n")


def test_sanity_checks_know_the_cross_entropy_start():
    rows = nh.diagnostics.debug_tools.sanity_results(
        nh.loss("cross_entropy").value, small_outputs(), Y_LETTERS, reference="cross_entropy"
    )
    assert rows[0][2] == f"about {np.log(3):.4f}"
    assert all(row[3] for row in rows)


def test_sanity_checks_notice_targets_when_all_rows_are_equal():
    Y = np.ones((3, 2))
    assert nh.diagnostics.debug_tools.sanity_results(mse, np.zeros((3, 2)) + 0.9, Y)[1][3]


@pytest.mark.parametrize(
    "args,error,message",
    [
        (
            (None, small_outputs(), Y_LETTERS),
            TypeError,
            "loss_fn must be a function loss_fn(outputs, Y)",
        ),
        (
            (mse, small_outputs()[:2], Y_LETTERS),
            ValueError,
            "outputs and Y must have the same shape",
        ),
        ((mse, small_outputs().ravel(), Y_LETTERS), ValueError, "outputs must be a 2-D array"),
        (
            (lambda o, y: o, small_outputs(), Y_LETTERS),
            TypeError,
            "loss_fn(outputs, Y) must return one number",
        ),
    ],
)
def test_sanity_checks_refuse_bad_input(args, error, message):
    with pytest.raises(error) as failure:
        nh.sanity_checks(*args)
    assert message in str(failure.value)


class ScriptedNet:
    """A stand-in whose fit returns the given losses."""

    def __init__(self, losses):
        self.losses = losses

    def fit(self, X, Y, epochs, lr):
        return list(self.losses)


@pytest.mark.parametrize(
    "losses,verdict",
    [
        ([1.0, 0.1, 0.005], "PASS: the training code can fit this batch"),
        ([0.3, 0.3, 0.3], "FAIL: the loss never changed"),
        ([0.3, 0.5, 0.9], "FAIL: the loss rose"),
        ([7.0, 0.5, 0.4], "FAIL: the loss fell but stalled at 0.4000"),
        ([0.3, 5.0, float("inf")], "FAIL: the loss became inf at epoch 2"),
    ],
)
def test_overfit_one_batch_verdicts(capsys, losses, verdict):
    returned = nh.overfit_one_batch(ScriptedNet(losses), X_LETTERS, Y_LETTERS, epochs=3, lr=0.1)
    assert returned == losses
    assert verdict in capsys.readouterr().out


def test_overfit_one_batch_trains_an_mlp_and_reports_divergence(capsys):
    losses = nh.overfit_one_batch(
        nh.MLP([30, 8, 3], seed=0), X_LETTERS, Y_LETTERS, epochs=300, lr=0.1
    )
    assert len(losses) == 300 and losses[-1] < 0.01 * losses[0]
    assert "PASS" in capsys.readouterr().out
    assert (
        nh.overfit_one_batch(nh.MLP([30, 8, 3], seed=0), X_LETTERS, Y_LETTERS, epochs=300, lr=100.0)
        == []
    )
    assert "FAIL: training diverged at epoch" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,error,message",
    [
        (
            (object(), X_LETTERS, Y_LETTERS, 10, 0.1),
            TypeError,
            "net must have a method fit(X, Y, epochs, lr), got object",
        ),
        (
            (ScriptedNet([1.0]), X_LETTERS, Y_LETTERS, 0, 0.1),
            ValueError,
            "epochs must be a positive whole number",
        ),
        (
            (ScriptedNet([1.0]), X_LETTERS, Y_LETTERS, 10, -0.1),
            ValueError,
            "lr must be a positive finite number",
        ),
        (
            (ScriptedNet([]), X_LETTERS, Y_LETTERS, 10, 0.1),
            ValueError,
            "net.fit returned no losses",
        ),
        (
            (ScriptedNet([[1.0, 2.0]]), X_LETTERS, Y_LETTERS, 10, 0.1),
            ValueError,
            "the losses fit returned must be a 1-D array",
        ),
    ],
)
def test_overfit_one_batch_refuses_bad_input(args, error, message):
    with pytest.raises(error) as failure:
        nh.overfit_one_batch(*args)
    assert message in str(failure.value)


def test_parameter_change_table_flags_what_did_not_move_and_why(capsys):
    before = {"W": np.ones((2, 2)), "b": np.zeros((1, 2)), "c": np.zeros((1, 1))}
    after = {"W": np.ones((2, 2)) - 0.5, "b": np.zeros((1, 2)), "c": np.zeros((1, 1))}
    grads = {"W": np.ones((2, 2)), "b": np.ones((1, 2)), "c": np.zeros((1, 1))}
    nh.parameter_change_table(before, after, grads)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[-1] == "moved" and "0.5" in lines[1]
    assert lines[2].endswith("DID NOT MOVE although its gradient is not 0")
    assert lines[3].endswith("DID NOT MOVE (its gradient is 0)")
    assert (
        lines[4] == "-> did not move: b, c. Is their update missing, or is their gradient always 0?"
    )
    nh.parameter_change_table(before, after | {"b": np.ones((1, 2)), "c": np.ones((1, 1))})
    out = capsys.readouterr().out
    assert "largest |gradient|" not in out and out.endswith("-> all 3 parameters moved\n")


def test_parameter_change_table_shows_the_update_to_weight_ratio(capsys):
    # ||after - before|| / ||before||, computed by hand: W (2, 2) of 2s moved by 0.001 everywhere -> 0.001 / 2
    before = {"W": np.full((2, 2), 2.0), "b": np.zeros((1, 2)), "V": np.full((3, 1), 4.0)}
    after = {
        "W": before["W"] - 0.001,
        "b": np.full((1, 2), 0.3),
        "V": before["V"] + np.array([[1.2], [0], [0]]),
    }
    nh.parameter_change_table(before, after)
    header, w_row, b_row, v_row = capsys.readouterr().out.splitlines()[:4]
    assert "update / weight" in header
    assert "5.0e-04" in w_row.split()  # sqrt(4 * 0.001**2) / sqrt(4 * 4) = 0.002 / 4
    assert b_row.split()[-2:] == ["-", "moved"]  # all zeros before: no ratio
    assert "1.7e-01" in v_row.split()  # 1.2 / sqrt(3 * 16) = 0.1732


@pytest.mark.parametrize(
    "before,after,grads,message",
    [
        ({"W": np.ones(2)}, {"V": np.ones(2)}, None, "after has no entry for before['W']"),
        ({"W": np.ones(2)}, {"W": np.ones(3)}, None, "after['W'] has shape (3,), expected (2,)"),
        (
            {"W": np.ones(2)},
            {"W": np.ones(2)},
            {"W": np.ones(3)},
            "grads['W'] has shape (3,), expected (2,)",
        ),
    ],
)
def test_parameter_change_table_refuses_mismatched_snapshots(before, after, grads, message):
    with pytest.raises(ValueError) as failure:
        nh.parameter_change_table(before, after, grads)
    assert message in str(failure.value)


def test_assert_data_shapes_is_silent_on_good_data(capsys):
    assert nh.assert_data_shapes(X_LETTERS, Y_LETTERS, n_features=30, n_outputs=3) is None
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "X,Y,message",
    [
        (
            X_LETTERS.reshape(15, 6),
            Y_LETTERS,
            "X has 15 rows but Y has 3: every example must be one row of X, with its "
            "targets in the same row of Y. 15 = 5 x 3: were the 5 rows of each example stacked under each other instead of "
            "flattened into one row of 30?",
        ),
        (
            X_LETTERS.T,
            Y_LETTERS,
            "X looks transposed (one column per example): use X.T, shape (3, 30)",
        ),
        (
            X_LETTERS.reshape(3, 5, 6),
            Y_LETTERS,
            "X must be 2-D (n_examples, n_features), got shape (3, 5, 6): each "
            "example is still a block of shape (5, 6); the network takes every example as one row of 30 numbers, so X "
            "should have shape (3, 30)",
        ),
        # lesson 08: a flatten_images that flattens everything; the message must not suggest X.reshape(1, -1)
        (
            X_LETTERS.reshape(-1),
            Y_LETTERS,
            "X must be 2-D (n_examples, n_features), got shape (90,): its 90 numbers lie "
            "in one line, so no row marks where an example begins; with 3 examples (one per row of Y) X should have "
            "shape (3, 30)",
        ),
        (
            X_LETTERS,
            Y_LETTERS[:, 0],
            "Y must be 2-D (n_examples, n_outputs), got shape (3,): one target per example is "
            "a column, Y.reshape(-1, 1)",
        ),
        (
            X_LETTERS[:, :6],
            Y_LETTERS,
            "X has 6 features per row, but the network expects n_features=30",
        ),
        (X_LETTERS, Y_LETTERS[:, :2], "Y has 2 targets per row, but the network has n_outputs=3"),
        (X_LETTERS, "abc", "Y must be a number or an array of numbers"),
    ],
)
def test_assert_data_shapes_explains_what_is_wrong(X, Y, message):
    with pytest.raises((ValueError, TypeError)) as failure:
        nh.assert_data_shapes(X, Y, n_features=30, n_outputs=3)
    assert message in str(failure.value)


def test_assert_data_shapes_checks_its_size_arguments():
    with pytest.raises(
        TypeError, match="n_features must be a positive whole number, got float 30.0"
    ):
        nh.assert_data_shapes(X_LETTERS, Y_LETTERS, n_features=30.0)
