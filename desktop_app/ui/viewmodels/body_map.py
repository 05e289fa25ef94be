"""Body-map geometry and the affected fraction of each region (no Qt: the tests drive it).

The outlines are data (``resources/body_map/{adult,infant}.json``): for each view (front,
back) a list of polygons per region, in a 200 × 440 figure coordinate box. Painting is
measured on a grid of square cells laid over each view: a cell belongs to the region whose
polygon contains its centre, and a region's painted fraction is

    sum over views of (front/back weight × painted cells / region cells in that view)
    ------------------------------------------------------------------------------------
                        sum over views of the front/back weights

so painting the whole front of an arm gives 0.5 (its front share, 4.5 of 9 %), exactly as
shading half the arm on the paper SCORAD form would. The weights are the domain's
(``desktop_app.domain.regions.WEIGHTS``); nothing here re-implements the score.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import numpy as np

from desktop_app.domain.regions import WEIGHTS, AgeGroup, Region
from desktop_app.ui.resources import body_map_file

CELL = 2.0  # grid cell side, figure units (a 200 × 440 view → 100 × 220 cells)
Point = tuple[float, float]


class View(StrEnum):
    FRONT = "front"
    BACK = "back"


FIGURE_FOR_GROUP: Mapping[AgeGroup, str] = {AgeGroup.AGE_2_PLUS: "adult", AgeGroup.UNDER_2: "infant"}


class BodyMapFormatError(ValueError):
    """A body-map resource file that does not describe the form's regions."""


