"""Guided reflection: prompt sets, sessions, the frog."""
