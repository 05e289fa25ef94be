"""A synthetic camera: a moving, skin-like scene with controllable defects, for tests and the demo.

The scene is a patch of skin (three tones) with pores, creases, hairs and a red eczematous
plaque with papules, on a blue-grey cloth. Each defect the quality analysis must catch can be
dialled in: defocus/motion blur, exposure (linear light, like a camera), specular glare,
distance (how much of the frame the skin fills), off-centre framing and colour cast.

The scene is rendered once per setting (tens of milliseconds); each frame is then a shifted
crop plus a lookup table, blur and precomputed noise, so 1280×720 at 30 fps costs a few
milliseconds per frame.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from desktop_app.capture.source import DeviceInfo, EndOfStreamError, Frame, FramePacer, SourceOpenError

SKIN_TONES: dict[str, tuple[int, int, int]] = {
    "light": (226, 178, 152),
    "medium": (192, 132, 98),
    "dark": (118, 78, 58),
}


@dataclass(frozen=True)
class SceneSettings:
    """What the synthetic camera shows. Defaults give a frame that passes every check."""

    width: int = 1280
    height: int = 720
    skin_tone: str = "light"
    blur_sigma: float = 0.0  # Gaussian defocus, in pixels of the output frame
    motion_length: float = 0.0  # motion blur length, pixels (horizontal)
    exposure: float = 1.0  # linear-light exposure factor (0.3 = 1.7 stops under)
    glare: float = 0.0  # fraction of the skin covered by specular highlights
    scale: float = 1.0  # skin patch size: 1 fills most of the frame, 0.3 = far away
    offset: tuple[float, float] = (0.0, 0.0)  # skin centre offset, fraction of half-width/height
    cast: tuple[float, float, float] = (1.0, 1.0, 1.0)  # linear-light R, G, B gains
    noise: float = 1.5  # sensor noise, grey levels (σ)
    # Dermatoscope look: a circular illuminated field (radius as a fraction of the height,
    # 0 = none) whose centre can be displaced (fraction of half-width/height); black outside.
    field_radius: float = 0.0
    field_offset: tuple[float, float] = (0.0, 0.0)
    ruler: bool = True  # the white paper ruler along the bottom edge (clinical photos)
    drift: float = 6.0  # amplitude of the slow hand-held movement, pixels
    seed: int = 1


def _srgb_to_linear(values: np.ndarray) -> np.ndarray:
    x = values / 255.0
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(values: np.ndarray) -> np.ndarray:
    x = np.clip(values, 0.0, 1.0)
    return np.where(x <= 0.0031308, x * 12.92, 1.055 * np.power(x, 1 / 2.4) - 0.055) * 255.0


def _lut(settings: SceneSettings) -> np.ndarray:
    """Per-channel lookup table applying exposure and colour cast in linear light."""
    levels = _srgb_to_linear(np.arange(256, dtype=np.float64))
    channels = [_linear_to_srgb(levels * settings.exposure * gain) for gain in settings.cast]
    table = np.stack(channels, axis=-1).round().clip(0, 255).astype(np.uint8)
    return table.reshape(256, 1, 3)


def render_scene(settings: SceneSettings, margin: int = 0) -> np.ndarray:
    """Render the static scene (RGB uint8), ``margin`` pixels larger on every side for drift."""
    if settings.skin_tone not in SKIN_TONES:
        raise ValueError(f"Unknown skin tone {settings.skin_tone!r}: use one of {', '.join(SKIN_TONES)}.")
    rng = np.random.default_rng(settings.seed)
    width, height = settings.width + 2 * margin, settings.height + 2 * margin
    # Cloth background: blue-grey with a weave and soft shading (never skin-coloured).
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    weave = 6.0 * np.sin(xx * 0.9) * np.sin(yy * 0.9)
    shade = 1.0 + 0.12 * np.sin(xx / width * math.pi) - 0.08 * (yy / height)
    base = np.array([72, 88, 118], np.float32)
    image = (base[None, None, :] * shade[:, :, None] + weave[:, :, None]).astype(np.float32)

    # Skin patch: a soft-edged ellipse (a forearm seen close up).
    cx = width / 2 + settings.offset[0] * settings.width / 2
    cy = height / 2 + settings.offset[1] * settings.height / 2
    ax, ay = 0.46 * settings.width * settings.scale, 0.44 * settings.height * settings.scale
    ellipse = ((xx - cx) / max(ax, 1.0)) ** 2 + ((yy - cy) / max(ay, 1.0)) ** 2
    # The limb's outline is in focus: a 1–2 pixel edge, as in a sharp photo.
    edge_width = 1.5 / max(min(ax, ay), 1.0)
    skin_alpha = np.clip((1.0 - ellipse) / (2.0 * edge_width), 0.0, 1.0)

    tone = np.array(SKIN_TONES[settings.skin_tone], np.float32)
    small = rng.normal(0.0, 1.0, (height // 3 + 1, width // 3 + 1)).astype(np.float32)
    pores = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)[:, :, None]
    fine = rng.normal(0.0, 1.0, (height, width, 1)).astype(np.float32)
    skin = tone[None, None, :] * (1.0 + 0.035 * pores + 0.02 * fine)
    skin *= (1.0 - 0.06 * (yy / height))[:, :, None]  # gentle shading across the limb

    # Eczematous plaque: redder, with papules and excoriations (sharp detail to focus on).
    plaque = np.zeros((height, width), np.float32)
    pcx, pcy = cx - 0.12 * ax, cy + 0.05 * ay
    for _ in range(7):
        ox, oy = rng.normal(0, 0.18 * ax), rng.normal(0, 0.18 * ay)
        radius = (int(0.16 * ax * rng.uniform(0.6, 1.2)), int(0.16 * ay * rng.uniform(0.6, 1.2)))
        cv2.ellipse(
            plaque, (int(pcx + ox), int(pcy + oy)), radius, float(rng.uniform(0, 180)), 0, 360, 1.0, -1
        )
    plaque_soft: np.ndarray = cv2.GaussianBlur(
        plaque, (0, 0), sigmaX=max(1.0, 0.01 * settings.width * settings.scale)
    )
    plaque = plaque_soft
    redden = np.array([1.0, 0.72, 0.76], np.float32)
    skin = skin * (1.0 - plaque[:, :, None]) + skin * redden * plaque[:, :, None]
    lesion_pixels = np.argwhere(plaque > 0.5)
    papule_radius = max(2, round(0.004 * settings.width * settings.scale))
    if len(lesion_pixels):
        for idx in rng.integers(0, len(lesion_pixels), 90):
            py, px = lesion_pixels[idx]
            cv2.circle(
                skin, (int(px), int(py)), papule_radius, tuple(float(v) for v in tone * redden * 0.78), -1
            )
        for _ in range(10):
            py, px = lesion_pixels[int(rng.integers(0, len(lesion_pixels)))]
            angle = rng.uniform(0, math.pi)
            length = 0.08 * ax
            end = (int(px + length * math.cos(angle)), int(py + length * math.sin(angle)))
            cv2.line(skin, (int(px), int(py)), end, tuple(float(v) for v in tone * redden * 0.6), 2)
    # Creases and hairs on the uninvolved skin.
    for _ in range(int(40 * settings.scale) + 5):
        x0, y0 = rng.uniform(cx - ax, cx + ax), rng.uniform(cy - ay, cy + ay)
        angle = rng.uniform(-0.4, 0.4) + (math.pi / 2 if rng.random() < 0.3 else 0.0)
        length = rng.uniform(0.03, 0.1) * settings.width * settings.scale
        end = (int(x0 + length * math.cos(angle)), int(y0 + length * math.sin(angle)))
        cv2.line(skin, (int(x0), int(y0)), end, tuple(float(v) for v in tone * 0.7), 1, cv2.LINE_AA)

    image = image * (1.0 - skin_alpha[:, :, None]) + skin * skin_alpha[:, :, None]

    # A white paper ruler along the bottom edge, as in clinical photography: it gives the
    # frame its near-white reference (cameras expose for it) and a scale.
    top = margin + int(0.93 * settings.height) if settings.ruler else height
    left, right = margin + int(0.02 * settings.width), margin + int(0.30 * settings.width)
    image[top:, left:right] = (214.0, 214.0, 210.0)
    step = max(3, settings.width // 100)
    for x in range(left + step, right, step):
        tick = top + (height - top) // (2 if (x - left) // step % 5 == 0 else 4)
        image[top:tick, x : x + 1] = (40.0, 40.0, 40.0)

    # Specular glare: soft white blobs inside the skin.
    if settings.glare > 0:
        inside = np.argwhere(skin_alpha > 0.99)
        skin_area = float((skin_alpha > 0.5).sum())
        blobs = 3
        glare = np.zeros((height, width), np.float32)
        for _ in range(blobs):
            py, px = inside[int(rng.integers(0, len(inside)))]
            blob_radius = math.sqrt(settings.glare * skin_area / blobs / math.pi)
            cv2.circle(glare, (int(px), int(py)), max(1, round(blob_radius)), 1.0, -1)
        glare = np.maximum(glare, cv2.GaussianBlur(glare, (0, 0), sigmaX=2.0))
        image = image * (1.0 - glare[:, :, None]) + np.array([252, 251, 249], np.float32) * glare[:, :, None]
    if settings.field_radius > 0:
        fx = width / 2 + settings.field_offset[0] * settings.width / 2
        fy = height / 2 + settings.field_offset[1] * settings.height / 2
        inside_field = np.hypot(xx - fx, yy - fy) <= settings.field_radius * settings.height
        image[~inside_field] = (6.0, 5.0, 5.0)
    return np.clip(image, 0, 255).astype(np.uint8)


class SyntheticSource:
    """A frame source rendering :class:`SceneSettings`, optionally paced to ``fps`` like a camera.

    ``fail_after`` makes ``read`` raise the given error after that many frames (to test how
    the worker handles a camera that disappears); ``max_frames`` ends the stream.
    ``update(**changes)`` changes the scene while streaming (the demo's defect sliders).
    """

    def __init__(
        self,
        settings: SceneSettings | None = None,
        *,
        fps: float | None = 30.0,
        max_frames: int | None = None,
        fail_after: int | None = None,
        fail_with: type[Exception] | None = None,
    ) -> None:
        self._settings = settings or SceneSettings()
        self._fps = fps
        self._max_frames = max_frames
        self._fail_after = fail_after
        self._fail_with = fail_with
        self._lock = threading.Lock()
        self._opened = False
        self._index = 0
        self._base: np.ndarray | None = None
        self._table: np.ndarray | None = None
        self._noise: np.ndarray | None = None
        self._pacer = FramePacer(fps)
        self._rng = np.random.default_rng(self._settings.seed + 1)
        self._margin = math.ceil(self._settings.drift) + 2

    @property
    def name(self) -> str:
        return "Demo camera (synthetic skin scene)"

    @property
    def settings(self) -> SceneSettings:
        return self._settings

    @property
    def requested_size(self) -> tuple[int, int] | None:
        return (self._settings.width, self._settings.height)

    @property
    def granted_size(self) -> tuple[int, int] | None:
        return (self._settings.width, self._settings.height) if self._opened else None

    @property
    def fps(self) -> float | None:
        return self._fps

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(id="demo", label=self.name)]

    def _prepare(self) -> None:
        settings = self._settings
        self._margin = math.ceil(settings.drift) + 2
        self._base = render_scene(settings, margin=self._margin)
        self._table = _lut(settings)
        if settings.noise > 0:
            shape = (settings.height + 64, settings.width + 64, 3)
            noise = np.round(self._rng.normal(0.0, settings.noise, shape))
            # Positive and negative parts as two uint8 planes: saturating add then subtract.
            self._noise = np.stack([np.clip(noise, 0, 255), np.clip(-noise, 0, 255)]).astype(np.uint8)
        else:
            self._noise = None

    def open(self) -> None:
        settings = self._settings
        if settings.width < 16 or settings.height < 16:
            raise SourceOpenError(
                f"A frame must be at least 16×16 pixels (asked {settings.width}×{settings.height})."
            )
        with self._lock:
            try:
                self._prepare()
            except ValueError as exc:
                raise SourceOpenError(str(exc)) from None
            self._opened = True
            self._index = 0

    def update(self, **changes: object) -> None:
        """Change the scene (e.g. ``update(blur_sigma=4)``); takes effect from the next frame."""
        with self._lock:
            self._settings = replace(self._settings, **changes)  # type: ignore[arg-type]
            if self._opened:
                self._prepare()

    def read(self) -> Frame:
        with self._lock:
            if not self._opened or self._base is None or self._table is None:
                raise SourceOpenError("The demo camera is not open.")
            if self._max_frames is not None and self._index >= self._max_frames:
                raise EndOfStreamError("The demo sequence has ended.")
            if self._fail_after is not None and self._index >= self._fail_after:
                error = self._fail_with or OSError
                raise error("The demo camera was disconnected (simulated).")
            settings, base, table, noise = self._settings, self._base, self._table, self._noise
            index = self._index
            self._index += 1
        self._pacer.wait()
        t = index / (self._fps or 30.0)
        dx = round(settings.drift * math.sin(2 * math.pi * 0.2 * t))
        dy = round(settings.drift * math.cos(2 * math.pi * 0.13 * t))
        top, left = self._margin + dy, self._margin + dx
        frame = base[top : top + settings.height, left : left + settings.width]
        if settings.blur_sigma > 0:
            frame = cv2.GaussianBlur(frame, (0, 0), sigmaX=settings.blur_sigma)
        if settings.motion_length >= 2:
            length = round(settings.motion_length)
            kernel = np.full((1, length), 1.0 / length, np.float32)
            frame = cv2.filter2D(frame, -1, kernel, borderType=cv2.BORDER_REFLECT)
        frame = cv2.LUT(frame, table)
        if noise is not None:
            oy, ox = (int(v) for v in self._rng.integers(0, 64, 2))
            rows, cols = slice(oy, oy + settings.height), slice(ox, ox + settings.width)
            frame = cv2.subtract(cv2.add(frame, noise[0, rows, cols]), noise[1, rows, cols])
        else:
            frame = frame.copy()
        return Frame(rgb=frame, index=index, timestamp=time.monotonic())

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._base = None
