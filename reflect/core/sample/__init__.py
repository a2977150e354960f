"""A deterministic synthetic journal for the demo and the benchmarks."""
