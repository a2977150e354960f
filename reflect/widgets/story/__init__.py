"""Story widgets: items, script, checks, history, diffs, evidence."""
