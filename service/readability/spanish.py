"""Spanish: syllables by the rules of Spanish spelling, Szigriszt-Pazos on the INFLESZ scale.

Syllables
---------
Every syllable has one vocalic nucleus, so counting syllables is counting
nuclei (Real Academia Española, *Ortografía*, 2010):

- a, e, o are strong vowels, i, u (and ü) weak; two strong vowels side by side
  are a hiatus, two syllables ("le-er", "po-e-ta");
- a weak vowel beside another vowel forms a diphthong ("cie-lo", "ciu-dad"), or a
  triphthong ("buey", "Pa-ra-guay"), one syllable;
- a written accent on the weak vowel breaks it: "dí-a", "pa-ís", "ba-úl";
- u is silent in que, qui, gue, gui ("queso", "guitarra"), and sounds in güe, güi;
- y is a vowel where no vowel follows it ("muy", "hay", "y");
- h between vowels does not separate them ("prohi-bir"; "bú-ho" has its accent).

Hyphenation dictionaries (textstat's pyphen fallback) undercount Spanish: they
never break a word next to its first or last letter ("ae-ro" is one point).

Formulas and the figure the policy uses
---------------------------------------
- Szigriszt-Pazos's perspicuity (1993), read on the INFLESZ scale (Barrio-Cantalejo
  et al., 2008): 0-100, higher is easier. The policy gates on it.
- Fernández Huerta (1959), Flesch's reading ease for Spanish, reported beside it.

Spanish has no familiar-word list here, so no word counts as unfamiliar and a
hard word is one of four or more syllables (see :meth:`Spanish.is_hard`).
"""

from __future__ import annotations

from functools import lru_cache

from . import formulas
from .aloud import ReadAloudLanguage, Speech
from .formulas import Counts, Metrics
from .words import Kind, Token

_STRONG = frozenset("aeoáéóàèòâêôäöë")  # with the accents of names and loanwords
_ACCENTED_WEAK = frozenset("íúìù")
_WEAK = frozenset("iuüïîûy")
_VOWELS = _STRONG | _ACCENTED_WEAK | (_WEAK - {"y"})
_FRONT = frozenset("eéií")  # after g, these silence a plain u: "guerra", "guitarra"

# INFLESZ bands (Barrio-Cantalejo et al., 2008): the lowest score of each, easiest last.
INFLESZ_BANDS = (
    (0.0, "muy difícil"),
    (40.0, "algo difícil"),
    (55.0, "normal"),
    (65.0, "bastante fácil"),
)
_VERY_EASY_ABOVE = 80.0  # "más de 80: muy fácil"; 80 itself is still "bastante fácil"
HARD_WORD_SYLLABLES = 4


def _vowel(word: str, i: int) -> str | None:
    """The vowel at ``word[i]`` if it is a nucleus letter, else ``None``."""
    ch = word[i]
    before = word[i - 1] if i else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if ch == "y":
        return "y" if after not in _VOWELS else None
    if ch not in _VOWELS:
        return None
    if ch == "u" and (before == "q" or (before == "g" and after in _FRONT)):
        return None  # que, qui, gue, gui: the u is not said
    return ch


def _hiatus(first: str, second: str) -> bool:
    """Whether two vowels side by side belong to two syllables."""
    if first in _ACCENTED_WEAK or second in _ACCENTED_WEAK:
        return True
    if first in _STRONG and second in _STRONG:
        return True
    return first == second  # "chiita", "duunviro"


@lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """Syllables of a lowercase Spanish word; 0 for a word with no vowel ("sr")."""
    count = 0
    previous: str | None = None
    for i, ch in enumerate(word):
        vowel = _vowel(word, i)
        if vowel is None:
            if ch != "h":  # h between vowels keeps them together
                previous = None
            continue
        if previous is None or _hiatus(previous, vowel):
            count += 1
        previous = vowel
    return count


_ONES = (  # noqa: SIM905
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
    "quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés "
    "veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve"
).split()
_TENS = "- - - treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()  # noqa: SIM905
_HUNDREDS = (  # noqa: SIM905
    "- ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
).split()


def number_words(n: int) -> str:
    """A whole number in Spanish words: 1918 is "mil novecientos dieciocho"."""
    if n < 30:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f" y {_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if n == 100:
            return "cien"
        return _HUNDREDS[hundreds] + (f" {number_words(rest)}" if rest else "")
    for scale, one, many in ((10**12, "un billón", "billones"), (10**6, "un millón", "millones")):
        if n >= scale:
            high, rest = divmod(n, scale)
            head = one if high == 1 else f"{_before_noun(high)} {many}"
            return head + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "mil" if thousands == 1 else f"{_before_noun(thousands)} mil"
    return head + (f" {number_words(rest)}" if rest else "")


