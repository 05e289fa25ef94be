"""Language switching through Qt's translator, without reinstalling or restarting.

Every visible string is written in English in the code, wrapped in
``QCoreApplication.translate(context, text)`` so that ``pyside6-lupdate`` collects it into
``resources/translations/scorad_desk_<lang>.ts``; ``pyside6-lrelease`` compiles the ``.qm``
this module loads. English needs no file (the source strings are English).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop_app.ui.resources import translations_dir

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
_installed: QTranslator | None = None


def qm_path(language: str) -> str:
    return str(translations_dir() / f"scorad_desk_{language}.qm")


def set_language(language: str) -> bool:
    """Install the translators for ``language`` ("en" or "fr"); widgets built afterwards use them.

    Switches the main catalogue and the capture screens' own catalogue together. Returns
    False (and keeps English) when the language is unknown or its file is missing, so a
    damaged installation still shows a usable interface.
    """
    from desktop_app.ui.capture.i18n import install_capture_translator

    installed = _install_main_translator(language)
    install_capture_translator(language if installed and language != "en" else "en")
    return installed


def _install_main_translator(language: str) -> bool:
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == "en" or language not in LANGUAGES:
        return language == "en"
    translator = QTranslator(app)
    if not translator.load(qm_path(language)):
        return False
    app.installTranslator(translator)
    _installed = translator
    return True


def current_language() -> str:
    return "en" if _installed is None else _installed.language().split("_")[0] or "fr"
