"""Reader URLs (a contract, see DESIGN.md): thin views over content and selection."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.exceptions import TooManyRequests

from service.auth.public_profiles import medical_advisory_board
from service.content.images import EXTENSIONS
from service.content.model import Article, Figure, Status
from service.i18n import N_, preferred_locale, shipped_locales
from service.pagination import Pagination, requested_page
from service.reader import browsing, same_origin, search_text
from service.reader.figure_response import figure_response
from service.reader.forms import QuestionForm
from service.reader.http_cache import PageKind, reader_page
from service.reader.page import build_page, json_ld
from service.reader.rendering import render_markdown
from service.reader.search_text import QueryProblem, highlight, parse_query
from service.reader.sitemap import article_entries, index_entries, sitemap_index_xml, sitemap_xml
from service.reader.topics import Topic, find_topic
from service.reader.variant_choice import (
    Persona,
    current_audience,
    current_persona,
    persona_by_id,
    personas,
    remember_persona,
)
from service.security import is_local_path, set_preference_cookie
from service.storage import inbox, listing, repository, reviewers, search
from service.storage.db import db, ping
from service.writing.audience import DEFAULT_AUDIENCE, Audience

bp = Blueprint("reader", __name__)


@bp.url_value_preprocessor
def pull_locale(_endpoint: str | None, values: dict[str, object] | None) -> None:
    """Keep the URL's locale on ``g``; a locale we do not ship is a 404."""
    if values is None or "locale" not in values:
        return
    locale = values.pop("locale")
    if locale not in shipped_locales():
        abort(404)
    g.locale = locale


@bp.url_defaults
def add_locale(endpoint: str, values: dict[str, object]) -> None:
    """Fill in the current locale when building reader URLs."""
    if "locale" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        values["locale"] = g.get("locale") or current_app.config["DEFAULT_LOCALE"]


@bp.get("/")
def root() -> ResponseReturnValue:
    """Send the reader to the index in the best locale for their browser."""
    response = redirect(url_for("reader.index", locale=preferred_locale()), code=302)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")  # the language switcher's cookie wins over the browser's
    return response


@bp.get("/<locale>/")
def index() -> ResponseReturnValue:
    """The list of articles, a page at a time, and the topics to browse them by.

    The same page for every reader, so every cache can keep it.
    """
    return _article_list("reader/index.html", topics=browsing.topics(db.new_session(), g.locale))


@bp.get("/<locale>/topics/<topic>")
def topic(topic: str) -> ResponseReturnValue:
    """The articles of one topic, a page at a time; its slug is made from its name."""
    topics = browsing.topics(db.new_session(), g.locale)
    found = find_topic(topics, topic)
    if found is None:
        page = render_template("reader/unknown_topic.html", topics=topics)
        version = f"no-topic:{g.locale}:" + ",".join(t.slug for t in topics)
        abort(reader_page(Response(page, status=404), kind=PageKind.NOT_FOUND, version=version))
    if found.slug != topic:
        # Another spelling of the same topic (case, normal form): one URL per topic.
        query: dict[str, Any] = dict(request.args)
        return redirect(url_for("reader.topic", topic=found.slug, **query), code=301)
    return _article_list("reader/topic.html", topics=topics, topic=found)


def _article_list(
    template: str, *, topics: list[Topic], topic: Topic | None = None
) -> ResponseReturnValue:
    """Page ``?page=N`` of the published articles (of ``topic``), or a 404 naming the pages."""
    session = db.new_session()
    names = topic.names if topic is not None else None
    endpoint, values = ("reader.topic", {"topic": topic.slug}) if topic else ("reader.index", {})
    facts = browsing.list_facts(session, g.locale, topic)
    number = requested_page(request.args.getlist("page"))
    pages = Pagination(number or 0, int(current_app.config["READER_PAGE_SIZE"]), facts.total)

    def page_url(n: int, *, external: bool = False) -> str:
        """Page ``n`` of this list: its own URL for the first, ``?page=n`` after."""
        query: dict[str, Any] = {"page": n} if n > 1 else {}
        return url_for(endpoint, **values, **query, _external=external)

    if not pages.exists:
        found = render_template("reader/no_such_page.html", pages=pages, first=page_url(1))
        version = f"no-page:{g.locale}:{endpoint}:{values}:{pages.pages}"
        return reader_page(Response(found, status=404), kind=PageKind.NOT_FOUND, version=version)
    if request.args.get("page") == "1":
        return redirect(page_url(1), code=301)
    articles = listing.page(session, g.locale, offset=pages.offset, limit=pages.size, topics=names)
    response = Response(
        render_template(
            template,
            articles=articles,
            audience=DEFAULT_AUDIENCE,
            pages=pages,
            page_url=page_url,
            topic=topic,
            topics=topics,
            **_chooser(None, page_url(pages.number), unfolded=topic is None),
        )
    )
    # The ETag hashes these bytes too: the version need not list every article shown.
    version = f"list:{g.locale}:{endpoint}:{values}:{pages.number}:{facts.total}:{facts.changed}"
    return reader_page(
        response, kind=PageKind.PUBLISHED, version=version, last_modified=facts.changed
    )


