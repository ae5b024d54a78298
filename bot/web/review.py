"""The content review for a partner's co-design panel, inside the inbox (docs/co-design.md).

    GET  /inbox/review                      the responses, a short page at a time: ?q= words to find,
                                            ?show= not-rated | hard | open, ?page= a number
    GET  /inbox/review/{key}                one response: its words side by side, a rating, suggestions, checks
    POST /inbox/review/{key}/rate           a panel member's rating: easy or not_easy
    POST /inbox/review/{key}/suggest        a panel member's comment or new wording
    GET  /inbox/review/suggestions.yml      the open suggestions, as a file for a maintainer
    POST /inbox/review/suggestions          the file back after review: the maintainer's decisions

The pages are for people, not for developers: a response is named by its own words, under a topic in plain
words (bot/feedback/responses.py), and no internal key is in anything a person reads; keys are only in
addresses and hidden form values. The page text is in Easy Read.

Every account reaches it; a panel member or a maintainer reaches nothing else (pages.signed_in_as). Only a
maintainer may upload the decisions: they decide what the assistant says, so a panel member (or a specialist)
posting the file is refused (403) and nothing changes, and the upload form is shown to a maintainer alone.
Plain HTML with no script, in the inbox's page layout (pages.py).
"""
from __future__ import annotations

import asyncio
from functools import lru_cache

from aiohttp import web
from yarl import URL

from accessibility.easy_read import Text, check_text, known_acronyms_from_glossary
from bot.config import ROOT
from bot.feedback.models import RATINGS
from bot.feedback.responses import Response, by_key, content_key, is_button, responses
from bot.feedback.store import MAX_SUGGESTION_CHARS, FeedbackStore, Ratings
from bot.accounts.models import DECIDES_SUGGESTIONS, ROLES
from bot.accounts.store import Specialist
from bot.web.pages import (NO_STORE, csrf_field, e, error_summary, field_error, form_key, page, see_other,
                           signed_in_as, tie)

__all__ = ["add_review", "content_key", "feedback_key"]

feedback_key = web.AppKey("feedback_store", FeedbackStore)  # opened by the gateway with the app database
panel = signed_in_as(*ROLES)
PER_PAGE = 10
FILTERS = {"not-rated": "Not rated yet", "hard": "Rated hard to understand", "open": "Open suggestions"}


@lru_cache(maxsize=1)
def _known_acronyms() -> frozenset[str]:
    return frozenset(known_acronyms_from_glossary(ROOT / "data" / "knowledge" / "glossary.yml"))


@lru_cache(maxsize=None)
def _problems(text: Text) -> tuple[str, ...]:
    return tuple(str(b.detail) + (f': "{b.sentence}"' if b.sentence else "")
                 for b in check_text(text.text, level=text.level, where=text.where, known_acronyms=_known_acronyms()))


def _counted(response: Response, ratings: dict[str | None, Ratings]) -> Ratings:
    """The ratings and comments of all a response's texts together."""
    total = Ratings()
    for where in sorted(response.ids):
        found = ratings.get(where)
        if found:
            total.easy, total.not_easy = total.easy + found.easy, total.not_easy + found.not_easy
            total.comments += found.comments
    return total


def _said(counted: Ratings) -> str:
    if not counted.easy and not counted.not_easy:
        return "Not rated yet."
    return f"Easy: {counted.easy}. Hard: {counted.not_easy}."


def _chosen(show: str, response: Response, counted: Ratings, waiting: set[str]) -> bool:
    if show == "not-rated":
        return not counted.easy and not counted.not_easy
    if show == "hard":
        return counted.not_easy > 0
    if show == "open":
        return bool(response.ids & waiting)
    return True


def _link(query: dict[str, str], **changed: str) -> str:
    return str(URL("/inbox/review").with_query({k: v for k, v in {**query, **changed}.items() if v}))


