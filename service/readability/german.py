"""German: syllables by vowel groups, the Wiener Sachtextformel, Amstad's Flesch beside it.

Syllables
---------
A German syllable has one vowel sound. Letters for one sound count once: the
diphthongs ei, ai, au, eu, äu (and ey, ay) and the long vowels ie, aa, ee, oo;
any other vowels side by side are said apart ("Na-ti-on", "The-o-rie",
"ak-tu-ell"). u after q is a consonant ("Quel-le"); y is a vowel ("Typ") except
before a vowel at the start of a word ("Yoga"). Foreign plurals in -ien and
-een say the vowels apart ("Mi-li-en", "Fe-ri-en", "I-de-en"), as do -ient after
t or z ("Pa-ti-ent") and -eum ("Mu-se-um"). Known misses: singulars such as
"Familie" (Fa-mi-li-e, counted 3) and loanwords said the French or English way.

Formulas and the figure the policy uses
---------------------------------------
- The first Wiener Sachtextformel (Bamberger & Vanecek, 1984): an Austrian school
  grade, 4 very easy to 15 very hard. The policy gates on it.
- Amstad's German Flesch reading ease (1978), reported beside it.

German has no familiar-word list here, so no word counts as unfamiliar and a
hard word is one of four or more syllables (see :meth:`German.is_hard`).
"""

from __future__ import annotations

from functools import lru_cache

from . import formulas
from .aloud import ReadAloudLanguage, Speech
from .formulas import Counts, Metrics
from .words import Kind, Token

_VOWELS = frozenset("aeiouäöüyéèêáàâíóôú")  # accented letters of loanwords: "Café"
# Two letters for one vowel sound.
_ONE_SOUND = frozenset("aa ee oo ie ei ai ey ay au eu äu".split())  # noqa: SIM905
HARD_WORD_SYLLABLES = 4


def _is_vowel(word: str, i: int) -> bool:
    """Whether ``word[i]`` is a vowel letter said as a vowel."""
    ch = word[i]
    if ch not in _VOWELS:
        return False
    if ch == "u" and i and word[i - 1] == "q":
        return False
    return not (ch == "y" and i == 0 and len(word) > 1 and word[1] in _VOWELS)


def _said_apart(pair: str, word: str, start: int, end: int) -> bool:
    """Whether a two-letter vowel group, usually one sound, is said as two here."""
    earlier_vowel = any(_is_vowel(word, i) for i in range(start))
    rest = word[end:]
    if pair in ("ie", "ee") and rest == "n" and earlier_vowel:
        return True  # Milien, Ferien, Ideen; but Wien, Seen
    if pair == "ie" and rest.startswith("nt") and earlier_vowel and word[start - 1] in "tz":
        return True  # Patient, effizient; but verdient
    return pair == "eu" and rest == "m"  # Museum


@lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """Syllables of a lowercase German word; 0 for a word with no vowel ("bzw")."""
    count, i, n = 0, 0, len(word)
    while i < n:
        if not _is_vowel(word, i):
            i += 1
            continue
        j = i
        while j < n and _is_vowel(word, j):
            j += 1
        k = i
        while k < j:
            pair = word[k : k + 2]
            one_sound = k + 1 < j and pair in _ONE_SOUND
            k += 2 if one_sound and not _said_apart(pair, word, k, k + 2) else 1
            count += 1
        i = j
    return count


_ONES = (  # noqa: SIM905
    "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
    "fünfzehn sechzehn siebzehn achtzehn neunzehn"
).split()
_TENS = "- - zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()  # noqa: SIM905


def _prefix(n: int) -> str:
    """A number as the first part of a compound: "ein" for 1 ("einhundert")."""
    return "ein" if n == 1 else number_words(n)


