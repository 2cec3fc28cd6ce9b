"""Catalogs complete for every locale and in step with the code; pages left with no English.

The compiled catalogs (``.mo``) are build output that ``make install`` writes and git
ignores, so these tests compile the ``.po`` files themselves into a temporary folder and
point the app at it with Flask-Babel's ``BABEL_TRANSLATION_DIRECTORIES``: ``pytest``
alone works on a fresh clone, and never reads a stale ``.mo``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g
from flask.testing import FlaskClient

from service.i18n import babel
from service.readability import check_markdown, findings, policy
from service.staff import readability_names

PROJECT = Path(__file__).resolve().parents[2]
TRANSLATIONS = PROJECT / "service" / "translations"
LOCALES = ("en", "es", "de")
TRANSLATED = ("es", "de")
# The keywords `make translations` passes to `pybabel extract` (-k N_ -k _l).
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "_l": None}
# `%(name)s`, `%s`, `%d`, `%%`: what Python's %-formatting reads in a message.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[a-zA-Z%]")
# English interface text shorter than this may be a word both languages share.
MIN_LENGTH = 12


def read_catalog(locale: str) -> Catalog:
    """``service/translations/<locale>/LC_MESSAGES/messages.po``, parsed."""
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def texts(value: str | Sequence[str] | None) -> list[str]:
    """A msgid or msgstr as a list: one string, or the plural forms."""
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


def messages(catalog: Catalog) -> dict[str, str]:
    """Singular msgid → singular msgstr of every entry except the header."""
    return {texts(m.id)[0]: texts(m.string)[0] for m in catalog if m.id}


def marked_in_code() -> set[str]:
    """Every msgid marked in service/ and templates/, extracted as `make translations` does."""
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as cfg:
        # Babel leaves parse_mapping_cfg unannotated.
        method_map, options_map = parse_mapping_cfg(cfg, "babel.cfg")  # type: ignore[no-untyped-call]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PROJECT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


# --- The catalogs themselves -------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_translated_and_none_is_fuzzy(locale: str) -> None:
    catalog = read_catalog(locale)
    assert not catalog.fuzzy, f"{locale}: the catalog header is marked fuzzy"
    empty, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        if not all(s.strip() for s in texts(message.string)):
            empty.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not empty, f"{locale}: untranslated entries: {empty}"
    assert not fuzzy, f"{locale}: fuzzy entries (check each, then drop the flag): {fuzzy}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_keeps_the_placeholders_of_its_msgid(locale: str) -> None:
    wrong = {
        msgid: msgstr
        for msgid, msgstr in messages(read_catalog(locale)).items()
        if Counter(PLACEHOLDER.findall(msgid)) != Counter(PLACEHOLDER.findall(msgstr))
        or "%" in PLACEHOLDER.sub("", msgstr)
    }
    assert not wrong, f"{locale}: placeholders differ from the msgid: {wrong}"


def test_english_catalog_repeats_every_msgid() -> None:
    different = {k: v for k, v in messages(read_catalog("en")).items() if k != v}
    assert not different, f"en: msgstr should equal msgid: {different}"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_holds_exactly_what_the_code_marks(locale: str) -> None:
    marked = marked_in_code()
    catalog = set(messages(read_catalog(locale)))
    missing, stale = sorted(marked - catalog), sorted(catalog - marked)
    advice = "run `make translations`, then translate the new entries"
    assert not missing, f"{locale}: marked in the code but not in the catalog ({advice}): {missing}"
    assert not stale, f"{locale}: in the catalog but no longer marked ({advice}): {stale}"


def test_template_is_in_step_with_the_code() -> None:
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        template = set(messages(read_po(pot)))
    assert template == marked_in_code(), "messages.pot is stale: run `make translations`"


# --- Pages in Spanish and German -----------------------------------------------------------


@pytest.fixture(scope="session")
def compiled_catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every ``.po`` compiled into a temporary translations folder (as `make install` would)."""
    root = tmp_path_factory.mktemp("translations")
    for locale in LOCALES:
        target = root / locale / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True)
        with target.open("wb") as mo:
            write_mo(mo, read_catalog(locale))
    return root