@dataclass(frozen=True)
class Published:
    """An article as readers see it, with the stamp of the revision that is."""

    article: Article
    stamp: repository.PublicStamp
    reviewer: reviewers.PublicReviewer | None = None

    @property
    def version(self) -> str:
        """What the page shows: the revision, its status, and the reviewer it names."""
        named = self.reviewer.fingerprint if self.reviewer else ""
        return f"{self.stamp.version}:by={named}"

    @property
    def kind(self) -> PageKind:
        """Pages still pending review are kept briefly; approved ones for longer."""
        approved = self.stamp.status is Status.APPROVED
        return PageKind.PUBLISHED if approved else PageKind.PENDING_REVIEW


def _published_or_404(slug: str) -> Published:
    """The article in this locale; else a 404 naming the locales it exists in."""
    session = db.new_session()
    article = repository.public_article(session, g.locale, slug)
    stamps = repository.public_stamps(session, g.locale, slug)
    if article is not None and stamps:
        stamp = stamps[0]
        approved = stamp.status is Status.APPROVED
        reviewer = reviewers.approved_by(session, stamp.revision_id) if approved else None
        return Published(article, stamp, reviewer)
    elsewhere = repository.public_locales(session, slug)
    if not elsewhere:
        abort(404)
    # Never a silent swap: say the article is not in this language and link to where it is.
    page = render_template(
        "reader/not_translated.html",
        slug=slug,
        locales=[loc for loc in elsewhere if loc in shipped_locales()],
        available_locales=shipped_locales(),
    )
    version = f"not-translated:{slug}:" + ",".join(elsewhere)
    abort(reader_page(Response(page, status=404), kind=PageKind.NOT_FOUND, version=version))


def _render_article(
    found: Published,
    audience: Audience,
    form: QuestionForm | None = None,
    *,
    persona: Persona | None = None,
    question_sent: bool = False,
) -> str:
    article = found.article
    page = build_page(article, audience, found.reviewer, figure_url=_figure_url)
    canonical = url_for(
        "reader.article_variant", slug=article.slug, audience=audience.value, _external=True
    )
    translations = [
        loc
        for loc in repository.public_locales(db.new_session(), article.slug)
        if loc in shipped_locales()
    ]
    alternates = [
        (
            loc,
            url_for(
                "reader.article_variant",
                locale=loc,
                slug=article.slug,
                audience=audience.value,
                _external=True,
            ),
        )
        for loc in translations
    ]
    return render_template(
        "reader/article.html",
        page=page,
        canonical=canonical,
        alternates=alternates,
        available_locales=translations,
        json_ld=json_ld(page, canonical, g.locale),
        form=form or QuestionForm(),
        question_sent=question_sent,
        **_chooser(persona, url_for("reader.article", slug=article.slug)),
    )


def _chooser(
    persona: Persona | None, next_path: str | None = None, *, unfolded: bool = False
) -> dict[str, object]:
    """What the persona chooser needs: ``persona`` is shown as chosen, if any.

    Only pages that follow the persona cookie pass one; every other page is the same
    for every reader, with nothing chosen.
    """
    return {
        "personas": personas(),
        "persona": persona,
        "next_path": next_path or request.path,
        "chooser_open": unfolded,
    }