def _point_in_polygon(xs: np.ndarray, ys: np.ndarray, polygon: list[Point]) -> np.ndarray:
    """Even-odd ray casting, vectorised over many points."""
    inside = np.zeros(xs.shape, dtype=bool)
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if y1 == y2:
            continue
        crosses = (y1 > ys) != (y2 > ys)
        x_at = x1 + (ys - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (xs < x_at)
    return inside


@dataclass(frozen=True)
class ViewGeometry:
    """One view's outlines and its cell grid labelled by region index (-1 = outside)."""

    view: View
    polygons: Mapping[Region, tuple[tuple[Point, ...], ...]]
    labels: np.ndarray  # int8, shape (rows, cols)
    cell_counts: Mapping[Region, int]

    def region_at(self, x: float, y: float) -> Region | None:
        """The region under a point in figure units (polygon test, so thin limbs are exact)."""
        px, py = np.array([x]), np.array([y])
        for region, polys in self.polygons.items():
            if any(bool(_point_in_polygon(px, py, list(p))[0]) for p in polys):
                return region
        return None


@dataclass(frozen=True)
class BodyMapGeometry:
    figure: str
    age_group: AgeGroup
    width: float
    height: float
    views: Mapping[View, ViewGeometry]

    @property
    def regions(self) -> tuple[Region, ...]:
        return tuple(r for r in Region if any(r in v.polygons for v in self.views.values()))

    def anchor(self, view: View, region: Region) -> Point:
        """Centre of a region's cells in a view (where a label or focus ring goes)."""
        geom = self.views[view]
        rows, cols = np.nonzero(geom.labels == list(Region).index(region))
        return float((cols.mean() + 0.5) * CELL), float((rows.mean() + 0.5) * CELL)


def _parse(path: Path) -> BodyMapGeometry:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        width, height = (float(v) for v in doc["view_box"])
        group = AgeGroup(doc["age_group"])
        raw_views = doc["views"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BodyMapFormatError(f"The body map {path.name} cannot be read: {exc}") from exc
    cols, rows = int(width / CELL), int(height / CELL)
    ys, xs = np.mgrid[0:rows, 0:cols].astype(float)
    xs, ys = (xs + 0.5) * CELL, (ys + 0.5) * CELL
    region_list = list(Region)
    views: dict[View, ViewGeometry] = {}
    for view in View:
        polygons: dict[Region, tuple[tuple[Point, ...], ...]] = {}
        labels = np.full((rows, cols), -1, dtype=np.int8)
        for key, polys in raw_views[view.value].items():
            region = Region(key)
            if WEIGHTS[group][region].front == 0 and view is View.FRONT:
                raise BodyMapFormatError(f"{path.name}: {key} has no weight on the front view")
            parsed = tuple(tuple((float(x), float(y)) for x, y in poly) for poly in polys)
            polygons[region] = parsed
            for poly in parsed:
                mask = _point_in_polygon(xs, ys, list(poly)) & (labels < 0)
                labels[mask] = region_list.index(region)
        counts = {r: int(np.count_nonzero(labels == region_list.index(r))) for r in polygons}
        views[view] = ViewGeometry(view, polygons, labels, counts)
    missing = [r.value for r in Region if not any(r in v.polygons for v in views.values())]
    if missing:
        raise BodyMapFormatError(f"{path.name} has no outline for: {', '.join(missing)}")
    return BodyMapGeometry(doc.get("figure", path.stem), group, width, height, views)


@lru_cache(maxsize=4)
def load_geometry(group: AgeGroup) -> BodyMapGeometry:
    """The figure for an age group (adult from age 2, the infant figure below)."""
    return _parse(body_map_file(FIGURE_FOR_GROUP[group]))


class BodyMapModel:
    """The affected fraction of every region, set by a click-and-value or by painting.

    A region's value comes from one source at a time: setting a fraction explicitly clears
    the paint in that region; painting in it replaces an explicit value by the measured one.
    """

    def __init__(self, group: AgeGroup) -> None:
        self.geometry = load_geometry(group)
        self.group = group
        self.painted: dict[View, np.ndarray] = {
            v: np.zeros(g.labels.shape, dtype=bool) for v, g in self.geometry.views.items()
        }
        self._explicit: dict[Region, float] = {}
        self._listeners: list[Callable[[], None]] = []

    # -- observation -------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> Callable[..., None]:
        """Call ``listener`` after every change; returns the function that stops it (a widget
        connects it to its ``destroyed`` signal, so a closed view is never called back)."""
        self._listeners.append(listener)

        def unsubscribe(*_args: object) -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    # -- values ------------------------------------------------------------------------
    def fraction(self, region: Region) -> float:
        if region in self._explicit:
            return self._explicit[region]
        return self._painted_fraction(region)

    def fractions(self) -> dict[Region, float]:
        """Every region with a non-zero fraction (what the domain's Extent takes)."""
        values = {r: self.fraction(r) for r in self.geometry.regions}
        return {r: f for r, f in values.items() if f > 0}

    def is_painted(self, region: Region) -> bool:
        return region not in self._explicit and self._painted_fraction(region) > 0

    def _painted_fraction(self, region: Region) -> float:
        weights = WEIGHTS[self.group][region]
        total_weight = 0.0
        measured = 0.0
        index = list(Region).index(region)
        for view, geom in self.geometry.views.items():
            share = weights.front if view is View.FRONT else weights.back
            cells = geom.cell_counts.get(region, 0)
            if share == 0 or cells == 0:
                continue
            total_weight += share
            measured += share * np.count_nonzero(self.painted[view] & (geom.labels == index)) / cells
        return float(measured / total_weight) if total_weight else 0.0

    def set_fraction(self, region: Region, fraction: float) -> None:
        """Set a region's fraction (0-1) explicitly; the caller validated it via the domain."""
        index = list(Region).index(region)
        for view, geom in self.geometry.views.items():
            self.painted[view][geom.labels == index] = False
        self._explicit[region] = float(fraction)
        self._changed()

    def clear(self) -> None:
        self._explicit.clear()
        for mask in self.painted.values():
            mask[:] = False
        self._changed()

    def paint(self, view: View, start: Point, end: Point, radius: float, erase: bool = False) -> set[Region]:
        """Paint (or erase) a stroke of round brush from ``start`` to ``end`` (figure units).

        Returns the regions whose value changed; each of them now takes its painted value.
        """
        geom = self.geometry.views[view]
        rows, cols = geom.labels.shape
        (x0, y0), (x1, y1) = start, end
        length = max(abs(x1 - x0), abs(y1 - y0))
        steps = max(1, int(length / (radius / 2 or 1)))
        ys, xs = np.ogrid[0:rows, 0:cols]
        cx, cy = (xs + 0.5) * CELL, (ys + 0.5) * CELL
        brush = np.zeros((rows, cols), dtype=bool)
        for i in range(steps + 1):
            t = i / steps
            px, py = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            brush |= (cx - px) ** 2 + (cy - py) ** 2 <= radius**2
        brush &= geom.labels >= 0
        if not brush.any():
            return set()
        region_list = list(Region)
        touched = {region_list[i] for i in np.unique(geom.labels[brush])}
        for region in touched:
            if region in self._explicit:
                # painting takes over from an explicit value: start from a clean region
                del self._explicit[region]
        self.painted[view][brush] = not erase
        self._changed()
        return touched

    # -- persistence -------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        """JSON-ready state for a visit draft: explicit values and painted cells (run-length)."""
        return {
            "age_group": self.group.value,
            "explicit": {r.value: f for r, f in self._explicit.items()},
            "painted": {v.value: _rle(m) for v, m in self.painted.items()},
        }

    def load_dict(self, data: Mapping[str, object]) -> None:
        explicit = data.get("explicit", {})
        painted = data.get("painted", {})
        self._explicit = {Region(k): float(v) for k, v in dict(explicit).items()}  # type: ignore[call-overload]
        for view, mask in self.painted.items():
            runs = dict(painted).get(view.value)  # type: ignore[call-overload]
            mask[:] = _unrle(runs, mask.shape) if runs else False
        self._changed()


def _rle(mask: np.ndarray) -> list[int]:
    """Run lengths of a flattened boolean mask, starting with a run of False."""
    flat = mask.ravel().astype(np.int8)
    changes = np.flatnonzero(np.diff(flat)) + 1
    bounds = np.concatenate(([0], changes, [flat.size]))
    runs = np.diff(bounds).tolist()
    if flat.size and flat[0]:
        runs = [0, *runs]
    return [int(r) for r in runs]


def _unrle(runs: list[int], shape: tuple[int, ...]) -> np.ndarray:
    values = np.zeros(len(runs), dtype=bool)
    values[1::2] = True
    flat = np.repeat(values, runs)
    if flat.size != int(np.prod(shape)):
        raise BodyMapFormatError("The saved body-map painting does not fit this figure.")
    return flat.reshape(shape)


def overlay_rgba(model: BodyMapModel, view: View, rgba: tuple[int, int, int, int]) -> np.ndarray:
    """An RGBA image (one pixel per cell) of the painted cells, for the widget to draw scaled."""
    mask = model.painted[view]
    image = np.zeros((*mask.shape, 4), dtype=np.uint8)
    image[mask] = rgba
    return np.ascontiguousarray(image)
