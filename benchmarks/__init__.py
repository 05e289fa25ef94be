"""Speed, scale, accuracy and fault benchmarks, each with its target.

Every module ``bench_*.py`` runs alone (``python -m benchmarks.bench_x [--data DIR]``) and
prints one line per figure through :func:`benchmarks.figures.report`;
``python -m benchmarks`` (``make bench``) runs them all.
"""