def forget_loaded_catalogs(app: Flask) -> None:
    """Drop the translations Flask-Babel has cached.

    ``service.i18n.babel`` is one object for the whole process, and its domain caches
    each locale's translations the first time any app loads them; a test that ran
    before the catalogs were compiled would otherwise leave empty ones behind.
    """
    with app.app_context():
        babel.domain_instance.cache.clear()


def variants_root(root: Path) -> Path:
    """milia in English and Spanish, a German copy of the Spanish one, and ``second`` in English.

    The German copy keeps the Spanish text (only the interface is under test here) and
    is only submitted, so its pages show the pending-review banner and tracker.
    """
    shutil.copytree(PROJECT / "variants" / "en" / "milia", root / "en" / "milia")
    shutil.copytree(PROJECT / "variants" / "es" / "milia", root / "es" / "milia")
    shutil.copytree(PROJECT / "variants" / "es" / "milia", root / "de" / "milia")
    german = root / "de" / "milia" / "article.yaml"
    german.write_text(
        german.read_text(encoding="utf-8").replace("status: approved", "status: submitted"),
        encoding="utf-8",
    )
    shutil.copytree(PROJECT / "tests" / "bundles" / "en" / "second", root / "en" / "second")
    return root


@pytest.fixture(scope="module")
def i18n_app(
    build_app: Callable[..., Flask],
    compiled_catalogs: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Flask]:
    """The app on the compiled catalogs, serving :func:`variants_root`."""
    app = build_app(
        tmp_path_factory.mktemp("db"),
        VARIANTS_PATH=str(variants_root(tmp_path_factory.mktemp("variants"))),
        BABEL_TRANSLATION_DIRECTORIES=str(compiled_catalogs),
    )
    forget_loaded_catalogs(app)
    yield app
    forget_loaded_catalogs(app)
    from service.storage.db import close

    close(app)