@bp.get("/<locale>/articles/<slug>")
def article(slug: str) -> ResponseReturnValue:
    """The article in the audience of the reader's remembered persona.

    One page per persona, so it says ``Vary: Cookie``: a shared cache keys it by the
    cookie, and the page cache by the persona the cookie names.
    """
    found = _published_or_404(slug)
    persona = current_persona()
    response = Response(_render_article(found, current_audience(), persona=persona))
    version = f"{found.version}:persona={persona.id if persona else ''}"
    return reader_page(
        response,
        kind=found.kind,
        version=version,
        vary_persona=True,
        last_modified=found.stamp.published_at,
    )


@bp.get("/<locale>/articles/<slug>/<audience>")
def article_variant(slug: str, audience: str) -> ResponseReturnValue:
    """The canonical URL of one variant; it does not depend on the reader's cookie."""
    chosen = Audience.parse(audience)
    if chosen is None:
        # An unknown audience is ignored: show the article the reader would get anyway.
        return redirect(url_for("reader.article", slug=slug), code=302)
    found = _published_or_404(slug)
    if request.args.get("question") == "sent":
        # The confirmation after a question: shown once, kept by no cache.
        return _render_article(found, chosen, question_sent=True)
    response = Response(_render_article(found, chosen))
    return reader_page(
        response,
        kind=found.kind,
        version=f"{found.version}:{chosen.value}",
        last_modified=found.stamp.published_at,
    )


def _figure_url(figure: Figure) -> str:
    """Where readers get a figure: one URL per image, naming its digest."""
    return url_for("reader.figure", digest=figure.digest, ext=EXTENSIONS[figure.media_type][0])


@bp.get("/figures/<digest>.<ext>")
def figure(digest: str, ext: str) -> ResponseReturnValue:
    """An image that a published article shows: the same bytes for ever at this URL.

    Only figures of revisions readers see are served; a draft's new figure is not
    (staff see it in the editor's preview). Outside the page cache: the image carries
    its own validators and every cache may keep it.
    """
    found = repository.public_figure(db.new_session(), digest)
    if found is None or ext != EXTENSIONS[found.media_type][0]:
        abort(404)
    return figure_response(found, f"{digest}.{ext}", shared=True)


@bp.post("/<locale>/audience")
def choose_audience() -> ResponseReturnValue:
    """Remember the chosen persona in a cookie, then go back to ``next`` (a local path)."""
    target = request.form.get("next", "")
    if not is_local_path(target):
        target = url_for("reader.index")
    response = redirect(target, code=303)
    persona = persona_by_id(request.form.get("persona"))
    if persona is not None:
        remember_persona(response, persona)
    return response


@bp.post("/<locale>/language")
def choose_language() -> ResponseReturnValue:
    """Remember the reader's language and show the page they were on in it."""
    chosen = request.form.get("language", "")
    if chosen not in shipped_locales():
        chosen = g.locale
    target = request.form.get("next", "")
    if not is_local_path(target):
        target = url_for("reader.index", locale=chosen)
    else:
        # The same page in the new language: swap the locale prefix of a reader path.
        prefix = f"/{g.locale}/"
        if target.startswith(prefix):
            target = f"/{chosen}/" + target.removeprefix(prefix)
    response = redirect(target, code=303)
    set_preference_cookie(response, current_app.config["LOCALE_COOKIE"], chosen)
    return response


@bp.post("/<locale>/articles/<slug>/questions")
def ask(slug: str) -> ResponseReturnValue:
    """Store a reader's follow-up question for the writers' inbox.

    The page the form is on is shared by every reader, so it holds no CSRF token: the
    browser's own word on where the post came from decides (``same_origin``).
    """
    origin = same_origin.classify(
        request.host,
        fetch_site=request.headers.get("Sec-Fetch-Site"),
        origin=request.headers.get("Origin"),
        referer=request.headers.get("Referer"),
    )
    if origin is same_origin.Origin.CROSS:
        abort(403, gettext(_CROSS_SITE))
    published = _published_or_404(slug)
    found = published.article
    audience = Audience.parse(request.form.get("audience")) or current_audience()
    form = QuestionForm()
    if not form.validate():
        return _render_article(published, audience, form), 400
    if origin is same_origin.Origin.UNKNOWN and not same_origin.confirmed(
        current_app.config["SECRET_KEY"],
        request.cookies.get(same_origin.CONFIRM_COOKIE),
        request.form.get(same_origin.CONFIRM_FIELD),
    ):
        return _confirm_question(found, audience, form)
    session = db.new_session()
    client = _sender_within_limit(session)
    inbox.add_question(session, g.locale, slug, audience, form.question.data.strip(), client=client)
    response = redirect(
        url_for(
            "reader.article_variant",
            slug=slug,
            audience=audience.value,
            question="sent",
            _anchor="question-sent",
        ),
        code=303,
    )
    if same_origin.CONFIRM_COOKIE in request.cookies:
        response.delete_cookie(same_origin.CONFIRM_COOKIE, path=request.path)
    return response


