"""reports package (DESIGN §1)."""