@pytest.fixture(scope="module")
def staff(i18n_app: Flask, auth_class: Any) -> FlaskClient:
    """A client logged in as an admin, who may open every staff page."""
    client: FlaskClient = auth_class(i18n_app).client("admin")
    return client


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts, plus titles and labels."""

    SKIPPED = frozenset({"script", "style", "template"})
    SHOWN_ATTRIBUTES = frozenset({"title", "aria-label", "placeholder", "alt"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # open elements, and whether each is skipped

    @property
    def skipping(self) -> bool:
        return any(skip for _tag, skip in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skip = tag in self.SKIPPED
        if not self.skipping and not skip:
            self.parts.extend(v for k, v in attrs if k in self.SHOWN_ATTRIBUTES and v)
        if tag not in self.VOID:
            self.open.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching element: implicitly closed ones (<p>, <li>) go with it.
        names = [name for name, _skip in self.open]
        if tag in names:
            del self.open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """One line per text node or shown attribute, spaces collapsed."""
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(part.split()) for part in parser.parts)
    return "\n".join(line for line in lines if line)


# Placeholders that always hold a number, as the code fills them.
NUMBER_PLACEHOLDER = re.compile(r"%\((?:num|n|count|total|page|pages|first|last|limit)\)[sd]")


def english_pattern(msgid: str) -> re.Pattern[str]:
    """``msgid`` as shown in English: each placeholder filled with some text on the line
    (a number where the placeholder names one, so "%(num)s article" is not any "… article")."""
    text = " ".join(msgid.split())
    pieces = PLACEHOLDER.split(text)
    fills = [
        r"\d[\d,.]*" if NUMBER_PLACEHOLDER.fullmatch(found) else r"[^\n]+?"
        for found in PLACEHOLDER.findall(text)
    ]
    body = re.escape(pieces[0]) + "".join(
        fill + re.escape(piece) for fill, piece in zip(fills, pieces[1:], strict=True)
    )
    return re.compile(rf"(?<!\w){body}(?!\w)")


@pytest.fixture(scope="module")
def english_left_in() -> Callable[[str, str], list[str]]:
    """For a page in ``locale``: the English interface strings it still shows."""
    patterns = {
        locale: [
            (msgid, english_pattern(msgid))
            for msgid, msgstr in messages(read_catalog(locale)).items()
            if len(msgid) >= MIN_LENGTH and msgstr != msgid
        ]
        for locale in TRANSLATED
    }

    def check(locale: str, html: str) -> list[str]:
        text = visible_text(html)
        return [msgid for msgid, pattern in patterns[locale] if pattern.search(text)]

    return check


# A form posted from one of the site's own pages, as the browser labels it.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def csrf_token(html: str) -> str:
    """The CSRF token of the (first) form in ``html``."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_reader_pages_have_no_english_interface_text(
    i18n_app: Flask, english_left_in: Callable[[str, str], list[str]], locale: str
) -> None:
    client = i18n_app.test_client()
    pages = {
        f"/{locale}/": get(client, f"/{locale}/"),
        f"/{locale}/articles/milia": get(client, f"/{locale}/articles/milia"),
        f"/{locale}/articles/milia/layperson": get(client, f"/{locale}/articles/milia/layperson"),
        f"/{locale}/articles/milia/clinician": get(client, f"/{locale}/articles/milia/clinician"),
        f"/{locale}/editorial-policy": get(client, f"/{locale}/editorial-policy"),
        # Not found at all, and found only in English.
        f"/{locale}/articles/nothing-here": get(client, f"/{locale}/articles/nothing-here", 404),
        f"/{locale}/articles/second": get(client, f"/{locale}/articles/second", 404),
    }
    # A question sent empty comes back with its error; a real one, with thanks.
    question_url = f"/{locale}/articles/milia/questions"
    refused = client.post(
        question_url, data={"question": " ", "audience": "layperson"}, headers=SAME_ORIGIN
    )
    assert refused.status_code == 400
    pages[f"POST {question_url} (empty)"] = refused.get_data(as_text=True)
    thanked = client.post(
        question_url,
        data={"question": "¿Duelen?", "audience": "layperson"},
        headers=SAME_ORIGIN,
        follow_redirects=True,
    )
    assert thanked.status_code == 200
    pages[f"POST {question_url}"] = thanked.get_data(as_text=True)

    for url, html in pages.items():
        assert f'<html lang="{locale}">' in html, url
        left = english_left_in(locale, html)
        assert not left, f"{url} shows English interface text: {left}"
    assert "Twofold" in pages[f"/{locale}/"]


# The established terms (MedlinePlus en español; Sie-form German), and the page saying
# that an article is not in the reader's language.
ESTABLISHED_TERMS = {
    "es": [
        "¿Cuál de estas opciones describe mejor su caso?",
        "¿Tiene alguna otra pregunta?",
        "Consejo Asesor Médico",
        "Última actualización:",
    ],
    "de": [
        "Was beschreibt Sie am besten?",
        "Haben Sie noch eine Frage?",
        "Medizinischer Beirat",
        "Zuletzt aktualisiert:",
    ],
}
PERSONAS = {
    "es": [
        "Paciente",
        "Familiar o cuidador",
        "Profesional de la salud",
        "Estudiante de medicina o investigador",
    ],
    "de": [
        "Patientin oder Patient",
        "Angehörige oder Pflegeperson",
        "Medizinische Fachkraft",
        "Medizinstudierende oder Forschende",
    ],
}
NOT_HERE = {
    "es": "Este artículo no está disponible en Español",
    "de": "Dieser Artikel ist auf Deutsch nicht verfügbar",
}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_reader_pages_use_the_established_terms(i18n_app: Flask, locale: str) -> None:
    client = i18n_app.test_client()
    lines = visible_text(get(client, f"/{locale}/articles/milia/layperson")).splitlines()
    for term in ESTABLISHED_TERMS[locale]:
        assert term in lines
    for persona in PERSONAS[locale]:
        assert persona in lines
    missing = visible_text(get(client, f"/{locale}/articles/second", 404))
    assert NOT_HERE[locale] in missing


