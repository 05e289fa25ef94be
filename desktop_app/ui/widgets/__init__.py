"""widgets of the Qt layer (see desktop_app/ui/__init__.py)."""
