"""The SCORAD body figure, front and back, as vector graphics shaded by affected fraction.

The outlines follow the regions of the SCORAD form (European Task Force on Atopic
Dermatitis, Dermatology 1993): head and neck, each upper limb, trunk (front), back, each
lower limb, genitals. The child figure (under 2) has the form's larger head and shorter
legs. Views are drawn as the clinician faces the patient: on the front view the patient's
left is on the reader's right, on the back view on the reader's left; "L"/"R" marks say so.
A region has one affected fraction, shown on every view the region appears in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Ellipse, Group, Polygon, Rect, String
from reportlab.lib import colors

from desktop_app.domain.regions import AgeGroup, Region
from desktop_app.reports.fonts import BOLD, REGULAR, register_fonts
from desktop_app.reports.i18n import Wording

_NONE_FILL = colors.white
_LOW = colors.HexColor("#FDE0D2")
_HIGH = colors.HexColor("#A50F15")
_OUTLINE = colors.HexColor("#4A545C")

Point = tuple[float, float]


def fraction_colour(fraction: float) -> colors.Color:
    """White for unaffected; light salmon at a trace to dark red at 100 %."""
    if fraction <= 0:
        return _NONE_FILL
    return colors.linearlyInterpolatedColor(_LOW, _HIGH, 0.0, 1.0, min(fraction, 1.0))


@dataclass(frozen=True)
class _Figure:
    """Outline of one figure in a 100 x 220 box; polygons keyed by the viewer's side."""

    head_centre: Point
    head_radii: Point
    neck: tuple[float, float, float, float]
    trunk: Sequence[Point]
    genitals: Sequence[Point]
    arm_viewer_left: Sequence[Point]
    leg_viewer_left: Sequence[Point]
    label_arm: Point
    label_leg: Point
    label_trunk: Point
    feet: float  # lowest point of the figure; the view's title goes just under it


def _mirror(points: Sequence[Point]) -> list[Point]:
    return [(100.0 - x, y) for x, y in points]


_ADULT = _Figure(
    head_centre=(50, 202),
    head_radii=(11.5, 14),
    neck=(44.5, 180, 11, 10),
    trunk=[(29, 181), (71, 181), (69, 140), (67, 118), (70, 96), (30, 96), (33, 118), (31, 140)],
    genitals=[(44, 96), (56, 96), (50, 86)],
    arm_viewer_left=[
        (29, 181),
        (22, 177),
        (16, 150),
        (12, 118),
        (8, 90),
        (15, 88),
        (21, 116),
        (27, 140),
        (31, 150),
    ],
    leg_viewer_left=[(30, 96), (44, 96), (49, 87), (48.5, 50), (47, 6), (36, 6), (34, 50), (31, 80)],
    label_arm=(17, 125),
    label_leg=(40, 55),
    label_trunk=(50, 140),
    feet=6,
)

_CHILD = _Figure(
    head_centre=(50, 194),
    head_radii=(17, 20),
    neck=(44, 170, 12, 7),
    trunk=[(27, 172), (73, 172), (72, 130), (74, 100), (26, 100), (28, 130)],
    genitals=[(44, 100), (56, 100), (50, 91)],
    arm_viewer_left=[(27, 172), (19, 166), (12, 140), (8, 113), (16, 111), (21, 136), (28, 150)],
    leg_viewer_left=[(26, 100), (44, 100), (49, 92), (48.5, 70), (47, 38), (32, 38), (29, 70)],
    label_arm=(16, 140),
    label_leg=(39, 68),
    label_trunk=(50, 138),
    feet=38,
)


def _poly(points: Sequence[Point], fill: colors.Color, ox: float, oy: float, scale: float) -> Polygon:
    flat: list[float] = []
    for x, y in points:
        flat += [ox + x * scale, oy + y * scale]
    return Polygon(flat, fillColor=fill, strokeColor=_OUTLINE, strokeWidth=0.6, strokeLineJoin=1)


def _label(text: str, x: float, y: float, fraction: float, size: float = 6.5) -> String:
    colour = colors.white if fraction >= 0.55 else colors.black
    return String(x, y, text, fontName=BOLD, fontSize=size, fillColor=colour, textAnchor="middle")


