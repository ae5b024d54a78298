"""The content review for a partner's co-design panel, inside the inbox (docs/co-design.md).

    GET  /inbox/review                      every response the assistant can say, with its checks and ratings
    GET  /inbox/review/{key}                one response: its words, Easy Read check, ratings, comments, suggestions
    POST /inbox/review/{key}/suggest        a panel member's comment or new wording
    GET  /inbox/review/suggestions.yml      the open suggestions, as a file for a maintainer
    POST /inbox/review/suggestions          the file back after review: the maintainer's decisions

Every account reaches it; a panel member or a maintainer reaches nothing else (pages.signed_in_as). Only a
maintainer may upload the decisions: they decide what the assistant says, so a panel member (or a specialist)
posting the file is refused (403) and nothing changes, and the upload form is shown to a maintainer alone.
Plain HTML with no script, in the inbox's page layout (pages.py).
"""
from __future__ import annotations

import asyncio
import hashlib
from functools import lru_cache

from aiohttp import web
from yarl import URL

from accessibility.easy_read import Text, check_text, known_acronyms_from_glossary
from bot.config import ROOT
from bot.feedback.content import catalogue
from bot.feedback.store import MAX_SUGGESTION_CHARS, FeedbackStore, Ratings
from bot.accounts.models import DECIDES_SUGGESTIONS, ROLES
from bot.accounts.store import Specialist
from bot.web.pages import NO_STORE, csrf_field, e, form_key, page, see_other, signed_in_as

feedback_key = web.AppKey("feedback_store", FeedbackStore)  # opened by the gateway with the app database
panel = signed_in_as(*ROLES)


def content_key(content_id: str) -> str:
    """A short, stable address for one response."""
    return hashlib.sha256(content_id.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Text]:
    return {content_key(text.where): text for text in catalogue()}


@lru_cache(maxsize=1)
def _known_acronyms() -> frozenset[str]:
    return frozenset(known_acronyms_from_glossary(ROOT / "data" / "knowledge" / "glossary.yml"))


@lru_cache(maxsize=None)
def _problems(text: Text) -> tuple[str, ...]:
    return tuple(str(b.detail) + (f': "{b.sentence}"' if b.sentence else "")
                 for b in check_text(text.text, level=text.level, where=text.where, known_acronyms=_known_acronyms()))


def _name(text: Text) -> str:
    """ "domain/core.yml: utter_greet[1] [easy]" -> "utter_greet[1]" """
    return text.where.split(": ", 1)[-1].rsplit(" [", 1)[0]


def _level(text: Text) -> str:
    return "Easy Read" if text.level == "easy" else "More detail"


def _check(text: Text) -> str:
    problems = _problems(text)
    return "Passes" if not problems else f"{len(problems)} to fix"


def _ratings(counted: Ratings | None) -> str:
    counted = counted or Ratings()
    return f"Easy: {counted.easy}. Not easy: {counted.not_easy}."


