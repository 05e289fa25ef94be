"""One module per ``scorad-desk`` subcommand, each with ``register(subparsers)``.

The CLI discovers the modules of this package; see ``desktop_app.cli``.
"""