def _before_noun(n: int) -> str:
    """``n`` before "mil" or "millones", where uno is shortened: "veintiún mil", "treinta y un"."""
    words = number_words(n)
    if words.endswith("veintiuno"):
        return words[: -len("veintiuno")] + "veintiún"
    return words[:-1] if words.endswith("uno") else words


SPEECH = Speech(
    word_syllables=word_syllables,
    number_words=number_words,
    letter_names={
        "b": "be", "c": "ce", "d": "de", "f": "efe", "g": "ge", "h": "hache", "j": "jota",
        "k": "ka", "l": "ele", "m": "eme", "n": "ene", "ñ": "eñe", "p": "pe", "q": "cu",
        "r": "erre", "s": "ese", "t": "te", "v": "uve", "w": "uve doble", "x": "equis",
        "y": "i griega", "z": "zeta",
    },
    units={
        "mg": "miligramos", "mcg": "microgramos", "µg": "microgramos", "kg": "kilogramos",
        "ml": "mililitros", "mL": "mililitros", "mmol": "milimoles",
        "mmHg": "milímetros de mercurio", "kcal": "kilocalorías", "UI": "unidades internacionales",
    },
    units_after_number={
        "g": "gramos", "l": "litros", "L": "litros", "m": "metros", "cm": "centímetros",
        "mm": "milímetros", "km": "kilómetros", "h": "horas", "min": "minutos", "s": "segundos",
    },
    symbols={
        "=": "igual a", "<": "menor que", ">": "mayor que", "≤": "menor o igual que",
        "≥": "mayor o igual que", "±": "más o menos", "\u00d7": "por", "÷": "entre", "+": "más",
        "&": "y",
    },
    currencies={"$": "dólares", "€": "euros", "£": "libras"},
    abbreviations={
        "etc": "etcétera", "aprox": "aproximadamente", "dr": "doctor", "dra": "doctora",
        "sr": "señor", "sra": "señora", "srta": "señorita", "ud": "usted", "uds": "ustedes",
        "núm": "número", "pág": "página", "ej": "ejemplo",
    },
    decimal_point="coma",
    minus="menos",
    percent="por ciento",
    range_word="a",
)  # fmt: skip


def inflesz_band(score: float) -> str:
    """The INFLESZ band of a Szigriszt-Pazos score: "muy difícil" to "muy fácil"."""
    if score > _VERY_EASY_ABOVE:
        return "muy fácil"
    band = INFLESZ_BANDS[0][1]
    for low, name in INFLESZ_BANDS:
        if score >= low:
            band = name
    return band


class Spanish(ReadAloudLanguage):
    """Spanish readability: Szigriszt-Pazos on the INFLESZ scale, Fernández Huerta beside it."""

    code = "es"
    name = "Spanish"
    consensus_formula = "Szigriszt-Pazos perspicuity, read on the INFLESZ scale"
    scale = "INFLESZ"
    figure_name = "Szigriszt-Pazos"
    higher_is_easier = True
    speech = SPEECH

    def is_hard(self, token: Token, syllables: int) -> bool:
        """Four syllables or more, names apart.

        Spanish words are longer than English ones (about two syllables a word
        against one and a half), so three syllables would flag everyday words such
        as "personas" or "pequeño"; four is a choice of this engine, not a
        published threshold, and findings of this kind are for information.
        """
        name = token.start > 0 and token.text[:1].isupper()
        written_short = self.written_short(token)
        return (
            token.kind is Kind.WORD
            and not name
            and not written_short
            and syllables >= HARD_WORD_SYLLABLES
        )

    def band(self, figure: float) -> str | None:
        """The INFLESZ band of the Szigriszt-Pazos score."""
        return inflesz_band(figure)

    def metrics(self, counts: Counts) -> Metrics:
        """Szigriszt-Pazos and Fernández Huerta; empty text has none."""
        if not counts.words or not counts.sentences:
            return Metrics()
        return Metrics(
            fernandez_huerta=formulas.fernandez_huerta(counts),
            szigriszt_pazos=formulas.szigriszt_pazos(counts),
        )

    def consensus(self, metrics: Metrics) -> float:
        """The Szigriszt-Pazos score, which the INFLESZ scale reads."""
        return metrics.szigriszt_pazos if metrics.szigriszt_pazos is not None else 0.0


SPANISH = Spanish()
