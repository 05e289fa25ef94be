"""The bounded transform keeps every forecast inside the scale."""

import numpy as np
import pytest

from desktop_app.forecast.transform import from_latent, from_latent_array, to_latent, to_latent_array


@pytest.mark.parametrize("score_max", [103.0, 83.0])
def test_round_trip_and_bounds(score_max: float) -> None:
    scores = np.linspace(0.0, score_max, 50)
    z = to_latent_array(scores, score_max)
    assert np.all(np.diff(z) > 0)  # monotone, so quantiles transform exactly
    np.testing.assert_allclose(from_latent_array(z, score_max), scores, atol=1e-9)
    assert [to_latent(s, score_max) for s in scores] == pytest.approx(list(z))
    extreme = np.array([-50.0, -8.0, 8.0, 50.0])
    back = from_latent_array(extreme, score_max)
    assert back.min() == 0.0 and back.max() == score_max  # floor and ceiling, never outside
    assert from_latent(-1e3, score_max) == 0.0 and from_latent(1e3, score_max) == score_max
