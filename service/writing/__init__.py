"""How articles are written, as every other package reads them: the two audiences and
the Markdown dialect (citations, front matter, the characters text may hold)."""
