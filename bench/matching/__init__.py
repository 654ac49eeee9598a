"""Matching quality (evaluation set, ablation) and speed measurements; see README.md."""
