"""Editorial work on articles: revisions, the review workflow, its readability gate,
and bundles entering that workflow."""
