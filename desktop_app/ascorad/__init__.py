"""ASCORAD: automatic SCORAD from photos, on the CPU, with provenance (DESIGN §4).

Following Medela et al. 2022 the automatic score has two parts — lesion extent and the
intensity of the six visual signs — computed per photo and aggregated per visit.

API for the GUI and the CLI (torch is imported only when an engine is loaded)::

    from desktop_app.ascorad.engine import AscoradEngine
    from desktop_app.ascorad.aggregation import aggregate_visit

    engine = AscoradEngine.load()                      # shipped weights in models/
    result = engine.score_photo(rgb, "trunk_front", image_sha256=photo.sha256,
                                source_size=photo.source_size)
    if result.accepted:
        result.lesion_percent, result.skin_percent     # % of the visible skin / of the photo
        result.signs["erythema"].grade                 # 0-3, fractional; .confidence 0-1
        result.skin_mask, result.lesion_mask           # bool arrays at the analysed size
    else:
        result.reason   # "quality_failed:<category>" | "no_colour" | "not_skin" | "too_little_skin"
    result.to_dict()                                   # JSON-ready, provenance included
    visit = aggregate_visit([result, ...], age_years=7)  # A, B, oSCORAD, regions_missing

Modules: ``engine`` (pipeline, results, provenance), ``gate`` (refusal reasons),
``skin_model``/``skin_training`` (skin network and its training command), ``colour`` and
``lesion`` (a* contrast and the learned lesion head), ``signs`` and ``heads`` (sign
estimators, confidence), ``aggregation`` (visit A/B/oSCORAD), ``learning``/``evaluation``/
``export_format``/``metrics`` (the multi-task learning path and its metrics).
Automatic results are decision support, never a diagnosis.
"""
