"""Qt: one module per screen or dialog, table models, and the application shell."""
