"""capture package (DESIGN §1)."""
