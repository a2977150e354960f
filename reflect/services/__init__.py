"""Services with side effects outside the store (desktop notifications)."""
