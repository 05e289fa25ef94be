"""Pure score arithmetic and value objects (DESIGN §2). No Qt, no torch, no I/O.

Nothing in this package imports from the rest of ``desktop_app``; the import-linter
contract in pyproject.toml enforces it.
"""
