"""The photos of one visit while it is being captured: tagging, saving, scoring, deleting.

A captured (or imported) picture becomes a :class:`VisitPhoto`. ASCORAD scoring starts at
once on a reduced copy (the proposal must be on screen within a second of the click), while
the photo is only *kept* — stored encrypted through the storage service — once it is tagged
with a body region. Reading imported files, scoring and storing run on three single-thread
executors (the file, the engine and the disk never compete with the GUI thread, and each
keeps its order); results come back as queued Qt signals. Refused photos stay in the strip
with their reason so the nurse can retake.

An imported file joins the visit at once as a photo marked ``reading`` (in the strip, in the
order the files were chosen, and it can already be tagged); a 60-megapixel JPEG, a big TIFF
or a file on a slow USB stick or network share is decoded on the reader thread meanwhile.
A file that cannot be used leaves the visit again and ``import_refused`` says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.ascorad.engine import PhotoResult
from desktop_app.ascorad.gate import MIN_SCORABLE_SIDE
from desktop_app.domain.regions import Region
from desktop_app.imaging.importer import ImportedPhoto, PhotoImportError, import_photo
from desktop_app.storage import PhotoMissingError, PhotoTamperedError, Session, StorageError, Visit
from desktop_app.ui.errors import error_text
from desktop_app.ui.labels import region_label
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.review.model import PhotoReview

translate = QCoreApplication.translate
SCORING_LONG_SIDE = 640  # the size the heads were fitted on (networks at 320/448 px); precise masks
TOO_SMALL = "too_small"  # reason code of PhotoTooSmallError


class PhotoTooSmallError(PhotoImportError):
    """The photo decodes, but the copy ASCORAD scores would be under ``MIN_SCORABLE_SIDE`` pixels
    on a side (a thumbnail, or a panorama squeezed to the scoring size): the quality analysis
    and the networks cannot look at it, so it is refused before it joins the visit."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(
            TOO_SMALL, f"The photo is only {width}×{height} pixels: too small or too narrow to assess."
        )
        self.width = width
        self.height = height


def reduced_size(width: int, height: int, long_side: int = SCORING_LONG_SIDE) -> tuple[int, int]:
    """(width, height) of :func:`reduced`'s copy of a ``width`` × ``height`` photo."""
    scale = long_side / max(width, height)
    if scale >= 1:
        return width, height
    return round(width * scale), round(height * scale)


def reduced(rgb: np.ndarray, long_side: int = SCORING_LONG_SIDE) -> np.ndarray:
    h, w = rgb.shape[:2]
    size = reduced_size(w, h, long_side)
    if size == (w, h):
        return np.ascontiguousarray(rgb)
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


@dataclass(eq=False)
class VisitPhoto:
    key: int
    rgb: np.ndarray  # as captured / imported
    scored_rgb: np.ndarray  # the reduced copy scored and edited
    quality: dict[str, Any] | None
    device: str
    profile: str
    region: Region | None = None
    photo_id: str | None = None
    sha256: str | None = None
    result: PhotoResult | None = None
    review: PhotoReview | None = None
    saving: bool = False
    error: str = ""
    stored_annotation: tuple[Any, ...] | None = None
    annotation_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    reading: bool = False  # an imported file still being decoded: ``rgb`` is a blank stand-in
    file_name: str = ""  # the imported file's name ("" for a camera photo)

    @property
    def kept(self) -> bool:
        return self.photo_id is not None

    @property
    def full_size(self) -> tuple[int, int]:
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])


# what a photo being read shows until its pixels arrive (the thumbnail's proportions, light grey)
READING_RGB = np.full((80, 128, 3), 224, np.uint8)
READING_RGB.setflags(write=False)


@dataclass(frozen=True, eq=False)
class ReadPhoto:
    """An imported file once decoded and checked, with what scoring and the strip need."""

    imported: ImportedPhoto
    scored_rgb: np.ndarray
    quality: dict[str, Any]


