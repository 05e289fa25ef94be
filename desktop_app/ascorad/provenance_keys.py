"""Which keys of a photo's provenance (``engine.AscoradEngine.score_photo``) describe that one
photo rather than the models that scored it.

A visit's assessment and the PDF report lift the model versions from a photo's provenance to
the visit; these keys stay with each photo, since two photos of one visit differ in them.
"""

from __future__ import annotations

PER_PHOTO_PROVENANCE: frozenset[str] = frozenset(
    {
        "image_sha256",
        "image_sha256_of",
        "analysed_size",
        "time_utc",
        "seconds",
        # heads 2.2: "head|strong" or "strong" (colour contrast alone), per photo (lesion.applied_rule)
        "lesion_rule_applied",
    }
)
