"""The Qt layer: the only package that imports PySide6 (import-linter enforces it).

Widgets call plain service functions from the rest of the package; no SQL, score maths
or pixel maths here.
"""
