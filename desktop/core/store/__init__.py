"""The store: the database file, its models and migrations."""
