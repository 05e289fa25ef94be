"""storage package (DESIGN §1)."""
