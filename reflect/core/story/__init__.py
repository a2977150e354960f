"""The value story, pitch checks, exports and rehearsal."""