def read_photo_file(path: Path, profile: str) -> ReadPhoto:
    """The slow part of an import, run on the reader thread: decode through the safe importer
    (``PhotoImportError`` with a clear message), refuse a photo too small or too narrow to be
    scored (``PhotoTooSmallError``), analyse its quality, reduce the copy ASCORAD scores."""
    from desktop_app.imaging.quality import analyse_frame

    imported = import_photo(path)
    if min(reduced_size(imported.width, imported.height)) < MIN_SCORABLE_SIDE:
        raise PhotoTooSmallError(imported.width, imported.height)
    quality = analyse_frame(reduced(imported.rgb, 1280), profile).to_dict()
    return ReadPhoto(imported, reduced(imported.rgb), quality)


class VisitPhotosModel(QObject):
    changed = Signal()
    scored = Signal(int)  # photo key
    saved = Signal(int)
    failed = Signal(str)
    import_refused = Signal(int, str, object)  # key the file had, its name, the PhotoImportError
    _score_done = Signal(int, object)
    _save_done = Signal(int, object)
    _read_done = Signal(int, object)
    _loaded = Signal(object)

    def __init__(self, session: Session, visit: Visit, engine: EngineProvider, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.visit = visit
        self.engine = engine
        self.photos: list[VisitPhoto] = []
        self._keys = itertools.count(1)
        self._scoring = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ascorad-score")
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-store")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-read")
        self._waiting_for_engine: list[int] = []
        self._closed = False
        # start the threads now, not on the first capture (thread start waits on the scheduler)
        self._scoring.submit(int)
        self._io.submit(int)
        self._reader.submit(int)
        # when the visit page goes, its threads go too (see CaptureViewModel on why not destroyed)
        weakref.finalize(self, _shutdown_executors(self._scoring, self._io, self._reader))
        self._score_done.connect(self._on_scored)
        self._save_done.connect(self._on_saved)
        self._read_done.connect(self._on_read)
        self._loaded.connect(self._on_loaded)
        engine.ready.connect(self._engine_ready)
        engine.failed.connect(self._engine_failed)

    def shutdown(self) -> None:
        """The visit is closing: queued work is dropped, and a file still being read is neither
        scored nor stored when it arrives."""
        self._closed = True
        self._reader.shutdown(wait=False, cancel_futures=True)
        self._scoring.shutdown(wait=False, cancel_futures=True)
        self._io.shutdown(wait=False, cancel_futures=True)

    # -- lookup -------------------------------------------------------------------------------
    def get(self, key: int) -> VisitPhoto:
        for photo in self.photos:
            if photo.key == key:
                return photo
        raise KeyError(key)

    def busy(self) -> bool:
        """A photo is still being read, saved or scored."""
        return any(p.reading or p.saving or (p.result is None and not p.error) for p in self.photos)

    # -- adding -------------------------------------------------------------------------------
    def add(
        self,
        rgb: np.ndarray,
        quality: dict[str, Any] | None,
        device: str,
        profile: str,
        region: Region | None = None,
    ) -> VisitPhoto:
        """A new picture: scoring starts now; it is kept once it has a region."""
        photo = VisitPhoto(next(self._keys), rgb, reduced(rgb), quality, device, profile)
        self.photos.append(photo)
        self._score(photo)
        if region is not None:
            self.tag(photo.key, region)
        self.changed.emit()
        return photo

    def import_file(self, path: str, profile: str) -> VisitPhoto:
        """Start importing ``path`` through the safe importer; returns at once.

        The photo is in the visit straight away, marked ``reading`` (it may be tagged; it is
        stored once read and scored). When the file is read its pixels replace the stand-in
        and scoring starts; when it cannot be used (``PhotoImportError``, ``PhotoTooSmallError``)
        the photo leaves the visit and ``import_refused`` carries the reason.
        """
        name = Path(path).name
        photo = VisitPhoto(
            next(self._keys), READING_RGB, READING_RGB, None, "file", profile, reading=True, file_name=name
        )
        self.photos.append(photo)
        future = self._reader.submit(read_photo_file, Path(path), profile)
        future.add_done_callback(_deliver_to(weakref.ref(self), "_read_done", photo.key))
        self.changed.emit()
        return photo

    def _on_read(self, key: int, outcome: object) -> None:
        if self._closed:
            return  # the visit was closed while the file was read: nothing more happens to it
        try:
            photo = self.get(key)
        except KeyError:
            return  # deleted while it was being read
        if isinstance(outcome, BaseException):
            self.photos.remove(photo)
            self.changed.emit()
            if not isinstance(outcome, PhotoImportError):
                raise outcome  # a fault, not the file: the application's error report, as before
            self.import_refused.emit(key, photo.file_name, outcome)
            return
        assert isinstance(outcome, ReadPhoto)
        photo.rgb, photo.scored_rgb, photo.quality = outcome.imported.rgb, outcome.scored_rgb, outcome.quality
        photo.extra["imported"] = outcome.imported
        photo.reading = False
        self._score(photo)
        self.changed.emit()

    def tag(self, key: int, region: Region) -> None:
        """Tag (or re-tag) a photo with its body region, and keep it."""
        photo = self.get(key)
        if photo.region is region and (photo.kept or photo.saving):
            return
        if photo.kept and photo.photo_id is not None:
            self._delete_stored(photo)
        photo.region = region
        if photo.result is not None:
            photo.result = replace(photo.result, region=region)
        self._save(photo)
        self.changed.emit()

    def delete(self, key: int) -> None:
        photo = self.get(key)
        if photo.kept:
            self._delete_stored(photo)
        self.photos.remove(photo)
        self.changed.emit()

    def _delete_stored(self, photo: VisitPhoto) -> None:
        assert photo.photo_id is not None
        for annotation in self.session.list_annotations(photo.photo_id):
            self.session.delete_annotation(annotation.id)
        self.session.delete_photo(photo.photo_id)
        photo.photo_id = None
        photo.annotation_id = None
        photo.stored_annotation = None

    # -- loading a visit that already has photos ------------------------------------------------
    def load_existing(self) -> None:
        """Photos stored earlier for this visit come back into the strip (read off the GUI thread)."""
        session, visit_id = self.session, self.visit.id

        def work() -> list[tuple[Any, np.ndarray | None, Any, Exception | None]]:
            out = []
            for stored in session.list_photos(visit_id):
                problem: Exception | None = None
                try:
                    rgb = import_photo(session.read_photo(stored.id)).rgb
                    annotations = session.list_annotations(stored.id)
                except Exception as exc:  # one unreadable photo must not hide the others
                    rgb, annotations, problem = None, [], exc
                out.append((stored, rgb, annotations[-1] if annotations else None, problem))
            return out

        future = self._io.submit(work)
        future.add_done_callback(lambda f: self._loaded.emit(f.result() if not f.exception() else []))

    def _on_loaded(self, rows: object) -> None:
        unreadable: list[str] = []
        for stored, rgb, annotation, problem in rows if isinstance(rows, list) else []:
            if rgb is None:
                unreadable.append(unreadable_text(stored.region, problem))
                continue
            photo = VisitPhoto(
                next(self._keys), rgb, reduced(rgb), stored.quality and dict(stored.quality), stored.device,
                stored.profile, Region(stored.region), stored.id, stored.sha256,
            )  # fmt: skip
            photo.extra["annotation"] = annotation
            if annotation is not None:
                photo.annotation_id = annotation.id
            self.photos.append(photo)
            self._score(photo)
        self.changed.emit()
        if unreadable:
            self.failed.emit("\n".join(unreadable))

    # -- scoring ------------------------------------------------------------------------------
    def _engine_ready(self, _engine: object) -> None:
        waiting, self._waiting_for_engine = self._waiting_for_engine, []
        for key in waiting:
            try:
                self._score(self.get(key))
            except KeyError:
                continue

    def _engine_failed(self, message: str) -> None:
        """No ASCORAD (missing model files...): the photos are still kept, just not scored."""
        waiting, self._waiting_for_engine = self._waiting_for_engine, []
        for key in waiting:
            try:
                photo = self.get(key)
            except KeyError:
                continue
            photo.extra["scoring"] = False
            if photo.extra.pop("save_after_scoring", False) and photo.region is not None:
                self._save(photo)
            photo.error = message
        self.changed.emit()

    def _score(self, photo: VisitPhoto) -> None:
        engine = self.engine.engine
        photo.extra["scoring"] = True
        if engine is None:
            self._waiting_for_engine.append(photo.key)
            self.engine.request()
            return
        key, rgb, size = photo.key, photo.scored_rgb, photo.full_size
        region = photo.region

        def work() -> PhotoResult:
            return engine.score_photo(rgb, region, source_size=size)

        future = self._scoring.submit(work)
        future.add_done_callback(_deliver_to(weakref.ref(self), "_score_done", key))

    def _on_scored(self, key: int, outcome: object) -> None:
        try:
            photo = self.get(key)
        except KeyError:
            return  # deleted meanwhile
        photo.extra["scoring"] = False
        if photo.extra.pop("save_after_scoring", False) and photo.region is not None and not photo.kept:
            self._save(photo)
        if isinstance(outcome, BaseException):
            photo.error = str(outcome) or type(outcome).__name__
            self.failed.emit(photo.error)
            self.changed.emit()
            return
        assert isinstance(outcome, PhotoResult)
        result = replace(outcome, region=photo.region)
        photo.result = self._with_stored_sha(result, photo)
        if result.accepted:
            h, w = photo.scored_rgb.shape[:2]
            photo.review = PhotoReview(photo.result, (w, h), photo.full_size)
            annotation = photo.extra.get("annotation")
            if annotation is not None:
                _restore_annotation(photo.review, annotation)
                photo.stored_annotation = annotation_fingerprint(photo.review)
        self.scored.emit(key)
        self.changed.emit()

    @staticmethod
    def _with_stored_sha(result: PhotoResult, photo: VisitPhoto) -> PhotoResult:
        if photo.sha256 is None:
            return result
        provenance = {**result.provenance, "image_sha256": photo.sha256, "image_sha256_of": "stored photo"}
        return replace(result, provenance=provenance)

    # -- saving -------------------------------------------------------------------------------
    def _save(self, photo: VisitPhoto) -> None:
        assert photo.region is not None
        if self._closed:
            return  # nothing is written for a visit that was closed (its executors are gone)
        photo.saving = True
        photo.error = ""
        if photo.extra.get("scoring") or photo.reading:
            # encoding and encrypting the PNG would compete with ASCORAD for the CPU while the
            # clinician waits for the proposal: store right after scoring instead (a file still
            # being read has no pixels to store yet; it is scored first too)
            photo.extra["save_after_scoring"] = True
            return
        session, visit_id = self.session, self.visit.id
        key, region, rgb = photo.key, photo.region.value, photo.rgb
        device, profile, quality = photo.device, photo.profile, photo.quality
        imported = photo.extra.get("imported")

        def work() -> object:
            clean = imported if isinstance(imported, ImportedPhoto) else camera_photo(rgb)
            return session.add_photo(
                visit_id, clean.encoded, region, device=device, profile=profile, quality=quality,
                width=clean.width, height=clean.height,
            )  # fmt: skip

        future = self._io.submit(work)
        future.add_done_callback(_deliver_to(weakref.ref(self), "_save_done", key))

    def _on_saved(self, key: int, outcome: object) -> None:
        try:
            photo = self.get(key)
        except KeyError:
            # deleted while it was being written: remove the stored copy too
            if not isinstance(outcome, BaseException):
                self.session.delete_photo(outcome.id)  # type: ignore[attr-defined]
            return
        photo.saving = False
        if isinstance(outcome, BaseException):
            if isinstance(outcome, StorageError):  # disk full, read-only…: the translated sentence
                message = error_text(outcome)
            else:
                message = getattr(outcome, "message", None) or str(outcome)
            photo.error = message
            photo.region = None if isinstance(outcome, StorageError) else photo.region
            self.failed.emit(message)
        else:
            photo.photo_id = outcome.id  # type: ignore[attr-defined]
            photo.sha256 = outcome.sha256  # type: ignore[attr-defined]
            if photo.result is not None:
                photo.result = self._with_stored_sha(photo.result, photo)
                if photo.review is not None:
                    photo.review.result = photo.result
            self.saved.emit(key)
        self.changed.emit()


