"""Feedback: requests, reply files, strengths."""
