"""ScoradDesk: offline decision support for atopic dermatitis clinics.

The package is split by what each part may touch (see DESIGN §1): ``domain`` is pure
score arithmetic, ``ui`` is the only Qt layer, and everything slow or heavy (torch,
OpenCV, SQLCipher) is imported lazily by the command that needs it.
"""

__version__ = "0.1.0"
APP_NAME = "ScoradDesk"
