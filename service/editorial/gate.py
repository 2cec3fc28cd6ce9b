"""The readability gate on submitting: layperson text that fails the policy is held back.

The workflow (:func:`service.editorial.workflow.apply`) takes the gate as a
parameter, so it knows nothing of scoring; this is the gate the review pages give it.
Only layperson text is gated: clinician text is reported, never failed.
"""

from __future__ import annotations

from service.content.model import Article
from service.quality.report import score_article
from service.readability import Verdict
from service.storage.db import db
from service.writing.audience import Audience


def layperson_failures(article: Article) -> list[str]:
    """Each layperson section of ``article`` that fails the policy, described for the writer.

    Scores come from the cache of this thread's session, so the rows it adds are
    committed with the submit, or dropped with it when the gate refuses.
    """
    session = db.new_session()
    rows, _ = score_article(session, article, audiences=(Audience.LAYPERSON,))
    return [
        f"{row.section_title} ({row.section}): {row.scale} {row.grade:.1f} "
        "fails the layperson policy"
        for row in rows
        if row.verdict is Verdict.FAIL
    ]
