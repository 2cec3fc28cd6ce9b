"""'Which best describes you?': personas, the remembered cookie, canonical variants, fallback."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.config import DEFAULTS
from service.content.model import Section, Variant
from service.reader.variant_choice import choose_variant, personas_from_config
from service.writing.audience import Audience

LAY_TITLE = "What milia are"  # sample bundle, overview section, layperson variant
CLINICIAN_TITLE = "Pathogenesis"  # sample bundle, causes section, clinician variant


@pytest.mark.parametrize(
    ("persona", "audience"),
    [
        ("patient", Audience.LAYPERSON),
        ("caregiver", Audience.LAYPERSON),
        ("clinician", Audience.CLINICIAN),
        ("student", Audience.CLINICIAN),
    ],
)
def test_default_personas_map_to_audiences(persona: str, audience: Audience) -> None:
    mapping = {p.id: p.audience for p in personas_from_config(DEFAULTS["PERSONAS"])}
    assert mapping[persona] is audience


def test_a_persona_naming_an_unknown_audience_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="use one of: layperson, clinician"):
        personas_from_config([{"id": "nurse", "label": "Nurse", "audience": "nurses"}])


def test_personas_are_configuration(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(PERSONAS=[{"id": "nurse", "label": "Nurse", "audience": "clinician"}])
    client = app.test_client()
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert 'value="nurse"' in html and 'value="patient"' not in html
    client.post("/en/audience", data={"persona": "nurse", "next": "/en/articles/sample"})
    assert CLINICIAN_TITLE in client.get("/en/articles/sample").get_data(as_text=True)


def test_a_new_reader_sees_the_layperson_variant_with_the_chooser(client: FlaskClient) -> None:
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert LAY_TITLE in html and CLINICIAN_TITLE not in html
    assert "Which best describes you?" in html
    assert re.search(r'<fieldset>.*type="radio" name="persona"', html, re.S)


@pytest.mark.parametrize(
    ("persona", "shows", "hides"),
    [
        ("patient", LAY_TITLE, CLINICIAN_TITLE),
        ("caregiver", LAY_TITLE, CLINICIAN_TITLE),
        ("clinician", CLINICIAN_TITLE, LAY_TITLE),
        ("student", CLINICIAN_TITLE, LAY_TITLE),
    ],
)
def test_choosing_a_persona_is_remembered(
    client: FlaskClient, persona: str, shows: str, hides: str
) -> None:
    response = client.post("/en/audience", data={"persona": persona, "next": "/en/articles/sample"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/articles/sample"
    cookie = response.headers["Set-Cookie"]
    assert f"twofold_persona={persona}" in cookie
    assert "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert shows in html and hides not in html
    assert re.search(rf'value="{persona}"\s+aria-describedby="chooser-hint"\s+checked', html)


def test_the_cookie_page_varies_on_cookie_and_names_its_canonical_variant(
    client: FlaskClient,
) -> None:
    response = client.get("/en/articles/sample")
    assert "Cookie" in response.headers["Vary"]
    assert '<link rel="canonical" href="http://localhost/en/articles/sample/layperson">' in (
        response.get_data(as_text=True)
    )
    client.set_cookie("twofold_persona", "clinician")
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/en/articles/sample/clinician">' in html


@pytest.mark.parametrize("persona", ["patient", "clinician", None])
def test_canonical_variant_urls_ignore_the_cookie(client: FlaskClient, persona: str | None) -> None:
    if persona:
        client.set_cookie("twofold_persona", persona)
    lay = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    clinician = client.get("/en/articles/sample/clinician").get_data(as_text=True)
    assert LAY_TITLE in lay and CLINICIAN_TITLE not in lay
    assert CLINICIAN_TITLE in clinician and LAY_TITLE not in clinician


@pytest.mark.parametrize(
    "value", ["wizard-x", "", "CLINICIAN", "clinician;evil", "<script>x</script>"]
)
def test_an_unknown_cookie_is_ignored_and_not_reflected(client: FlaskClient, value: str) -> None:
    client.set_cookie("twofold_persona", value)
    response = client.get("/en/articles/sample")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert LAY_TITLE in html
    if value:
        assert value not in html


def test_an_unknown_persona_in_the_form_changes_nothing(client: FlaskClient) -> None:
    client.set_cookie("twofold_persona", "clinician")
    response = client.post(
        "/en/audience", data={"persona": "wizard", "next": "/en/articles/sample"}
    )
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers
    assert CLINICIAN_TITLE in client.get("/en/articles/sample").get_data(as_text=True)


def test_an_unknown_audience_in_the_url_falls_back_to_the_readers_article(
    client: FlaskClient,
) -> None:
    response = client.get("/en/articles/sample/wizards")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/articles/sample"


def test_the_choice_carries_over_to_other_articles(client: FlaskClient) -> None:
    client.post("/en/audience", data={"persona": "student", "next": "/en/"})
    html = client.get("/en/articles/second").get_data(as_text=True)
    assert "Post-procedure care after chemical peels" in html


def test_a_missing_variant_shows_the_other_one_with_a_note(client: FlaskClient) -> None:
    html = client.get("/en/articles/second/clinician").get_data(as_text=True)
    assert "not yet written for clinicians" in html
    section = html.split('id="section-aftercare"')[1].split("</section>")[0]
    assert "not yet written for clinicians" in section


@pytest.mark.parametrize(
    ("available", "wanted", "shown", "fallback"),
    [
        ((Audience.LAYPERSON, Audience.CLINICIAN), Audience.LAYPERSON, Audience.LAYPERSON, False),
        ((Audience.LAYPERSON, Audience.CLINICIAN), Audience.CLINICIAN, Audience.CLINICIAN, False),
        ((Audience.LAYPERSON,), Audience.CLINICIAN, Audience.LAYPERSON, True),
        ((Audience.CLINICIAN,), Audience.LAYPERSON, Audience.CLINICIAN, True),
    ],
)
def test_the_fallback_rule(
    available: tuple[Audience, ...], wanted: Audience, shown: Audience, fallback: bool
) -> None:
    section = Section("s", tuple(Variant(a, a.value, "Text.") for a in available))
    chosen = choose_variant(section, wanted)
    assert chosen.variant.audience is shown
    assert chosen.is_fallback is fallback


def test_the_index_is_the_same_for_every_reader_and_leads_to_their_variant(
    app: Flask,
) -> None:
    client = app.test_client()
    anonymous = client.get("/en/")
    html = anonymous.get_data(as_text=True)
    assert "Caring for your skin after a peel" in html
    assert "How should I care for skin after a chemical peel?" in html
    assert 'href="/en/articles/second"' in html
    client.set_cookie("twofold_persona", "clinician")
    chosen = client.get("/en/")
    assert chosen.get_data() == anonymous.get_data()
    assert "Cookie" not in chosen.headers.get("Vary", "")
    article = client.get("/en/articles/second").get_data(as_text=True)
    assert "Post-procedure care after chemical peels" in article