def unreadable_text(region: str, problem: BaseException | None) -> str:
    """Why a photo stored with the visit is not in the strip: the clinician must know it exists."""
    try:
        name = region_label(Region(region))
    except ValueError:
        name = region
    if isinstance(problem, PhotoMissingError):
        why = translate("Capture", "its file is missing. Restore a backup to get it back.")
    elif isinstance(problem, (PhotoTamperedError, PhotoImportError)):
        why = translate("Capture", "its file is damaged. Restore a backup to get it back.")
    else:
        why = error_text(problem) if problem is not None else "?"
    return (
        translate("Capture", "The photo of %1 saved with this visit cannot be shown: %2")
        .replace("%2", why)
        .replace("%1", name)
    )


def _deliver_to(model: weakref.ref[VisitPhotosModel], signal: str, key: int) -> Callable[[Future[Any]], None]:
    """A worker-thread callback handing a job's outcome (its result or its exception) for photo
    ``key`` to the GUI thread through the model's private ``signal`` (``_read_done``,
    ``_score_done`` or ``_save_done``), if the model is still
    there (it holds the model weakly, so a closed visit's page can be collected). Reading,
    scoring and storing all report back this way."""

    def deliver(future: Future[Any]) -> None:
        if future.cancelled():  # dropped by shutdown()
            return
        target = model()
        if target is None:
            return
        problem = future.exception()
        with contextlib.suppress(RuntimeError):  # the page closed and Qt deleted the model meanwhile
            getattr(target, signal).emit(key, problem if problem is not None else future.result())

    return deliver


