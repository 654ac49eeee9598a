"""Matching: the right creatives for each gig and the right gigs for each creative.

`candidates` picks a bounded candidate set in PostgreSQL; `loading` and `words` load its
features and full-text evidence; `signals` scores each aspect of a pair; `ranking` weighs them
per work mode and applies the fair-exposure rule; `reasons` says why, in Indonesian and
English; `recommendations` holds the use cases the API calls. The evaluation (nDCG@10,
recall@20, ablation, new-talent share) and the latency measurements live in bench/matching/.
"""
