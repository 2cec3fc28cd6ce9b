"""Which engine and policy a stored revision verdict must come from to count as checked."""

from __future__ import annotations

import hashlib
from functools import cache

from service.quality.scores import engine_fingerprint, policy_fingerprint
from service.readability.policy import default_policy


@cache
def current_verdict_engine() -> str:
    """The fingerprint stored verdicts are written and read under: engine and policy.

    64 hex characters (``revision_verdicts.engine``); a new engine or a changed policy
    file gives a new one, so every verdict checked before counts as not checked.
    """
    both = f"{engine_fingerprint()}:{policy_fingerprint(default_policy())}"
    return hashlib.sha256(both.encode("utf-8")).hexdigest()
