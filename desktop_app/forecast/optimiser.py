"""A small box-constrained quasi-Newton minimiser for the clinic fit (numpy only).

The clinic fit has five smooth parameters and a cheap vectorised likelihood, so a projected
BFGS with central-difference gradients and an Armijo backtracking line search is all it
needs. Having it here rather than ``scipy.optimize`` keeps scipy (73 MB) out of the frozen
app, which must be able to refit the clinic's parameters on demand.

Method (Nocedal & Wright, Numerical Optimization, 2nd ed., §6.1 BFGS and §3.1 Armijo
condition; bounds handled by projection, as in Bertsekas 1982 "Projected Newton methods"):
a coordinate sitting on a bound whose gradient pushes outwards is held fixed for that step.
``tests/forecast/test_optimiser.py`` checks it against known minima and against
``scipy.optimize.minimize(method="L-BFGS-B")`` on the real objective.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Objective = Callable[[NDArray[np.float64]], float]


@dataclass(frozen=True)
class Minimum:
    x: NDArray[np.float64]
    value: float
    iterations: int
    converged: bool


def _gradient(
    f: Objective, x: NDArray[np.float64], lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Central differences, one-sided where a bound is closer than the step."""
    grad = np.empty_like(x)
    for i in range(len(x)):
        h = 1e-6 * max(1.0, abs(float(x[i])))
        up = min(x[i] + h, upper[i])
        down = max(x[i] - h, lower[i])
        x_up = x.copy()
        x_up[i] = up
        x_down = x.copy()
        x_down[i] = down
        grad[i] = (f(x_up) - f(x_down)) / (up - down)
    return grad


def _free(
    x: NDArray[np.float64], grad: NDArray[np.float64], lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Coordinates the next step may move (not pinned at a bound by an outward gradient)."""
    at_lower = (x <= lower) & (grad > 0)
    at_upper = (x >= upper) & (grad < 0)
    free: NDArray[np.bool_] = ~(at_lower | at_upper)
    return free


def minimise_in_box(
    f: Objective,
    x0: Sequence[float] | NDArray[np.float64],
    bounds: Sequence[tuple[float, float]],
    *,
    max_iterations: int = 200,
    gradient_tolerance: float = 1e-6,
) -> Minimum:
    """Minimise ``f`` over the box ``bounds`` starting from ``x0`` (clipped into the box)."""
    lower = np.array([b[0] for b in bounds], np.float64)
    upper = np.array([b[1] for b in bounds], np.float64)
    if np.any(lower >= upper):
        raise ValueError("every bound must have lower < upper")
    x = np.clip(np.asarray(x0, np.float64), lower, upper)
    value = f(x)
    grad = _gradient(f, x, lower, upper)
    inverse_hessian = np.eye(len(x))
    for iteration in range(1, max_iterations + 1):
        free = _free(x, grad, lower, upper)
        if np.max(np.abs(grad[free]), initial=0.0) < gradient_tolerance:
            return Minimum(x, value, iteration - 1, True)
        direction = np.where(free, -(inverse_hessian @ np.where(free, grad, 0.0)), 0.0)
        if float(grad @ direction) >= 0.0:  # not a descent direction: restart from steepest descent
            inverse_hessian = np.eye(len(x))
            direction = np.where(free, -grad, 0.0)
        step = 1.0
        for _ in range(60):
            candidate = np.clip(x + step * direction, lower, upper)
            candidate_value = f(candidate)
            if candidate_value <= value + 1e-4 * float(grad @ (candidate - x)):
                break
            step *= 0.5
        else:
            return Minimum(x, value, iteration, True)  # no decrease left at machine precision
        s = candidate - x
        new_grad = _gradient(f, candidate, lower, upper)
        y = new_grad - grad
        improvement = value - candidate_value
        x, value, grad = candidate, candidate_value, new_grad
        sy = float(s @ y)
        if sy > 1e-12:
            rho = 1.0 / sy
            identity = np.eye(len(x))
            inverse_hessian = (identity - rho * np.outer(s, y)) @ inverse_hessian @ (
                identity - rho * np.outer(y, s)
            ) + rho * np.outer(s, s)
        if improvement <= 1e-13 * max(1.0, abs(value)):
            return Minimum(x, value, iteration, True)
    return Minimum(x, value, max_iterations, False)
