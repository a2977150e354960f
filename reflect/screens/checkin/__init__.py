"""The check-in dialog and the check-in history."""
