"""Storage: the database, its models and migrations, and the content repository."""
