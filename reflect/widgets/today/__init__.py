"""Today's panels."""
