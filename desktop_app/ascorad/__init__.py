"""ascorad package (DESIGN §1)."""
