"""People & feedback: the area and its dialogs."""
