"""Reader questions get answers: a writer answers in the inbox, review publishes the answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.content.readers_asked import MAX_QUESTION_LENGTH
from service.staff.answer_form import ANSWER_MAX_CHARS

ARTICLE = "/staff/articles/en/sample"
RAW = "My neighbour Ann Example (52) wants to know where to read more. Where can I?"
QUESTION = "Where can I read more about this?"
PLAIN = "Our writers keep this page up to date. Come back after the next review to read more."
FOR_CLINICIANS = "The reference list below is kept current at each review of this page."
DENSE = (
    "Pharmacokinetic heterogeneity notwithstanding, randomised comparative investigations "
    "demonstrated statistically significant improvements in dermatological manifestations "
    "attributable to concomitant immunosuppressive administration."
)


def asked(app: Flask, ask_question: Any, text: str = RAW) -> str:
    """A reader asks ``text`` about the sample article; the URL of its answer form."""
    assert ask_question(app.test_client(), "sample", text).status_code == 303
    return "/staff/questions/1/answer"


def answer(client: FlaskClient, auth: Any, url: str, **fields: str) -> Any:
    """Send the answer form at ``url`` as a writer's browser does."""
    form = {"csrf_token": auth.csrf_token(client, url), "question": QUESTION, "layperson": PLAIN}
    return client.post(url, data={**form, **fields})


def public(app: Flask, audience: str = "layperson") -> str:
    return app.test_client().get(f"/en/articles/sample/{audience}").get_data(as_text=True)


def revisions(client: FlaskClient) -> list[str]:
    """The revision numbers the sample article's history lists."""
    html = client.get(f"{ARTICLE}/history").get_data(as_text=True)
    return sorted(set(re.findall(r"/staff/articles/en/sample/history/(\d+)\b", html)))


def move(client: FlaskClient, auth: Any, action: str) -> Any:
    """Take a review step on the sample article from its staff page."""
    token = auth.csrf_token(client, ARTICLE)
    return client.post(f"{ARTICLE}/workflow", data={"csrf_token": token, "action": action})