@panel
async def review_list(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    store = request.app[feedback_key]
    ratings, suggestions, shown = await asyncio.gather(asyncio.to_thread(store.ratings, specialist.partner_id),
                                                       asyncio.to_thread(store.suggestions, specialist.partner_id),
                                                       asyncio.to_thread(store.times_shown, specialist.partner_id))
    waiting = {row.content_id for row in suggestions if row.status == "open"}
    rows = "".join(
        f'<tr><th scope="row"><a href="/inbox/review/{content_key(t.where)}">{e(_name(t))}</a>'
        f'<span class="where">{e(t.where.split(":")[0])}</span></th><td>{_level(t)}</td><td>{_check(t)}</td>'
        f"<td>{shown.get(t.where, 0)}</td><td>{_ratings(ratings.get(t.where))}</td>"
        f"<td>{'Yes' if t.where in waiting else 'No'}</td></tr>"
        for t in catalogue())
    notice = ""
    if "imported" in request.query:
        notice = f'<p class="notice" role="status">Decisions read from the file: {e(request.query["imported"])}.</p>'
    elif "import-error" in request.query:
        notice = f'<p class="notice" role="alert">The file was not read: {e(request.query["import-error"])}.</p>'
    if specialist.role == DECIDES_SUGGESTIONS:
        decisions = (". Decide on each one, then upload the same file here.</p>"
                     '<form method="post" action="/inbox/review/suggestions" enctype="multipart/form-data" '
                     f'class="stack">{csrf_field(csrf)}<div class="field"><label for="file">Suggestions file with '
                     'decisions</label><input type="file" id="file" name="file" accept=".yml,.yaml,text/yaml">'
                     '</div><button type="submit">Upload the decisions</button></form>')
    else:
        decisions = " for a maintainer, who decides on each one and uploads the file here.</p>"
    main = (f"<h1>Content review</h1>{notice}"
            "<p>Everything the assistant can say, in Easy Read and in more detail. Choose a response to read it, "
            "see its Easy Read check and what people said about it, and suggest new words.</p>"
            '<h2>Suggestions</h2><p><a href="/inbox/review/suggestions.yml">Download the open suggestions</a>'
            f"{decisions}"
            "<h2>Responses</h2>"
            '<div class="table-wrap" tabindex="0" role="region" aria-label="Responses"><table>'
            "<caption>Every response, its Easy Read check, how often it was shown and how people rated it</caption>"
            '<thead><tr><th scope="col">Response</th><th scope="col">Level</th><th scope="col">Easy Read check</th>'
            '<th scope="col">Times shown</th><th scope="col">Ratings</th><th scope="col">Open suggestion</th></tr>'
            "</thead>"
            f"<tbody>{rows}</tbody></table></div>")
    return page("Content review", main, specialist=specialist, csrf=csrf)


@panel
async def review_item(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    text = _by_key().get(request.match_info["key"])
    if text is None:
        return page("Not found", '<h1>Response not found</h1><p><a href="/inbox/review">Back to the content '
                     "review</a></p>", specialist=specialist, csrf=csrf, status=404)
    store = request.app[feedback_key]
    counted = (await asyncio.to_thread(store.ratings, specialist.partner_id)).get(text.where)
    times = (await asyncio.to_thread(store.times_shown, specialist.partner_id)).get(text.where, 0)
    suggestions = await asyncio.to_thread(store.suggestions, specialist.partner_id, text.where)
    problems = _problems(text)
    checks = ("<p>It passes the Easy Read check.</p>" if not problems else
              "<ul>" + "".join(f"<li>{e(p)}</li>" for p in problems) + "</ul>")
    comments = "".join(f"<li>{e(c)}</li>" for c in (counted.comments if counted else []))
    said = "".join(
        f"<li><p>{e(row.author)} ({e(row.status)})</p>"
        + (f"<p>Comment: {e(row.comment)}</p>" if row.comment else "")
        + (f"<p>New wording: {e(row.wording)}</p>" if row.wording else "") + "</li>"
        for row in suggestions)
    error = request.query.get("error", "")
    error_html = (f'<div class="error-summary" id="error-summary" tabindex="-1" role="alert"><h2>There is a problem'
                  f'</h2><p>{e(error)}</p></div>') if error else ""
    added = ('<p class="notice" role="status">Thank you. Your suggestion is saved.</p>'
             if "added" in request.query else "")
    main = (f"{error_html}{added}<h1>{e(_name(text))}</h1>"
            f"<p>{_level(text)}, in {e(text.where.split(':')[0])}</p>"
            f'<blockquote class="words">{e(text.text)}</blockquote>'
            f"<h2>Easy Read check</h2>{checks}"
            f"<h2>What people said</h2><p>Shown in chats: {times} times. {_ratings(counted)}</p>"
            + (f"<ul>{comments}</ul>" if comments else "<p>No comments yet.</p>")
            + "<h2>Suggestions from the panel</h2>" + (f"<ul>{said}</ul>" if said else "<p>None yet.</p>")
            + f'<h2>Suggest a change</h2><form method="post" action="/inbox/review/{content_key(text.where)}/suggest"'
            f' class="stack">{csrf_field(csrf)}'
            '<div class="field"><label for="comment">Your comment</label>'
            '<p class="hint" id="comment-hint">What is hard to understand, or what is missing.</p>'
            f'<textarea id="comment" name="comment" rows="3" maxlength="{MAX_SUGGESTION_CHARS}"'
            ' aria-describedby="comment-hint"></textarea></div>'
            '<div class="field"><label for="wording">New wording</label>'
            '<p class="hint" id="wording-hint">You do not have to. Write the words you would like it to say.</p>'
            f'<textarea id="wording" name="wording" rows="4" maxlength="{MAX_SUGGESTION_CHARS}"'
            ' aria-describedby="wording-hint"></textarea></div>'
            '<button type="submit">Save my suggestion</button></form>'
            '<p><a href="/inbox/review">Back to the content review</a></p>')
    return page(_name(text), main, specialist=specialist, csrf=csrf, has_error=bool(error))


@panel
async def suggest(request: web.Request, specialist: Specialist, csrf: str) -> web.Response:
    key = request.match_info["key"]
    text = _by_key().get(key)
    if text is None:
        return see_other("/inbox/review")
    form = request[form_key]
    try:
        await asyncio.to_thread(request.app[feedback_key].suggest, specialist.partner_id, text.where,
                                specialist.display_name, str(form.get("comment", "")), str(form.get("wording", "")))
    except ValueError as problem:
        return see_other(str(URL(f"/inbox/review/{key}").with_query({"error": str(problem).capitalize() + "."})))
    return see_other(f"/inbox/review/{key}?added")


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
                     '<p><a href="/inbox/review">Back to the content review</a></p>',
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
    app.router.add_post("/inbox/review/{key}/suggest", suggest)
