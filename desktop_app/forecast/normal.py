"""The standard normal CDF and its inverse, in pure Python, for the forecast's run-time path.

The forecaster needs only these two functions to turn its latent Gaussian into quantiles and a
flare probability; computing them here keeps scipy (73 MB with its own BLAS) out of the frozen
app (fitting and evaluation need no scipy either; scipy is a test dependency), and
``tests/forecast/test_normal.py`` checks both functions against ``scipy.special.ndtr`` and
``ndtri``.

- ``normal_cdf`` is Φ(x) = erfc(−x/√2)/2 (``math.erfc`` keeps full relative accuracy in the
  lower tail, where 1 − Φ(−x) would cancel).
- ``normal_quantile`` is Φ⁻¹(p): P. J. Acklam's rational approximation (relative error
  1.15e-9; "An algorithm for computing the inverse normal cumulative distribution function",
  2003), refined by one Halley step on Φ(x) − p, which Acklam gives for full double precision.
  The upper half is computed as −Φ⁻¹(1 − p), exact in floating point for p ≥ 0.5, so both tails
  keep their relative accuracy.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

_SQRT2 = math.sqrt(2.0)
_SQRT_2PI = math.sqrt(2.0 * math.pi)

# Acklam's coefficients: central region (a / b), tails (c / d); split at p = 0.02425.
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (
    7.784695709041462e-03,
    3.224671290700398e-01,
    2.445134137142996e00,
    3.754408661907416e00,
)
_P_LOW = 0.02425


def normal_cdf(x: float) -> float:
    """Φ(x), the standard normal cumulative distribution function (±inf give 0 and 1)."""
    if math.isnan(x):
        raise ValueError("the normal CDF is undefined for NaN")
    return 0.5 * math.erfc(-x / _SQRT2)


_normal_cdf_elementwise = np.frompyfunc(normal_cdf, 1, 1)


def normal_cdf_array(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Φ element-wise over an array (``math.erfc`` per element, ~0.2 µs each, to the last bit):
    the evaluation's predictive CDFs on the score grid."""
    result: NDArray[np.float64] = np.asarray(_normal_cdf_elementwise(x), dtype=np.float64)
    return result


def _polynomial(coefficients: tuple[float, ...], t: float) -> float:
    value = 0.0
    for c in coefficients:
        value = value * t + c
    return value


def _lower_quantile(p: float) -> float:
    """Φ⁻¹(p) for 0 < p ≤ 0.5 (Acklam's approximation, then one Halley step)."""
    if p < _P_LOW:
        q = math.sqrt(-2.0 * math.log(p))
        x = _polynomial(_C, q) / (_polynomial(_D, q) * q + 1.0)
    else:
        q = p - 0.5
        r = q * q
        x = _polynomial(_A, r) * q / (_polynomial(_B, r) * r + 1.0)
    density = math.exp(-0.5 * x * x) / _SQRT_2PI
    # Subnormal p (below ~1e-308) leaves the density subnormal too, so the step gains little
    # there; it can never divide by a density that underflowed to zero.
    if density > 0.0:
        u = (normal_cdf(x) - p) / density
        x -= u / (1.0 + 0.5 * x * u)
    return x


def normal_quantile(p: float) -> float:
    """Φ⁻¹(p), the standard normal quantile: -inf at 0, +inf at 1; ValueError outside [0, 1]."""
    if not 0.0 <= p <= 1.0:  # also rejects NaN
        raise ValueError(f"a probability must lie in [0, 1], got {p!r}")
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if p <= 0.5:
        return _lower_quantile(p)
    return -_lower_quantile(1.0 - p)