def test_the_inbox_links_each_question_to_its_answer_form(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    assert f'href="{url}"' in writer.get("/staff/questions/").get_data(as_text=True)
    form = writer.get(url).get_data(as_text=True)
    assert RAW in form and "Readers never see these words" in form
    # The reader's own words are shown, never filled in as the public question.
    assert re.search(r'<input [^>]*name="question"[^>]* value=""', form)


def test_an_answer_saved_without_adding_it_marks_the_question_answered_only(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    response = answer(writer, auth, url)
    assert response.status_code == 303
    page = writer.get(url).get_data(as_text=True)
    assert "the question marked answered" in page and f'value="{QUESTION}"' in page
    assert "Answered (1)" in writer.get("/staff/questions/").get_data(as_text=True)
    preview = writer.get(f"{ARTICLE}/preview/layperson").get_data(as_text=True)
    assert QUESTION not in preview and QUESTION not in public(app)


def test_an_added_answer_is_in_the_draft_not_on_the_public_page_until_approved(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    before = app.test_client().get("/en/articles/sample/layperson")
    response = answer(writer, auth, url, publish="y", clinician=FOR_CLINICIANS)
    assert response.status_code == 303
    assert "added to a new draft revision" in writer.get(url).get_data(as_text=True)

    # The draft holds it: the writer's preview, the editor, the staff review page.
    assert QUESTION in writer.get(f"{ARTICLE}/preview/layperson").get_data(as_text=True)
    assert QUESTION in writer.get(f"{ARTICLE}/edit").get_data(as_text=True)
    staff = writer.get(ARTICLE).get_data(as_text=True)
    assert "Readers asked" in staff and PLAIN in staff and FOR_CLINICIANS in staff
    # Readers still get the approved page, byte for byte, with the same validator.
    after = app.test_client().get("/en/articles/sample/layperson")
    assert after.data == before.data and after.headers["ETag"] == before.headers["ETag"]
    assert RAW not in staff.split('id="text-heading"')[1]

    assert move(writer, auth, "submit").status_code == 303
    reviewer = auth.client("reviewer")
    assert move(reviewer, auth, "start-review").status_code == 303
    assert move(reviewer, auth, "approve").status_code == 303

    layperson, clinician = public(app), public(app, "clinician")
    assert "Readers asked" in layperson and QUESTION in layperson and PLAIN in layperson
    assert FOR_CLINICIANS not in layperson
    assert QUESTION in clinician and FOR_CLINICIANS in clinician and PLAIN not in clinician
    assert RAW not in layperson + clinician


def test_a_clinician_reader_gets_the_layperson_answer_with_a_note(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    assert answer(writer, auth, url, publish="y").status_code == 303
    assert move(writer, auth, "submit").status_code == 303
    clinician = public(app, "clinician")
    readers_asked = clinician.split('id="readers-asked-heading"')[1]
    assert PLAIN in readers_asked
    assert "not yet written for clinicians" in readers_asked


def test_changing_an_added_answer_replaces_it_on_the_article(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    answer(writer, auth, url, publish="y")
    answer(writer, auth, url, publish="y", question="Where is there more to read?")
    preview = writer.get(f"{ARTICLE}/preview/layperson").get_data(as_text=True)
    assert "Where is there more to read?" in preview and QUESTION not in preview
    assert preview.count(PLAIN) == 1


def test_a_hard_layperson_answer_fails_the_readability_gate(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    assert answer(writer, auth, url, publish="y", layperson=DENSE).status_code == 303
    response = move(writer, auth, "submit")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "fails the readability policy" in html and "Readers asked (readers-asked)" in html
    assert DENSE not in public(app)
    qa = auth.client("qa").get("/staff/qa/readability").get_data(as_text=True)
    assert "readers-asked" in qa


def test_a_plain_answer_passes_the_gate(app: Flask, auth: Any, ask_question: Any) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    answer(writer, auth, url, publish="y")
    assert move(writer, auth, "submit").status_code == 303
    assert QUESTION in public(app)


def test_the_editor_takes_an_answer_off_the_article(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    answer(writer, auth, url, publish="y")
    edit = f"{ARTICLE}/edit"
    token = auth.csrf_token(writer, edit)
    number = re.search(r'name="base" value="(\d+)"', writer.get(edit).get_data(as_text=True))
    assert number
    response = writer.post(
        f"{ARTICLE}/readers-asked/1/remove", data={"csrf_token": token, "base": number.group(1)}
    )
    assert response.status_code == 303
    assert QUESTION not in writer.get(f"{ARTICLE}/preview/layperson").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"question": "  "}, 422, "Write the question as readers will see it."),
        ({"layperson": ""}, 422, "Write the answer for patients and caregivers."),
        ({"question": "x" * (MAX_QUESTION_LENGTH + 1)}, 422, "characters or fewer"),
        ({"layperson": "x " * ANSWER_MAX_CHARS}, 422, "characters or fewer"),
        ({"clinician": "x " * ANSWER_MAX_CHARS}, 422, "characters or fewer"),
        ({"layperson": "More in [@nobody2020]."}, 422, "citation [@nobody2020] names no reference"),
        ({"question": "One line\nthen another"}, 422, "must be one line"),
        ({"layperson": "Bell\x07"}, 400, "control character"),
        ({"csrf_token": "forged"}, 400, ""),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_change_nothing(
    app: Flask,
    auth: Any,
    ask_question: Any,
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    history = revisions(writer)
    response = answer(writer, auth, url, publish="y", **fields)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert revisions(writer) == history == ["1"]
    assert "Open (1)" in writer.get("/staff/questions/").get_data(as_text=True)


def test_a_typed_answer_survives_a_refusal(app: Flask, auth: Any, ask_question: Any) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    response = answer(writer, auth, url, question="", layperson="Kept text of mine.")
    assert response.status_code == 422
    assert "Kept text of mine." in response.get_data(as_text=True)


def test_only_writers_answer_and_unknown_questions_are_404(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    assert auth.client("qa").get(url).status_code == 403
    assert app.test_client().get(url).status_code in (302, 303)
    assert auth.client("writer").get("/staff/questions/99/answer").status_code == 404


def test_answers_are_stored_alike_on_every_database(any_db_app: Flask) -> None:
    from service.content.model import Asked
    from service.editorial import revisions as editorial
    from service.editorial.readers_asked import with_answer
    from service.storage import inbox
    from service.storage.db import db
    from service.writing.audience import Audience

    given = Asked(QUESTION, ((Audience.LAYPERSON, PLAIN), (Audience.CLINICIAN, FOR_CLINICIANS)))
    with any_db_app.app_context():
        session = db.new_session()
        question = inbox.add_question(session, "en", "sample", Audience.LAYPERSON, RAW)
        assert question is not None
        question_id = question.id
        latest = editorial.current(session, "en", "sample")
        edited = with_answer(latest.article, given)
        number = editorial.save(session, edited, base=latest.number, author="w@x", message="A")
        inbox.save_answer(session, question_id, given, author="w@x", added_in_revision=number)
        session.close()

        session = db.new_session()
        assert editorial.current(session, "en", "sample").article.asked == (given,)
        found = inbox.question(session, question_id)
        assert found is not None and found.answer == given and found.added_as == QUESTION
        page = inbox.inbox_page(session, inbox.QuestionState.ANSWERED)
        assert [q.id for q, _ in page.rows] == [question_id]


def test_the_history_shows_an_added_answer_as_a_change(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    url = asked(app, ask_question)
    writer = auth.client("writer")
    answer(writer, auth, url, publish="y")
    change = writer.get(f"{ARTICLE}/history/2").get_data(as_text=True)
    assert "Readers asked, for patients and caregivers" in change
    assert "Readers asked, for clinicians" not in change  # none written for them
    assert "Answered reader question 1" in change
