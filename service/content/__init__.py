"""Article content: the plain values loaded from bundles and stored in the database."""
