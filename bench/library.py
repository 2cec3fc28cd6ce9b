"""A generated library in the bundle format: N articles, six sections, two audiences each.

Used by ``bench/scale.py`` (10,000 articles) and by the tests that need more than the
bundled article (a few dozen). The text is built from small word lists by a little
grammar — subject, verb, object, a clause of time or reason — so that sentences are
grammatical and varied without being real medical advice: every generated article is
about a made-up condition ("Velmora", "Cassith syndrome") and says so in its question.
Layperson sentences are short and use everyday words; clinician sentences are longer
and use the vocabulary of the field, so the two variants score apart as real ones do.

Deterministic: the same ``seed`` and count give the same bytes.

Run on its own to write a library: ``python bench/library.py OUT --articles 100``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

SECTIONS = ("overview", "causes", "symptoms", "diagnosis", "treatment", "outlook")


@dataclass(frozen=True)
class Words:
    """One language's word lists and sentence frames."""

    syllables: tuple[str, ...]
    condition_forms: tuple[str, ...]
    question: str
    title_layperson: str
    title_clinician: str
    section_titles: dict[str, tuple[str, str]]
    topics: tuple[str, ...]
    lay_subjects: tuple[str, ...]
    lay_verbs: tuple[str, ...]
    lay_objects: tuple[str, ...]
    lay_tails: tuple[str, ...]
    clin_subjects: tuple[str, ...]
    clin_verbs: tuple[str, ...]
    clin_objects: tuple[str, ...]
    clin_tails: tuple[str, ...]


ENGLISH = Words(
    syllables=("vel", "mo", "ra", "cas", "sith", "lu", "den", "tor", "ka", "ri", "an", "sel"),
    condition_forms=("{name}", "{name} syndrome", "{name} disease"),
    question="What is {condition}, and how is it treated?",
    title_layperson="{condition}: what you need to know",
    title_clinician="{condition}: diagnosis and management",
    section_titles={
        "overview": ("What it is", "Overview"),
        "causes": ("Why it happens", "Aetiology"),
        "symptoms": ("Signs to look for", "Clinical features"),
        "diagnosis": ("How doctors find it", "Diagnosis"),
        "treatment": ("How it is treated", "Management"),
        "outlook": ("What to expect", "Prognosis"),
    },
    topics=(
        "Dermatology",
        "Cardiology",
        "Neurology",
        "Gastroenterology",
        "Endocrinology",
        "Respiratory medicine",
        "Rheumatology",
        "Paediatrics",
        "Infectious diseases",
        "Ophthalmology",
    ),
    lay_subjects=(
        "{condition}",
        "This problem",
        "Your doctor",
        "A nurse",
        "Many people",
        "Some children",
        "Your skin",
        "The rash",
        "A short rest",
        "Warm water",
    ),
    lay_verbs=(
        "can cause",
        "may bring",
        "can help with",
        "can ease",
        "will not always cause",
        "may lead to",
        "can check for",
        "will look for",
    ),
    lay_objects=(
        "a mild itch",
        "red spots on the arms",
        "a dry cough",
        "pain in the joints",
        "tired eyes",
        "a sore throat",
        "small bumps",
        "trouble sleeping",
        "a bad headache",
        "swelling in the feet",
    ),
    lay_tails=(
        "",
        " for a few days",
        " after a cold",
        " in the morning",
        " when it is hot",
        " if you do not rest",
        " in most cases",
        " at home",
    ),
    clin_subjects=(
        "{condition}",
        "Histopathological examination",
        "Persistent inflammation",
        "Immunosuppressive therapy",
        "Differential diagnosis",
        "Longitudinal observation",
        "Topical corticosteroid application",
        "Genetic predisposition",
    ),
    clin_verbs=(
        "is characteristically associated with",
        "frequently precipitates",
        "substantially attenuates",
        "should be distinguished from",
        "may paradoxically exacerbate",
        "is considered the principal determinant of",
    ),
    clin_objects=(
        "epidermal keratinocyte proliferation",
        "periorbital erythematous papules",
        "systemic inflammatory responses",
        "autoimmune bullous dermatoses",
        "chronic granulomatous infiltration",
        "recurrent mucocutaneous manifestations",
        "idiopathic neurovascular dysregulation",
    ),
    clin_tails=(
        "",
        " in immunocompromised individuals",
        ", particularly following prolonged pharmacological exposure",
        " according to retrospective observational cohorts",
        ", although randomised controlled evidence remains limited",
        " in the absence of identifiable precipitating factors",
    ),
)

