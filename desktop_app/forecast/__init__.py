"""forecast package (DESIGN §1)."""
