"""Syllables of figures, signs, units and initialisms as an English reader says them.

Flesch's rule: "count the syllables in symbols and figures according to the way
they are normally read aloud, e.g. two for $ (dollars) and four for 1918
(nineteen eighteen)". Dictionaries and hyphenation count "0.81" as one syllable,
which makes a sentence dense with statistics look *easier* than plain prose;
read aloud it is "zero point eight one", five syllables.
"""

from __future__ import annotations

import re

# Syllables of the English number words.
_UNITS = (2, 1, 1, 1, 1, 1, 1, 2, 1, 1)  # zero .. nine
_TEENS = (1, 3, 1, 2, 2, 2, 2, 3, 2, 2)  # ten .. nineteen
_TENS = (0, 0, 2, 2, 2, 2, 2, 3, 2, 2)  # -, -, twenty .. ninety
_SCALES = ((10**12, 2), (10**9, 2), (10**6, 2), (1000, 2))  # trillion .. thousand
_HUNDRED = 2
_POINT, _MINUS, _PERCENT, _OH = 1, 2, 2, 1
_CURRENCY = {"$": 2, "€": 2, "£": 1}  # dollars, euros, pounds

SYMBOLS = {
    "=": 2,  # equals
    "<": 3,  # less than
    ">": 3,  # greater than
    "≤": 6,  # less than or equal to
    "≥": 7,  # greater than or equal to
    "±": 4,  # plus or minus
    "\u00d7": 1,  # times
    "÷": 4,  # divided by
    "+": 1,  # plus
    "&": 1,  # and
}

# Units of measure, read in full: "2.5 mg" is "two point five milligrams".
# Those that are also words or letters count as units only after a number.
UNITS = {
    "mg": 3, "mcg": 3, "µg": 3, "ug": 3, "ng": 3, "pg": 3, "kg": 4,
    "ml": 4, "mL": 4, "dl": 4, "dL": 4,
    "mmol": 3, "µmol": 3, "umol": 3, "mEq": 6, "mmHg": 8, "kPa": 4,
    "kcal": 5, "IU": 7, "bpm": 5,
}  # fmt: skip
UNITS_AFTER_NUMBER = {
    "g": 1, "l": 2, "L": 2, "mol": 1, "mm": 4, "cm": 4, "km": 4, "m": 2,
    "Hg": 3, "U": 2, "MU": 4, "h": 1, "hr": 1, "hrs": 1, "min": 2, "mins": 2,
    "s": 2, "sec": 2, "d": 1, "wk": 1, "wks": 1, "mo": 1, "yr": 1, "yrs": 1,
}  # fmt: skip

_LETTER_NAMES = {"w": 3}  # "double-u"; every other letter's name has one syllable
_NUMBER = re.compile(r"([-\u2212])?([$£€])?(\d[\d,]*)?(?:\.(\d+))?(%)?")


def integer(n: int) -> int:
    """Syllables of a whole number read in full: 1554 is "one thousand five hundred fifty-four"."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        return _TENS[n // 10] + (_UNITS[n % 10] if n % 10 else 0)
    if n < 1000:
        return _UNITS[n // 100] + _HUNDRED + (integer(n % 100) if n % 100 else 0)
    for scale, syllables in _SCALES:
        if n >= scale:
            rest = n % scale
            return integer(n // scale) + syllables + (integer(rest) if rest else 0)
    return 0  # unreachable: n >= 1000 meets a scale


def four_digits(n: int) -> int:
    """Syllables of a plain four-digit figure, read in pairs as years and counts usually are.

    1918 is "nineteen eighteen", 1300 "thirteen hundred", 2005 "twenty oh five";
    round thousands stay "two thousand".
    """
    if n % 1000 == 0:
        return integer(n)
    high, low = divmod(n, 100)
    if low == 0:
        return integer(high) + _HUNDRED
    if low < 10:
        return integer(high) + _OH + _UNITS[low]
    return integer(high) + integer(low)


def number(text: str) -> int:
    """Syllables of a figure as read aloud: "-1.09" minus one point oh nine, "95%", "$15"."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return max(1, sum(_UNITS[int(ch)] for ch in text if ch.isdigit()))
    minus, currency, whole, fraction, percent = match.groups()
    count = _MINUS if minus else 0
    if whole:
        digits = whole.replace(",", "")
        if len(digits) > 15:  # an identifier, read digit by digit
            count += sum(_UNITS[int(ch)] for ch in digits)
        elif len(whole) == 4 and int(digits) >= 1000:
            count += four_digits(int(digits))
        else:
            count += integer(int(digits))
    if fraction:
        count += _POINT + sum(_UNITS[int(ch)] for ch in fraction)
    if currency:
        count += _CURRENCY[currency]
    if percent:
        count += _PERCENT
    return max(count, 1)


def spelled(letters: str) -> int:
    """Syllables of letters read by name, as in "CT" or "e.g."."""
    return sum(_LETTER_NAMES.get(ch, 1) for ch in letters.lower() if ch.isalpha())


def ordinal(text: str) -> int | None:
    """Syllables of "1st", "22nd", "1990s"; ``None`` if ``text`` is no such figure."""
    match = re.fullmatch(r"(\d+)(st|nd|rd|th|s)", text)
    if match is None:
        return None
    return number(match.group(1)) + (1 if match.group(1).endswith("2") else 0)
