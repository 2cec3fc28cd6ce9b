"""Storage: the database, its models and migrations, and every query the service makes."""