SPANISH = Words(
    syllables=ENGLISH.syllables,
    condition_forms=("la {name}", "el síndrome de {name}", "la enfermedad de {name}"),
    question="¿Qué es {condition} y cómo se trata?",
    title_layperson="{condition}: lo que necesita saber",
    title_clinician="{condition}: diagnóstico y tratamiento",
    section_titles={
        "overview": ("Qué es", "Generalidades"),
        "causes": ("Por qué pasa", "Etiología"),
        "symptoms": ("Señales a vigilar", "Manifestaciones clínicas"),
        "diagnosis": ("Cómo la encuentra el médico", "Diagnóstico"),
        "treatment": ("Cómo se trata", "Tratamiento"),
        "outlook": ("Qué esperar", "Pronóstico"),
    },
    topics=("Dermatología", "Cardiología", "Neurología", "Pediatría", "Reumatología"),
    lay_subjects=(
        "Este problema",
        "Su médico",
        "Una enfermera",
        "Mucha gente",
        "El agua tibia",
        "Un descanso corto",
    ),
    lay_verbs=("puede causar", "a veces trae", "puede aliviar", "va a revisar"),
    lay_objects=(
        "un poco de picor",
        "manchas rojas en los brazos",
        "tos seca",
        "dolor en las rodillas",
        "ojos cansados",
        "granitos blancos",
    ),
    lay_tails=("", " por unos días", " en casa", " en la mañana", " si no descansa"),
    clin_subjects=(
        "El examen histopatológico",
        "La inflamación persistente",
        "La terapia inmunosupresora",
        "El diagnóstico diferencial",
        "La predisposición genética",
    ),
    clin_verbs=(
        "se asocia característicamente con",
        "precipita con frecuencia",
        "atenúa sustancialmente",
        "debe distinguirse de",
    ),
    clin_objects=(
        "la proliferación de queratinocitos epidérmicos",
        "las pápulas eritematosas periorbitarias",
        "las respuestas inflamatorias sistémicas",
        "las dermatosis ampollosas autoinmunitarias",
    ),
    clin_tails=(
        "",
        " en pacientes inmunodeprimidos",
        " según cohortes observacionales retrospectivas",
        ", aunque la evidencia aleatorizada sigue siendo limitada",
    ),
)

GERMAN = Words(
    syllables=ENGLISH.syllables,
    condition_forms=("{name}", "das {name}-Syndrom", "die {name}-Krankheit"),
    question="Was ist {condition}, und wie wird es behandelt?",
    title_layperson="{condition}: das sollten Sie wissen",
    title_clinician="{condition}: Diagnostik und Therapie",
    section_titles={
        "overview": ("Was es ist", "Überblick"),
        "causes": ("Warum es entsteht", "Ätiologie"),
        "symptoms": ("Worauf Sie achten", "Klinisches Bild"),
        "diagnosis": ("Wie der Arzt es findet", "Diagnostik"),
        "treatment": ("Wie man es behandelt", "Therapie"),
        "outlook": ("Was Sie erwartet", "Prognose"),
    },
    topics=("Dermatologie", "Kardiologie", "Neurologie", "Kinderheilkunde", "Rheumatologie"),
    lay_subjects=(
        "Das Problem",
        "Ihre Ärztin",
        "Ein Pfleger",
        "Ein Spaziergang",
        "Warmes Wasser",
        "Eine kurze Pause",
    ),
    lay_verbs=("verursacht", "bringt oft", "lindert manchmal", "erklärt"),
    lay_objects=(
        "leichten Juckreiz",
        "rote Flecken am Arm",
        "trockenen Husten",
        "Schmerzen im Knie",
        "müde Augen",
        "kleine Knoten",
    ),
    lay_tails=("", " für ein paar Tage", " zu Hause", " am Morgen", " nach einer Erkältung"),
    clin_subjects=(
        "Die histopathologische Untersuchung",
        "Die persistierende Entzündung",
        "Die immunsuppressive Therapie",
        "Die genetische Prädisposition",
    ),
    clin_verbs=("verursacht charakteristischerweise", "verstärkt gelegentlich", "reduziert"),
    clin_objects=(
        "die epidermale Keratinozytenproliferation",
        "periorbitale erythematöse Papeln",
        "systemische Entzündungsreaktionen",
        "autoimmune bullöse Dermatosen",
    ),
    clin_tails=(
        "",
        " bei immunsupprimierten Patienten",
        " nach retrospektiven Beobachtungsstudien",
        ", obwohl randomisierte Evidenz begrenzt ist",
    ),
)

