"""Benchmarks for Pasar Kreatif: data generator, baseline app and load scripts (see README.md)."""