@pytest.mark.parametrize(
    ("locale", "citation", "empty_question"),
    [
        ("en", 'title="Reference 1"', "Write your question before sending it."),
        ("es", 'title="Referencia 1"', "Escriba su pregunta antes de enviarla."),
        ("de", 'title="Quelle 1"', "Schreiben Sie Ihre Frage, bevor Sie sie senden."),
    ],
)
def test_citations_and_form_errors_are_translated(
    i18n_app: Flask, locale: str, citation: str, empty_question: str
) -> None:
    client = i18n_app.test_client()
    html = get(client, f"/{locale}/articles/milia/clinician")
    assert citation in html
    refused = client.post(
        f"/{locale}/articles/milia/questions",
        data={"question": "", "audience": "clinician"},
        headers=SAME_ORIGIN,
    )
    assert empty_question in visible_text(refused.get_data(as_text=True)).splitlines()


def test_pending_review_banner_and_tracker_in_german(i18n_app: Flask) -> None:
    text = visible_text(get(i18n_app.test_client(), "/de/articles/milia/layperson"))
    assert "Nur zu Bildungszwecken" in text
    assert "menschliche Prüfung des Inhalts steht noch aus" in text
    steps = text.split("Prüfstatus des Artikels", 1)[1].splitlines()
    assert steps[1:5] == ["Eingereicht", "(aktueller Status)", "In Prüfung", "Freigegeben"]


def test_review_tracker_in_spanish(i18n_app: Flask) -> None:
    text = visible_text(get(i18n_app.test_client(), "/es/articles/milia/clinician"))
    steps = text.split("Estado de revisión del artículo", 1)[1].splitlines()
    assert steps[1:5] == ["Enviado", "En revisión", "Aprobado", "(estado actual)"]
    assert "Aviso médico para profesionales" in text


@pytest.mark.parametrize(
    ("locale", "updated", "reviewed"),
    [
        ("en", "Last updated: June 27, 2025", "Last reviewed: June 27, 2025"),
        ("es", "Última actualización: 27 de junio de 2025", "Última revisión: 27 de junio de 2025"),
        ("de", "Zuletzt aktualisiert: 27. Juni 2025", None),
    ],
)
def test_article_dates_are_written_for_the_locale(
    i18n_app: Flask, locale: str, updated: str, reviewed: str | None
) -> None:
    html = get(i18n_app.test_client(), f"/{locale}/articles/milia/layperson")
    text = " ".join(visible_text(html).split())
    assert updated in text
    if reviewed:
        assert reviewed in text
    else:  # the German copy is only submitted: no review date yet
        assert "Zuletzt geprüft" not in text


def test_staff_dates_follow_the_cookie_locale(i18n_app: Flask, staff: FlaskClient) -> None:
    staff.set_cookie("twofold_locale", "es")
    text = visible_text(get(staff, "/staff/articles/es/milia"))
    assert "27 de junio de 2025" in text
    staff.set_cookie("twofold_locale", "de")
    assert "27. Juni 2025" in visible_text(get(staff, "/staff/articles/es/milia"))


