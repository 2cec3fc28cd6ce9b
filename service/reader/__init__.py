"""The reader's side: the index, article pages, the persona chooser, questions."""