_TOO_MANY_QUESTIONS = N_(
    "You have sent several questions in the last few minutes. Our writers read every one; "
    "please wait a little before sending another."
)


def _sender_within_limit(session: Session) -> str:
    """Who is sending a question, as a keyed hash of their address (never the address);
    a 429 when they sent ``QUESTION_LIMIT`` within ``QUESTION_LIMIT_WINDOW`` seconds."""
    address = (request.remote_addr or "unknown").encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    client = hmac.new(secret, b"question-client:" + address, hashlib.sha256).hexdigest()[:32]
    window = int(current_app.config["QUESTION_LIMIT_WINDOW"])
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=window)
    if inbox.questions_since(session, client, since) >= int(current_app.config["QUESTION_LIMIT"]):
        raise TooManyRequests(gettext(_TOO_MANY_QUESTIONS), retry_after=window)
    return client


_CROSS_SITE = N_(
    "This form was sent from another website, so it was not accepted. "
    "To ask us a question, use the form on our article page."
)


def _confirm_question(article: Article, audience: Audience, form: QuestionForm) -> Response:
    """Ask the reader to send the question once more, with a token bound to a cookie."""
    cookie, token = same_origin.issue_confirmation(current_app.config["SECRET_KEY"])
    page = render_template(
        "reader/confirm_question.html",
        article=article,
        title=article.title(audience),
        audience=audience,
        question=form.question.data.strip(),
        token=token,
        token_field=same_origin.CONFIRM_FIELD,
    )
    response = Response(page)
    response.set_cookie(
        same_origin.CONFIRM_COOKIE,
        cookie,
        max_age=same_origin.CONFIRM_MAX_AGE,
        path=request.path,
        samesite="Strict",
        secure=request.is_secure,
        httponly=True,
    )
    return response


@bp.get("/<locale>/editorial-policy")
def editorial_policy() -> ResponseReturnValue:
    """How articles are written, reviewed and dated, and who is on the board."""
    board = medical_advisory_board(db.new_session())
    response = Response(
        render_template("reader/editorial_policy.html", policy=_policy_html(g.locale), board=board)
    )
    version = f"policy:{g.locale}:" + ",".join(member.fingerprint for member in board)
    return reader_page(response, kind=PageKind.PUBLISHED, version=version)


def _policy_html(locale: str) -> Markup:
    pages = Path(current_app.root_path) / "data" / "pages"
    path = pages / f"editorial-policy.{locale}.md"
    if not path.exists():
        path = pages / f"editorial-policy.{current_app.config['DEFAULT_LOCALE']}.md"
    return render_markdown(path.read_text(encoding="utf-8"), heading_offset=0)


SEARCH_PROBLEMS = {
    "too-long": N_("Your search is too long. Use a few words, up to %(limit)s characters."),
    "no-words": N_("Your search has no words in it. Type one or more words, such as a symptom."),
}
SEARCH_BAD_PAGE = N_("There is no page %(page)s of these results.")