def _shutdown_executors(*executors: ThreadPoolExecutor) -> Callable[..., None]:
    def shutdown(*_args: object) -> None:
        for executor in executors:
            executor.shutdown(wait=False, cancel_futures=True)

    return shutdown


def camera_photo(rgb: np.ndarray) -> ImportedPhoto:
    """Wrap camera pixels like an import, so they are stored as a clean PNG with its sha256."""
    raw = hashlib.sha256(np.ascontiguousarray(rgb).tobytes()).hexdigest()
    return ImportedPhoto(
        rgb=np.ascontiguousarray(rgb), source_sha256=raw, source_format="camera",
        source_size=(int(rgb.shape[1]), int(rgb.shape[0])), orientation=1, colour_managed=False,
    )  # fmt: skip


def annotation_fingerprint(review: PhotoReview) -> tuple[Any, ...]:
    """What identifies an annotation's content (to store a changed review once, not twice)."""
    data = review.annotation()
    return (
        tuple(sorted(data.signs.items())),
        data.lesion_percent,
        hashlib.sha256(data.lesion_mask_png).hexdigest(),
    )


def _restore_annotation(review: PhotoReview, annotation: Any) -> None:
    """Put a stored annotation's mask and grades back into the review (a resumed visit)."""
    import io

    from PIL import Image

    if annotation.lesion_mask_png:
        with Image.open(io.BytesIO(annotation.lesion_mask_png)) as image:
            mask = np.asarray(image.convert("L")) > 127
        review.mask = (
            cv2.resize(mask.astype(np.uint8), (review.width, review.height), interpolation=cv2.INTER_NEAREST)
            > 0
        )
    for sign, grade in dict(annotation.signs).items():
        if grade is not None and review.grade(sign) != grade:
            review.set_grade(sign, int(grade))
    review.confirmed = True
