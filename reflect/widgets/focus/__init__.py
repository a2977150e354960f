"""Focus widgets: the timer display and focus insights."""