@bp.get("/<locale>/search")
def search_page() -> ResponseReturnValue:
    """Articles in this locale whose text for the reader's audience has every word typed.

    The reader's persona (or ``audience=`` in the URL) picks the wording searched and
    the variant linked to. The page sets no cookie and is cacheable like other reader
    pages; it says ``Vary: Cookie`` unless the URL names the audience.
    """
    chosen = Audience.parse(request.args.get("audience"))
    audience = chosen or current_audience()
    raw = request.args.get("q", "")
    context: dict[str, object] = {"search_query": raw, "audience": audience, "chosen": chosen}
    status = 200
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 0
    if not 1 <= page <= 10_000:
        context["problem"] = gettext(SEARCH_BAD_PAGE, page=request.args.get("page", ""))
        context["bad_page"] = True
        status = 400
    elif raw.strip():
        try:
            query = parse_query(raw)
        except QueryProblem as problem:
            context["problem"] = gettext(
                SEARCH_PROBLEMS[str(problem)], limit=search_text.MAX_QUERY_CHARS
            )
        else:
            size = int(current_app.config["SEARCH_PAGE_SIZE"])
            found = search.search(
                db.new_session(),
                g.locale,
                audience,
                query.words,
                limit=size,
                offset=(page - 1) * size,
                ranked_limit=int(current_app.config["SEARCH_RANKED_LIMIT"]),
            )
            last = Pagination(page, size, found.total).pages
            if page > last:
                context["problem"] = gettext(SEARCH_BAD_PAGE, page=page)
                context["bad_page"] = True
                status = 404
            context.update(
                query=query,
                total=found.total,
                hits=[(hit, highlight(hit.snippet)) for hit in found.hits],
                page=page,
                last_page=last,
            )
    response = Response(render_template("reader/search.html", **context), status=status)
    if status != 200:
        return response
    return reader_page(
        response,
        kind=PageKind.PUBLISHED,
        version=f"search:{g.locale}:{audience.value}:{page}:{raw}",
        vary_persona=chosen is None,
    )


@bp.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    """Every canonical reader URL with its translations, for search engines.

    One file while the library fits in one; past that, an index of numbered files.
    """
    session = db.new_session()
    locales = shipped_locales()
    files = _sitemap_files(session, locales)
    changed = [browsing.list_facts(session, locale).changed for locale in locales]
    last = max((c for c in changed if c is not None), default=None)
    if files > 1:
        urls = [
            url_for("reader.sitemap_file", number=n, _external=True) for n in range(1, files + 1)
        ]
        document = sitemap_index_xml(urls)
        return reader_page(
            Response(document, mimetype="application/xml"),
            kind=PageKind.PUBLISHED,
            version=f"sitemap-index:{files}:{last}",
            last_modified=last,
        )
    return _sitemap_file(1)


@bp.get("/sitemaps/<int:number>.xml")
def sitemap_file(number: int) -> ResponseReturnValue:
    """One numbered file of the sitemap, as its index names it."""
    if not 1 <= number <= _sitemap_files(db.new_session(), shipped_locales()):
        abort(404)
    return _sitemap_file(number)


def _per_file(locales: Sequence[str]) -> int:
    """Articles in each sitemap file: one URL per audience, and room for the indexes."""
    urls = int(current_app.config["SITEMAP_URLS_PER_FILE"])
    return max(1, (urls - len(locales)) // len(Audience))


def _sitemap_files(session: Session, locales: Sequence[str]) -> int:
    """How many files the sitemap has: at least one."""
    total = browsing.published_total(session, locales)
    return max(1, -(-total // _per_file(locales)))


def _index_url(locale: str) -> str:
    return url_for("reader.index", locale=locale, _external=True)


def _sitemap_file(number: int) -> Response:
    """Sitemap file ``number``: the first also names each language's index."""
    session = db.new_session()
    locales = shipped_locales()
    size = _per_file(locales)
    published = listing.published_urls(session, locales, offset=(number - 1) * size, limit=size)
    translations = listing.locales_of(session, (p.slug for p in published), locales)
    items = article_entries(
        published,
        translations,
        lambda locale, slug, audience: url_for(
            "reader.article_variant",
            locale=locale,
            slug=slug,
            audience=audience.value,
            _external=True,
        ),
    )
    if number == 1:
        changed = {locale: browsing.list_facts(session, locale).changed for locale in locales}
        items = index_entries(changed, _index_url) + items
    last = max((item.changed for item in items if item.changed is not None), default=None)
    return reader_page(
        Response(sitemap_xml(items), mimetype="application/xml"),
        kind=PageKind.PUBLISHED,
        version=f"sitemap:{number}:{len(items)}:{last}",
        last_modified=last,
    )


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 when the database answers, 503 when it does not."""
    try:
        ping(db.new_session())
    except Exception:  # any database failure means "not healthy", never a trace
        current_app.logger.exception("Health check failed")
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
