"""Focus: the area, its dialogs and the app-wide focus session."""
