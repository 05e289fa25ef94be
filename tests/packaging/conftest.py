"""The packaging scripts live in ``packaging/`` (not a package: its name would shadow PyPI's)."""

import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))