def number_words(n: int) -> str:
    """A whole number in German words: 27 is "siebenundzwanzig"."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (f"{_prefix(ones)}und" if ones else "") + _TENS[tens]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_prefix(hundreds)}hundert" + (number_words(rest) if rest else "")
    if n < 10**6:
        thousands, rest = divmod(n, 1000)
        return f"{_prefix(thousands)}tausend" + (number_words(rest) if rest else "")
    scales = ((10**9, "eine Milliarde", "Milliarden"), (10**6, "eine Million", "Millionen"))
    for scale, one, many in scales:
        if n >= scale:
            high, rest = divmod(n, scale)
            head = one if high == 1 else f"{number_words(high)} {many}"
            return head + (f" {number_words(rest)}" if rest else "")
    return number_words(n)  # unreachable: n >= 10**6 meets a scale


def year_words(n: int) -> str:
    """A four-digit figure as a year is read: 1918 "neunzehnhundertachtzehn", 2005 in full."""
    if 1100 <= n < 2000:
        high, low = divmod(n, 100)
        return f"{number_words(high)}hundert" + (number_words(low) if low else "")
    return number_words(n)


SPEECH = Speech(
    word_syllables=word_syllables,
    number_words=number_words,
    years=year_words,
    letter_names={
        "b": "be", "c": "ce", "d": "de", "f": "ef", "g": "ge", "h": "ha", "j": "jot", "k": "ka",
        "l": "el", "m": "em", "n": "en", "p": "pe", "q": "ku", "r": "er", "s": "es", "t": "te",
        "v": "fau", "w": "we", "x": "ix", "y": "ypsilon", "z": "zett", "ß": "eszett",
    },
    units={
        "mg": "Milligramm", "mcg": "Mikrogramm", "µg": "Mikrogramm", "kg": "Kilogramm",
        "ml": "Milliliter", "mL": "Milliliter", "mmol": "Millimol",
        "mmHg": "Millimeter Quecksilbersäule", "kcal": "Kilokalorien",
        "IE": "internationale Einheiten",
    },
    units_after_number={
        "g": "Gramm", "l": "Liter", "L": "Liter", "m": "Meter", "cm": "Zentimeter",
        "mm": "Millimeter", "km": "Kilometer", "h": "Stunden", "Std": "Stunden",
        "min": "Minuten", "s": "Sekunden",
    },
    symbols={
        "=": "gleich", "<": "kleiner als", ">": "größer als", "≤": "kleiner oder gleich",
        "≥": "größer oder gleich", "±": "plus minus", "\u00d7": "mal", "÷": "geteilt durch",
        "+": "plus", "&": "und",
    },
    currencies={"$": "Dollar", "€": "Euro", "£": "Pfund"},
    abbreviations={
        "bzw": "beziehungsweise", "usw": "und so weiter", "ca": "circa", "dr": "Doktor",
        "ggf": "gegebenenfalls", "evtl": "eventuell", "inkl": "inklusive", "vgl": "vergleiche",
        "nr": "Nummer", "bspw": "beispielsweise", "prof": "Professor", "mio": "Millionen",
        "mrd": "Milliarden",
    },
    decimal_point="Komma",
    minus="minus",
    percent="Prozent",
    range_word="bis",
)  # fmt: skip


class German(ReadAloudLanguage):
    """German readability: the Wiener Sachtextformel, Amstad's Flesch beside it."""

    code = "de"
    name = "German"
    consensus_formula = "Wiener Sachtextformel (first form), an Austrian school grade"
    scale = "Wiener Sachtextformel school grade"
    figure_name = "Wiener Sachtextformel"
    higher_is_easier = False
    speech = SPEECH

    def is_hard(self, token: Token, syllables: int) -> bool:
        """Four syllables or more, capitalised words included.

        German capitalises every noun, so a capital says nothing about names, and
        long compound nouns are where German text gets hard. German words are
        longer than English ones, so three syllables would flag everyday words
        such as "Behandlung"; four is a choice of this engine, not a published
        threshold, and findings of this kind are for information.
        """
        written_short = self.written_short(token)
        return token.kind is Kind.WORD and not written_short and syllables >= HARD_WORD_SYLLABLES

    def band(self, figure: float) -> str | None:
        """No named bands: the figure is itself a school grade."""
        return None

    def metrics(self, counts: Counts) -> Metrics:
        """The Wiener Sachtextformel and Amstad's Flesch; empty text has none."""
        if not counts.words or not counts.sentences:
            return Metrics()
        return Metrics(
            wiener_sachtextformel=formulas.wiener_sachtextformel(counts),
            flesch_amstad=formulas.flesch_amstad(counts),
        )

    def consensus(self, metrics: Metrics) -> float:
        """The Wiener Sachtextformel grade."""
        value = metrics.wiener_sachtextformel
        return value if value is not None else 0.0


GERMAN = German()
