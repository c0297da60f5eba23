"""Benchmarks at national scale: a synthetic data generator and latency measurements."""