LANGUAGES = {"en": ENGLISH, "es": SPANISH, "de": GERMAN}


def condition_name(rng: random.Random, words: Words, index: int) -> str:
    """A made-up, pronounceable condition name, unique by its index."""
    stem = "".join(rng.choice(words.syllables) for _ in range(rng.randint(2, 3)))
    return f"{stem.capitalize()}{index}"


def _sentence(rng: random.Random, words: Words, clinician: bool, condition: str) -> str:
    if clinician:
        parts = (words.clin_subjects, words.clin_verbs, words.clin_objects, words.clin_tails)
    else:
        parts = (words.lay_subjects, words.lay_verbs, words.lay_objects, words.lay_tails)
    subject, verb, obj, tail = (rng.choice(options) for options in parts)
    subject = subject.format(condition=condition)
    subject = subject[0].upper() + subject[1:]
    return f"{subject} {verb} {obj}{tail}."


def _paragraph(rng: random.Random, words: Words, clinician: bool, condition: str) -> str:
    count = rng.randint(3, 5) if clinician else rng.randint(4, 6)
    return " ".join(_sentence(rng, words, clinician, condition) for _ in range(count))


def _body(rng: random.Random, words: Words, clinician: bool, condition: str) -> str:
    paragraphs = [_paragraph(rng, words, clinician, condition) for _ in range(2)]
    if rng.random() < 0.3:
        items = rng.sample(words.clin_objects if clinician else words.lay_objects, 3)
        paragraphs.insert(1, "\n".join(f"- {item[0].upper()}{item[1:]}" for item in items))
    return "\n\n".join(paragraphs) + "\n"


def write_article(root: Path, locale: str, index: int, rng: random.Random) -> Path:
    """One article bundle under ``root/<locale>/``; its folder."""
    words = LANGUAGES[locale]
    name = condition_name(rng, words, index)
    condition = rng.choice(words.condition_forms).format(name=name)
    slug = name.lower()
    folder = root / locale / slug
    folder.mkdir(parents=True)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    title_lay = words.title_layperson.format(condition=condition)
    title_clin = words.title_clinician.format(condition=condition)
    head = [
        f"question: {_quoted(words.question.format(condition=condition))}",
        "title:",
        f"  layperson: {_quoted(title_lay[0].upper() + title_lay[1:])}",
        f"  clinician: {_quoted(title_clin[0].upper() + title_clin[1:])}",
        f"topic: {_quoted(rng.choice(words.topics))}",
        "status: approved",
        f"updated: {day.isoformat()}",
        f"reviewed: {day.isoformat()}",
        "reviewed_by: Medical Advisory Board",
        f"sections: [{', '.join(SECTIONS)}]",
    ]
    (folder / "article.yaml").write_text("\n".join(head) + "\n", encoding="utf-8")
    for key in SECTIONS:
        lay_title, clin_title = words.section_titles[key]
        for audience, title, clinician in (
            ("layperson", lay_title, False),
            ("clinician", clin_title, True),
        ):
            text = f"---\ntitle: {_quoted(title)}\n---\n" + _body(rng, words, clinician, condition)
            (folder / f"{key}.{audience}.md").write_text(text, encoding="utf-8")
    return folder


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (the texts hold colons and question marks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_library(
    root: Path, articles: int, *, locales: tuple[str, ...] = ("en",), seed: int = 2026
) -> Path:
    """``articles`` generated bundles under ``root`` (a variants root), spread over
    ``locales`` in turn; ``root``."""
    rng = random.Random(seed)
    for index in range(articles):
        write_article(root, locales[index % len(locales)], index, rng)
    return root


def bundle_text_bytes(root: Path) -> int:
    """The size of a variants root's text files (article.yaml and sections)."""
    return sum(
        path.stat().st_size for path in root.rglob("*") if path.suffix in {".md", ".yaml", ".txt"}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="A new folder to write the variants root into.")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--locales", default="en", help="Comma-separated, e.g. en,es,de.")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    locales = tuple(args.locales.split(","))
    write_library(args.out, args.articles, locales=locales, seed=args.seed)
    size = bundle_text_bytes(args.out)
    print(f"Wrote {args.articles} articles ({size / 1e6:.1f} MB of text) to {args.out}.")


if __name__ == "__main__":
    main()