def staff_pages(locale: str) -> list[str]:
    article = f"/staff/articles/{locale}/milia"
    return [
        "/staff/",
        "/staff/articles",
        "/staff/articles/new",
        article,
        f"{article}/details",
        f"{article}/edit",
        f"{article}/sections/causes",
        f"{article}/references",
        f"{article}/history",
        f"{article}/history/1",
        f"{article}/preview",
        f"{article}/preview/layperson",
        f"{article}/preview/clinician",
        "/staff/qa/readability",
        f"/staff/qa/readability/{locale}/milia",
        "/staff/questions/",
    ]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_staff_pages_have_no_english_interface_text(
    i18n_app: Flask,
    staff: FlaskClient,
    english_left_in: Callable[[str, str], list[str]],
    locale: str,
) -> None:
    # A reader question first, so that the inbox has a row to show.
    reader = i18n_app.test_client()
    sent = reader.post(
        f"/{locale}/articles/milia/questions",
        data={"question": "¿Y en bebés?", "audience": "clinician"},
        headers=SAME_ORIGIN,
    )
    assert sent.status_code == 303

    staff.set_cookie("twofold_locale", locale)
    for url in staff_pages(locale):
        html = get(staff, url)
        assert f'<html lang="{locale}">' in html, url
        left = english_left_in(locale, html)
        assert not left, f"{url} shows English interface text: {left}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_login_page_and_its_messages_have_no_english_interface_text(
    i18n_app: Flask, english_left_in: Callable[[str, str], list[str]], locale: str
) -> None:
    client = i18n_app.test_client()
    client.set_cookie("twofold_locale", locale)
    # A staff page sends a visitor to log in, with a message saying so.
    redirected = client.get("/staff/", follow_redirects=True)
    assert redirected.request.path == "/staff/login"
    pages = {"/staff/ → login": redirected.get_data(as_text=True)}
    token = csrf_token(pages["/staff/ → login"])
    refused = client.post(
        "/staff/login",
        data={"csrf_token": token, "email": "nobody@twofold.test", "password": "wrong"},
    )
    pages["POST /staff/login"] = refused.get_data(as_text=True)
    empty = client.post("/staff/login", data={"csrf_token": token})
    pages["POST /staff/login (empty)"] = empty.get_data(as_text=True)
    for url, html in pages.items():
        left = english_left_in(locale, html)
        assert not left, f"{url} shows English interface text: {left}"
    expected = {
        "es": "Ese correo electrónico y esa contraseña no corresponden a ninguna cuenta.",
        "de": "Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.",
    }
    assert expected[locale] in visible_text(pages["POST /staff/login"])


def test_the_check_catches_an_english_string(
    english_left_in: Callable[[str, str], list[str]],
) -> None:
    """The page check itself: English interface text is found, placeholders filled or not."""
    html = (
        "<p>Última actualización:</p><p>Have a follow-up question?</p>"
        "<p>This article is not available in Español</p><script>Skip to content</script>"
    )
    assert english_left_in("es", html) == [
        "Have a follow-up question?",
        "This article",
        "This article is not available in %(language)s",
    ]


def test_marked_templates_are_the_engines() -> None:
    assert readability_names.FINDING_MESSAGES == findings.MESSAGES
    assert readability_names.REASON_MESSAGES == policy.REASON_MESSAGES


def test_messages_in_english_are_the_engines(i18n_app: Flask) -> None:
    report = check_markdown("The cyst was removed by the doctor. Ask for an ECG.", "layperson")
    with i18n_app.test_request_context("/en/"):
        for finding in report.findings:
            assert readability_names.finding_message(finding) == finding.message
        for reason in report.reasons:
            assert readability_names.reason_message(reason) == reason.message


def test_messages_are_translated(i18n_app: Flask) -> None:
    report = check_markdown("Ask for an ECG.", "layperson")
    (finding,) = report.findings
    with i18n_app.test_request_context("/es/"):
        g.locale = "es"
        assert "ECG" in readability_names.finding_message(finding)
        assert readability_names.finding_message(finding) != finding.message
        for reason in report.reasons:
            assert readability_names.reason_message(reason) != reason.message


def test_unknown_messages_are_shown_as_written(i18n_app: Flask) -> None:
    """A report cached by an older engine: wordings this page does not know."""
    report = check_markdown("Ask for an ECG.", "layperson")
    (finding,) = report.findings
    old = dataclasses.replace(finding, message="Old text.", wording="", params=())
    unknown = dataclasses.replace(report.reasons[0], message="Other.", wording="gone")
    with i18n_app.test_request_context("/es/"):
        assert readability_names.finding_message(old) == "Old text."
        assert readability_names.reason_message(unknown) == "Other."
