"""ASCORAD review: the proposal over each photo, corrected by the clinician (DESIGN §4).

``model`` holds one photo's proposal and the clinician's corrections (mask edits with undo,
grade overrides, low-confidence signs) without Qt; ``visit`` turns the corrected photos into
the SCORAD form prefill and the storage records (proposal, annotation); ``mask_editor`` and
``panel`` draw them; ``engine`` loads the ASCORAD engine once, off the GUI thread; ``reasons``
words refusals and quality instructions for the screen.
"""
