"""The characters text may hold: everywhere a writer or reader types, and in bundle files."""

from __future__ import annotations

import re

# C0 controls but tab and line breaks, and DEL: never text (and PostgreSQL refuses NUL).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
