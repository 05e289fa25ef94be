"""``python -m desktop_app`` (and ``py -m desktop_app`` on Windows) runs the CLI."""

from desktop_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
