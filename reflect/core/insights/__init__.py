"""Insights: per-day sums, totals, mood patterns and tag effects."""
