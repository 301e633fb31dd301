"""Helpers of ``benchmarks/gui_scale.py`` (a folder, so ``make bench`` does not run them alone)."""