def _search_form(search: str, show: str) -> str:
    choices = "".join(f'<option value="{value}"{" selected" if value == show else ""}>{name}</option>'
                      for value, name in {"": "All responses", **FILTERS}.items())
    return ('<form method="get" action="/inbox/review#results" class="search" role="search">'
            '<div class="field"><label for="q">Find words</label>'
            '<p class="hint" id="q-hint">Type some words the assistant says.</p>'
            f'<input type="search" id="q" name="q" value="{e(search)}" aria-describedby="q-hint"></div>'
            f'<div class="field"><label for="show">Show</label><select id="show" name="show">{choices}</select></div>'
            '<button type="submit">Find</button></form>')


def _item(response: Response, counted: Ratings, waiting: set[str]) -> str:
    question = f" A person may ask: &quot;{e(response.question)}&quot;." if response.question else ""
    open_ = " It has an open suggestion." if response.ids & waiting else ""
    return (f'<li><a href="/inbox/review/{response.key}#words">{e(response.title)}</a>'
            f'<p class="hint">{_said(counted)}{open_}{question}</p></li>')


@panel
async def review_list(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    store = request.app[feedback_key]
    ratings, suggestions = await asyncio.gather(asyncio.to_thread(store.ratings, specialist.partner_id),
                                                asyncio.to_thread(store.suggestions, specialist.partner_id))
    waiting = {row.content_id for row in suggestions if row.status == "open"}
    search = request.query.get("q", "").strip()[:200]
    show = request.query.get("show", "") if request.query.get("show", "") in FILTERS else ""
    found = [(r, _counted(r, ratings)) for r in responses() if r.matches(search)]
    found = [(r, counted) for r, counted in found if _chosen(show, r, counted, waiting)]
    pages = max(1, -(-len(found) // PER_PAGE))
    number = min(max(1, int(request.query.get("page", "1")) if request.query.get("page", "").isdigit() else 1), pages)
    shown = found[(number - 1) * PER_PAGE:number * PER_PAGE]
    listed, topic = [], None
    for response, counted in shown:
        if response.topic != topic:
            listed.append(("</ul>" if topic else "") + f"<h3>{e(response.topic)}</h3><ul class=\"responses\">")
            topic = response.topic
        listed.append(_item(response, counted, waiting))
    query = {"q": search, "show": show}
    moves = []
    if number > 1:
        moves.append(f'<a href="{e(_link(query, page=str(number - 1)))}#results" rel="prev">Previous page</a>')
    if number < pages:
        moves.append(f'<a href="{e(_link(query, page=str(number + 1)))}#results" rel="next">Next page</a>')
    what = f"{len(found)} response{'' if len(found) == 1 else 's'}"
    if search:
        what += f" with the words &quot;{e(search)}&quot;"
    if show:
        what += f". Showing: {FILTERS[show].lower()}"
    results = ("".join(listed) + "</ul>") if listed else "<p>No responses found. Try other words.</p>"
    notice = ""
    if "imported" in request.query:
        notice = f'<p class="notice" role="status">Decisions read from the file: {e(request.query["imported"])}.</p>'
    elif "import-error" in request.query:
        notice = f'<p class="notice" role="alert">The file was not read: {e(request.query["import-error"])}.</p>'
    if specialist.role == DECIDES_SUGGESTIONS:
        decisions = (". Decide on each one. Then upload the same file here.</p>"
                     '<form method="post" action="/inbox/review/suggestions" enctype="multipart/form-data" '
                     f'class="stack">{csrf_field(csrf)}<div class="field"><label for="file">Suggestions file with '
                     'decisions</label><input type="file" id="file" name="file" accept=".yml,.yaml,text/yaml">'
                     '</div><button type="submit">Upload the decisions</button></form>')
    else:
        decisions = " for a maintainer. They decide on each one.</p>"
    main = (f"<h1>Content review</h1>{notice}"
            "<p>Read what the assistant says. Say if it is easy to understand. Suggest new words.</p>"
            f"{_search_form(search, show)}"
            f'<h2 id="results" tabindex="-1">Responses</h2><p>{what}. Page {number} of {pages}.</p>{results}'
            + (f'<nav aria-label="Pages" class="pages">{" ".join(moves)}</nav>' if moves else "")
            + '<h2>Suggestions</h2><p><a href="/inbox/review/suggestions.yml">Download the open suggestions</a>'
            f"{decisions}")
    return page("Content review", main, specialist=specialist, csrf=csrf)


def _words(texts: tuple[Text, ...]) -> str:
    said = "".join(f'<blockquote class="words">{e(t.text)}</blockquote>' for t in texts if not is_button(t))
    buttons = [t for t in texts if is_button(t)]
    if buttons:
        said += "<p>Buttons to press:</p><ul>" + "".join(f"<li>{e(t.text)}</li>" for t in buttons) + "</ul>"
    return said


@panel
async def review_item(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    response = by_key().get(request.match_info["key"])
    if response is None:
        return page("Not found", '<h1>We cannot find this response</h1><p><a href="/inbox/review">Go back to the '
                     "content review</a></p>", specialist=specialist, csrf=csrf, status=404)
    store = request.app[feedback_key]
    ratings, shown_times, suggestions = await asyncio.gather(
        asyncio.to_thread(store.ratings, specialist.partner_id),
        asyncio.to_thread(store.times_shown, specialist.partner_id),
        asyncio.to_thread(store.suggestions, specialist.partner_id))
    counted = _counted(response, ratings)
    times = sum(shown_times.get(where, 0) for where in response.ids)
    problems = [p for t in response.texts for p in _problems(t)]
    checks = ("<p>It passes the Easy Read check.</p>" if not problems else
              "<ul>" + "".join(f"<li>{e(p)}</li>" for p in problems) + "</ul>")
    comments = "".join(f"<li>{e(c)}</li>" for c in counted.comments)
    said = "".join(
        f"<li><p>{e(row.author)} ({e(row.status)})</p>"
        + (f"<p>Comment: {e(row.comment)}</p>" if row.comment else "")
        + (f"<p>New wording: {e(row.wording)}</p>" if row.wording else "") + "</li>"
        for row in suggestions if row.content_id in response.ids)
    error = request.query.get("error", "")
    problems_found = [("comment", error)] if error else []
    comment_error = field_error("comment", problems_found)
    notice = ""
    if "added" in request.query:
        notice = '<p class="notice" role="status">Thank you. Your suggestion is saved.</p>'
    elif request.query.get("rated") in RATINGS:
        notice = ('<p class="notice" role="status">Thank you. You said it is '
                  f'{"easy" if request.query["rated"] == "easy" else "hard"} to understand.</p>')
    more = _words(response.more) if response.more else "<p>There are no more detailed words for this one.</p>"
    easy = _words(response.easy) if response.easy else "<p>There are no Easy Read words for this one.</p>"
    question = f"<p>A person may ask: &quot;{e(response.question)}&quot;</p>" if response.question else ""
    action = f"/inbox/review/{response.key}"
    main = (f"{error_summary(problems_found)}<h1>{e(response.title)}</h1>"
            f"<p>Topic: {e(response.topic)}.</p>{question}"
            '<section id="words" aria-labelledby="words-title"><h2 id="words-title">What it says</h2>'
            f'<div class="side-by-side"><div><h3>Easy Read</h3>{easy}</div><div><h3>More detail</h3>{more}</div>'
            "</div></section>"
            f'<form method="post" action="{action}/rate" class="rate">{csrf_field(csrf)}'
            '<fieldset><legend><h2>Is it easy to understand?</h2></legend>'
            '<button type="submit" name="rating" value="easy">Yes, it is easy</button> '
            '<button type="submit" name="rating" value="not_easy">No, it is hard</button></fieldset></form>'
            f'{notice}<h2 id="suggest" tabindex="-1">Suggest a change</h2>'
            f'<form method="post" action="{action}/suggest" class="stack" novalidate>{csrf_field(csrf)}'
            f'<div class="field{" field-error" if comment_error else ""}"><label for="comment">Your comment</label>'
            '<p class="hint" id="comment-hint">What is hard to understand, or what is missing.</p>'
            f'{comment_error}<textarea id="comment" name="comment" rows="3" maxlength="{MAX_SUGGESTION_CHARS}"'
            f'{tie("comment", comment_error, hint="yes")}></textarea></div>'
            '<div class="field"><label for="wording">New words</label>'
            '<p class="hint" id="wording-hint">You do not have to. Write the words you would like it to say.</p>'
            f'<textarea id="wording" name="wording" rows="4" maxlength="{MAX_SUGGESTION_CHARS}"'
            ' aria-describedby="wording-hint"></textarea></div>'
            '<button type="submit">Save my suggestion</button></form>'
            f"<h2>What people said</h2><p>Shown in chats: {times} times. {_said(counted)}</p>"
            + (f"<ul>{comments}</ul>" if comments else "<p>No comments yet.</p>")
            + "<h2>Suggestions from the panel</h2>" + (f"<ul>{said}</ul>" if said else "<p>None yet.</p>")
            + f"<h2>Easy Read check</h2>{checks}"
            '<p><a href="/inbox/review">Go back to the content review</a></p>')
    return page(response.title, main, specialist=specialist, csrf=csrf, has_error=bool(error))


@panel
async def rate(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    response = by_key().get(request.match_info["key"])
    rating = str(request[form_key].get("rating", ""))
    if response is None or rating not in RATINGS:
        return see_other("/inbox/review")
    await asyncio.to_thread(request.app[feedback_key].rate_response, specialist.partner_id, response.main.where,
                            rating)
    return see_other(str(URL(f"/inbox/review/{response.key}").with_query({"rated": rating})) + "#suggest")


@panel
async def suggest(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    response = by_key().get(request.match_info["key"])
    if response is None:
        return see_other("/inbox/review")
    form = request[form_key]
    try:
        await asyncio.to_thread(request.app[feedback_key].suggest, specialist.partner_id, response.main.where,
                                specialist.display_name, str(form.get("comment", "")), str(form.get("wording", "")))
    except ValueError as problem:
        return see_other(str(URL(f"/inbox/review/{response.key}").with_query(
            {"error": str(problem).capitalize() + "."})))
    return see_other(f"/inbox/review/{response.key}?added")


@panel
async def download_suggestions(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    text = await asyncio.to_thread(request.app[feedback_key].export_suggestions, specialist.partner_id)
    return web.Response(text=text, content_type="text/yaml", charset="utf-8", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="suggestions-{specialist.partner_id}.yml"'})


@panel
async def upload_decisions(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    if specialist.role != DECIDES_SUGGESTIONS:
        return page("Not allowed", "<h1>Only a maintainer can upload the decisions</h1><p>Nothing was changed. "
                     "Send the suggestions file to a maintainer instead.</p>"
                     '<p><a href="/inbox/review">Go back to the content review</a></p>',
                     specialist=specialist, csrf=csrf, status=403)
    upload = request[form_key].get("file")
    content = upload.file.read(1_000_000) if isinstance(upload, web.FileField) else b""
    try:
        decided = await asyncio.to_thread(request.app[feedback_key].import_decisions, specialist.partner_id,
                                          content.decode("utf-8", errors="replace"))
    except ValueError as problem:
        return see_other(str(URL("/inbox/review").with_query({"import-error": str(problem)})))
    return see_other(str(URL("/inbox/review").with_query({"imported": str(decided)})))


def add_review(app: web.Application) -> None:
    """The review pages. app[feedback_key] must hold the feedback store by the time the app starts."""
    app.router.add_get("/inbox/review", review_list)
    app.router.add_get("/inbox/review/suggestions.yml", download_suggestions)
    app.router.add_post("/inbox/review/suggestions", upload_decisions)
    app.router.add_get("/inbox/review/{key}", review_item)
    app.router.add_post("/inbox/review/{key}/rate", rate)
    app.router.add_post("/inbox/review/{key}/suggest", suggest)
