"""Matching: the right creatives for each gig and the right gigs for each creative.

`candidates` generates a bounded candidate set in PostgreSQL and loads its features;
`signals` scores each aspect of a pair with reasons; `ranking` weighs them (per work mode),
applies the fair-exposure rule and orders; `recommendations` holds the use cases the API calls.
The evaluation (nDCG@10, recall@20, ablation, new-talent share) lives in bench/matching/.
"""
