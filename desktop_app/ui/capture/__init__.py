"""The capture screen of a visit: live preview with coaching, and the photos taken (DESIGN §3).

``viewmodel`` runs a :class:`~desktop_app.capture.CaptureWorker` (frames and quality analysis
on its own threads) and hands the GUI the newest frame and report on a timer, never waiting;
``preview`` draws the frame with the framing guide and the seven traffic lights; ``chooser``
picks the camera (with its resolution), the profile, the demo source or a file; ``strip``
lists the visit's photos; ``page`` puts them together; ``i18n`` installs the French strings.
"""
