"""imaging package (DESIGN §1)."""
