"""Focus blocks: the timer and focus insights."""
