"""Check-ins: input, the affect grid, history filters."""