def _view(
    figure: _Figure,
    fractions: Mapping[Region, float],
    front: bool,
    ox: float,
    oy: float,
    scale: float,
    wording: Wording,
) -> Group:
    """One view; the front shows trunk_front and genitals, the back shows back over both."""
    group = Group()

    def fill(region: Region) -> colors.Color:
        return fraction_colour(fractions.get(region, 0.0))

    # Front: patient's right on the viewer's left. Back: patient's left on the viewer's left.
    viewer_left_arm = Region.UPPER_LIMB_RIGHT if front else Region.UPPER_LIMB_LEFT
    viewer_right_arm = Region.UPPER_LIMB_LEFT if front else Region.UPPER_LIMB_RIGHT
    viewer_left_leg = Region.LOWER_LIMB_RIGHT if front else Region.LOWER_LIMB_LEFT
    viewer_right_leg = Region.LOWER_LIMB_LEFT if front else Region.LOWER_LIMB_RIGHT
    torso = Region.TRUNK_FRONT if front else Region.BACK

    group.add(_poly(figure.arm_viewer_left, fill(viewer_left_arm), ox, oy, scale))
    group.add(_poly(_mirror(figure.arm_viewer_left), fill(viewer_right_arm), ox, oy, scale))
    group.add(_poly(figure.leg_viewer_left, fill(viewer_left_leg), ox, oy, scale))
    group.add(_poly(_mirror(figure.leg_viewer_left), fill(viewer_right_leg), ox, oy, scale))
    if front:
        group.add(_poly(figure.trunk, fill(torso), ox, oy, scale))
        group.add(_poly(figure.genitals, fill(Region.GENITALS), ox, oy, scale))
    else:
        # The back view covers the buttocks too: the trunk outline with the genital notch filled.
        split = max(i for i, (x, y) in enumerate(figure.trunk) if y == figure.genitals[0][1] and x > 50) + 1
        outline = [*figure.trunk[:split], figure.genitals[1], figure.genitals[2], figure.genitals[0]]
        group.add(_poly([*outline, *figure.trunk[split:]], fill(torso), ox, oy, scale))
    nx, ny, nw, nh = figure.neck
    head_fill = fill(Region.HEAD_NECK)
    group.add(
        Rect(
            ox + nx * scale,
            oy + ny * scale,
            nw * scale,
            nh * scale,
            fillColor=head_fill,
            strokeColor=_OUTLINE,
            strokeWidth=0.6,
        )
    )
    hx, hy = figure.head_centre
    rx, ry = figure.head_radii
    group.add(
        Ellipse(
            ox + hx * scale,
            oy + hy * scale,
            rx * scale,
            ry * scale,
            fillColor=head_fill,
            strokeColor=_OUTLINE,
            strokeWidth=0.6,
        )
    )

    def put(region: Region, x: float, y: float) -> None:
        fraction = fractions.get(region, 0.0)
        if fraction > 0:
            group.add(_label(wording.percent(fraction), ox + x * scale, oy + y * scale, fraction))

    put(Region.HEAD_NECK, hx, hy - 2)
    put(torso, *figure.label_trunk)
    put(viewer_left_arm, *figure.label_arm)
    put(viewer_right_arm, 100 - figure.label_arm[0], figure.label_arm[1])
    put(viewer_left_leg, *figure.label_leg)
    put(viewer_right_leg, 100 - figure.label_leg[0], figure.label_leg[1])
    if front and fractions.get(Region.GENITALS, 0.0) > 0:
        gx, gy = figure.genitals[2]
        group.add(
            String(
                ox + gx * scale,
                oy + (gy - 9) * scale,
                wording.percent(fractions[Region.GENITALS]),
                fontName=BOLD,
                fontSize=6,
                fillColor=colors.black,
                textAnchor="middle",
            )
        )
    # Side marks: which of the patient's sides the reader sees on each edge.
    left_mark, right_mark = (
        (wording("right"), wording("left")) if front else (wording("left"), wording("right"))
    )
    for text, x in ((left_mark, 2.0), (right_mark, 98.0)):
        group.add(
            String(
                ox + x * scale,
                oy + 212 * scale,
                text,
                fontName=BOLD,
                fontSize=7,
                fillColor=_OUTLINE,
                textAnchor="middle",
            )
        )
    title = wording("front") if front else wording("back_view")
    group.add(
        String(
            ox + 50 * scale,
            oy + figure.feet * scale - 10,
            title,
            fontName=REGULAR,
            fontSize=8,
            fillColor=_OUTLINE,
            textAnchor="middle",
        )
    )
    return group


def body_map_drawing(
    fractions: Mapping[Region, float], group: AgeGroup, wording: Wording, width: float = 240.0
) -> Drawing:
    """Front and back views side by side with a five-step legend underneath."""
    register_fonts()
    figure = _CHILD if group is AgeGroup.UNDER_2 else _ADULT
    scale = (width / 2 - 10) / 100
    legend_h = 30.0
    fig_h = (220 - figure.feet) * scale
    height = fig_h + legend_h + 16
    drawing = Drawing(width, height, initialFontName=REGULAR)
    base = legend_h + 14 - figure.feet * scale
    drawing.add(_view(figure, fractions, True, 0, base, scale, wording))
    drawing.add(_view(figure, fractions, False, width / 2 + 10, base, scale, wording))
    # Legend: 0, 25, 50, 75, 100 %.
    steps = (0.0, 0.25, 0.5, 0.75, 1.0)
    box_w = min(28.0, (width - 20) / len(steps))
    x0 = (width - box_w * len(steps)) / 2
    drawing.add(
        String(
            width / 2,
            22,
            wording("legend"),
            fontName=REGULAR,
            fontSize=7,
            fillColor=_OUTLINE,
            textAnchor="middle",
        )
    )
    for i, step in enumerate(steps):
        drawing.add(
            Rect(
                x0 + i * box_w,
                8,
                box_w,
                9,
                fillColor=fraction_colour(step),
                strokeColor=_OUTLINE,
                strokeWidth=0.4,
            )
        )
        drawing.add(
            String(
                x0 + i * box_w + box_w / 2,
                0,
                f"{wording.percent(step)} %",
                fontName=REGULAR,
                fontSize=6,
                fillColor=_OUTLINE,
                textAnchor="middle",
            )
        )
    return drawing
