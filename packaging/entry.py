"""Frozen-app entry point: the same CLI as ``scorad-desk`` (GUI when run without arguments)."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes on Windows/macOS re-enter here
    sys.exit(main())
