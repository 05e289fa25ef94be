"""French for the capture, review, compare and history-photo screens.

Their strings live in their own catalogue (``resources/translations/capture_<lang>.qm``,
source ``capture_<lang>.ts``) so this part could be built alongside the main one. The
translator is installed next to the main translator: :func:`install_capture_translator` is
called by the screens themselves (following :func:`desktop_app.ui.i18n.current_language`)
and may be called by ``set_language`` too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop_app.ui.i18n import current_language
from desktop_app.ui.resources import translations_dir

_installed: QTranslator | None = None
_language = "en"


def qm_path(language: str) -> str:
    return str(translations_dir() / f"capture_{language}.qm")


def install_capture_translator(language: str | None = None) -> bool:
    """Install the capture strings for ``language`` (default: the main translator's language)."""
    global _installed, _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_capture_translator needs a QApplication")
    wanted = language or current_language()
    if wanted == _language and (_installed is not None or wanted == "en"):
        return True
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _language = "en"
    if wanted == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(qm_path(wanted)):
        return False
    app.installTranslator(translator)
    _installed = translator
    _language = wanted
    return True
