"""The content review for a co-design panel, through a real aiohttp server: panel accounts reach only the
review; ratings, comments and the Easy Read check show per response; suggestions go out as a file and their
decisions come back, from a maintainer alone."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from aiohttp import CookieJar, FormData, web
from aiohttp.test_utils import TestClient, TestServer

from accessibility.easy_read import gather
from bot.config import ROOT
from bot.feedback.store import FeedbackStore
from bot.web.inbox import add_inbox
from bot.web.insight import add_insight, conversations_key
from bot.web.rate_limit import GatewayLimits, limits_key
from bot.feedback.responses import by_key, responses
from bot.web.review import PER_PAGE, add_review, content_key, feedback_key

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
GREETING_ID = "domain/core.yml: utter_greet[1] [easy]"
GREETING = next(t.text for t in gather(ROOT) if t.where == GREETING_ID)


@pytest.fixture
def feedback(engine, cipher):
    return FeedbackStore(engine, cipher)


@pytest.fixture
async def client(tickets, accounts, feedback, tracker, isolated_settings, free_port):
    app = web.Application()
    app[limits_key] = GatewayLimits.from_environment()
    app[feedback_key] = feedback
    app[conversations_key] = tracker
    add_inbox(app, tickets=tickets, accounts=accounts)
    add_review(app)
    add_insight(app)
    port = free_port()
    jar = CookieJar(unsafe=True, treat_as_secure_origin=f"http://127.0.0.1:{port}")
    async with TestClient(TestServer(app, host="127.0.0.1", port=port), cookie_jar=jar) as test_client:
        yield test_client


async def sign_in(client, accounts, handoff_data, role: str, username: str) -> str:
    client.session.cookie_jar.clear()  # whoever was signed in before
    accounts.add_specialist("demo", username, handoff_data["password"], username.capitalize(), role=role)
    form = await client.get("/inbox/sign-in")
    csrf = CSRF.search(await form.text()).group(1)
    signed = await client.post("/inbox/sign-in", allow_redirects=False,
                               data={"csrf": csrf, "username": username, "password": handoff_data["password"]})
    assert signed.status == 303
    return CSRF.search(await (await client.get("/inbox/review")).text()).group(1)


async def test_a_panel_member_reaches_the_review_and_never_a_chat(client, tickets, accounts, open_chat,
                                                                 handoff_data):
    ticket = open_chat()
    await sign_in(client, accounts, handoff_data, "panel", "ali")
    for path in ("/inbox", f"/inbox/tickets/{ticket.id}"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/inbox/review", path
    claim = await client.post(f"/inbox/tickets/{ticket.id}/claim", allow_redirects=False, data={"csrf": "x"})
    assert claim.status == 303 and tickets.detail(ticket.id).ticket.status == "waiting"
    page = await (await client.get("/inbox/review")).text()
    assert "Content review" in page and 'href="/inbox">Queue' not in page
    assert handoff_data["first_words"] not in page
    assert not accounts.anyone_on_duty("demo"), "a panel member signed in is not someone to answer chats"


async def test_each_response_shows_its_check_ratings_and_comments(client, accounts, feedback, handoff_data):
    key = feedback.rate("demo", GREETING, "not_easy")
    feedback.add_comment(key, "Too many sentences for me")
    feedback.rate("demo", GREETING, "easy")
    feedback.rate("another-partner", GREETING, "easy")
    feedback.count_shown("demo", [GREETING, GREETING])
    await sign_in(client, accounts, handoff_data, "specialist", "sam")
    listing = await (await client.get("/inbox/review")).text()
    greeting = by_key()[content_key(GREETING_ID)]
    assert f'href="/inbox/review/{greeting.key}#words">Hello. I am a computer, not a person.</a>' in listing
    assert "Easy: 1. Hard: 1." in listing and "Page 1 of " in listing
    assert listing.count("<li><a href=\"/inbox/review/") == PER_PAGE, "a short page at a time"
    page = await (await client.get(f"/inbox/review/{content_key(GREETING_ID)}")).text()
    assert "Shown in chats: 2 times. Easy: 1. Hard: 1." in page and "Too many sentences for me" in page
    assert "It passes the Easy Read check." in page
    assert GREETING.split(".")[0] in page and "<h3>Easy Read</h3>" in page and "<h3>More detail</h3>" in page
    assert (await client.get("/inbox/review/not-a-key")).status == 404


async def test_a_suggestion_goes_out_as_a_file_is_applied_and_its_decision_comes_back(
        client, accounts, feedback, handoff_data, tmp_path):
    csrf = await sign_in(client, accounts, handoff_data, "panel", "ali")
    new_words = "Hello. I am a computer. I can help you find out about work. <b>You</b> choose."
    saved = await client.post(f"/inbox/review/{content_key(GREETING_ID)}/suggest", allow_redirects=False,
                              data={"csrf": csrf, "comment": "Shorter, please", "wording": new_words})
    assert saved.status == 303 and saved.headers["Location"].endswith("?added")
    page = await (await client.get(f"/inbox/review/{content_key(GREETING_ID)}")).text()
    assert "&lt;b&gt;You&lt;/b&gt;" in page and "<b>You</b>" not in page, "shown as text"
    empty = await client.post(f"/inbox/review/{content_key(GREETING_ID)}/suggest", allow_redirects=False,
                              data={"csrf": csrf, "comment": " ", "wording": ""})
    assert "error=Write+a+comment+or+new+wording" in empty.headers["Location"]

    exported = await client.get("/inbox/review/suggestions.yml")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="suggestions-demo.yml"'
    sent = yaml.safe_load(await exported.text())
    [item] = sent["suggestions"]
    assert (item["where"], item["now"], item["new_wording"], item["decision"]) == (
        GREETING_ID, GREETING, new_words, "open")

    # The maintainer applies the new words to a copy of the domain, and the checker sees them there.
    (tmp_path / "domain").mkdir()
    domain = yaml.safe_load((ROOT / "domain" / "core.yml").read_text())
    domain["responses"]["utter_greet"][1]["text"] = item["new_wording"]
    (tmp_path / "domain" / "core.yml").write_text(yaml.safe_dump(domain))
    assert any(t.where == GREETING_ID and t.text == new_words for t in gather(tmp_path))

    item["decision"] = "accepted"
    csrf = await sign_in(client, accounts, handoff_data, "maintainer", "kit")
    upload = FormData()
    upload.add_field("csrf", csrf)
    upload.add_field("file", yaml.safe_dump(sent), filename="suggestions-demo.yml", content_type="text/yaml")
    back = await client.post("/inbox/review/suggestions", data=upload, allow_redirects=False)
    assert back.headers["Location"] == "/inbox/review?imported=1"
    assert [row.status for row in feedback.suggestions("demo")] == ["accepted"]
    assert "suggestions: []" in await (await client.get("/inbox/review/suggestions.yml")).text()

    wrong = FormData()
    wrong.add_field("csrf", csrf)
    wrong.add_field("file", "partner: another\nsuggestions: []\n", filename="x.yml")
    refused = await client.post("/inbox/review/suggestions", data=wrong, allow_redirects=False)
    assert "import-error=the+file+is+not+a+suggestions+file+for+demo" in refused.headers["Location"]


def decisions_file(csrf: str, text: str) -> FormData:
    upload = FormData()
    upload.add_field("csrf", csrf)
    upload.add_field("file", text, filename="suggestions-demo.yml", content_type="text/yaml")
    return upload


async def test_only_a_maintainer_may_upload_the_decisions(client, accounts, feedback, handoff_data):
    feedback.suggest("demo", GREETING_ID, "Ali", "Shorter, please", "")
    sent = yaml.safe_load(feedback.export_suggestions("demo"))
    sent["suggestions"][0]["decision"] = "declined"
    decided = yaml.safe_dump(sent)

    for role, username in (("panel", "ali"), ("specialist", "sam")):
        csrf = await sign_in(client, accounts, handoff_data, role, username)
        listing = await (await client.get("/inbox/review")).text()
        assert "Download the open suggestions" in listing
        assert 'action="/inbox/review/suggestions"' not in listing and "Upload the decisions" not in listing, role
        refused = await client.post("/inbox/review/suggestions", data=decisions_file(csrf, decided),
                                    allow_redirects=False)
        assert refused.status == 403, role
        assert "Only a maintainer can upload the decisions" in await refused.text()
        assert [row.status for row in feedback.suggestions("demo")] == ["open"], f"a {role} changed nothing"

    csrf = await sign_in(client, accounts, handoff_data, "maintainer", "kit")
    chats = await client.get("/inbox", allow_redirects=False)
    assert chats.status == 303 and chats.headers["Location"] == "/inbox/review", "a maintainer never sees a chat"
    assert 'action="/inbox/review/suggestions"' in await (await client.get("/inbox/review")).text()
    back = await client.post("/inbox/review/suggestions", data=decisions_file(csrf, decided), allow_redirects=False)
    assert back.headers["Location"] == "/inbox/review?imported=1"
    assert [row.status for row in feedback.suggestions("demo")] == ["declined"]


async def test_the_insight_page_and_its_figures_hide_small_counts(client, accounts, feedback, tracker, handoff_data):
    for n in range(5):
        tracker.add(f"chat-{n}", {"event": "user", "timestamp": dt.datetime.now(dt.timezone.utc).timestamp(),
                                  "metadata": {"partner": "demo"}, "parse_data": {"intent": {"name": "greet"}}})
    feedback.rate("demo", GREETING, "not_easy")
    await sign_in(client, accounts, handoff_data, "panel", "ali")
    page = await (await client.get("/inbox/insight")).text()
    assert "<h1>Insight</h1>" in page and "Where people stopped when the assistant asked questions" in page
    assert '<th scope="row">Saying hello</th><td>5</td>' in page and ">greet<" not in page
    assert '<th scope="row">Rated &quot;not easy&quot;</th><td>at least 1</td>' in page, "a hidden day's total"
    figures = await client.get("/inbox/insight.csv")
    assert figures.headers["Content-Disposition"] == 'attachment; filename="insight-demo.csv"'
    table = await figures.text()
    assert "topic,greet,5" in table and ",fewer than 5" in table


INTERNAL = re.compile(r"utter_|\[\d+\]|\.yml|_form|\[easy\]|\[more\]")


def readable(html: str) -> str:
    """What a person reads on a page: its text and link titles, not its addresses or hidden values."""
    main = html.split('<main id="main" tabindex="-1">', 1)[1]
    main = re.sub(r'<input type="hidden"[^>]*>', "", main)
    return re.sub(r"<[^>]+>", " ", main) + " ".join(re.findall(r"<title>(.*?)</title>", html))


async def test_a_panel_member_reads_no_internal_keys(client, accounts, handoff_data):
    await sign_in(client, accounts, handoff_data, "panel", "ali")
    listing = await (await client.get("/inbox/review")).text()
    pages = int(re.search(r"Page 1 of (\d+)\.", listing).group(1))
    assert pages == -(-len(responses()) // PER_PAGE)
    for number in (1, 2, pages):
        shown = await (await client.get(f"/inbox/review?page={number}")).text()
        assert not INTERNAL.search(readable(shown)), (number, INTERNAL.search(readable(shown)))
        assert ("Previous page" in shown) == (number > 1) and ("Next page" in shown) == (number < pages)
    for response in responses()[:40]:
        shown = await (await client.get(f"/inbox/review/{response.key}")).text()
        assert not INTERNAL.search(readable(shown)), (response.name, INTERNAL.search(readable(shown)))


async def test_search_and_filters_find_responses_by_their_words(client, accounts, feedback, handoff_data):
    feedback.rate("demo", GREETING, "not_easy")
    feedback.suggest("demo", GREETING_ID, "Ali", "Shorter, please", "")
    await sign_in(client, accounts, handoff_data, "panel", "ali")
    found = await (await client.get("/inbox/review", params={"q": "Volunteering is work"})).text()
    assert "1 response with the words" in found and "Volunteering is work you do without pay." in found
    nothing = await (await client.get("/inbox/review", params={"q": "zebra crossing"})).text()
    assert "No responses found. Try other words." in nothing
    greeting = "Hello. I am a computer, not a person."
    hard = await (await client.get("/inbox/review", params={"show": "hard"})).text()
    assert "1 response. Showing: rated hard to understand" in hard and greeting in hard
    waiting = await (await client.get("/inbox/review", params={"show": "open"})).text()
    assert "1 response. Showing: open suggestions" in waiting and greeting in waiting
    not_rated = await (await client.get("/inbox/review", params={"show": "not-rated"})).text()
    assert f"{len(responses()) - 1} responses" in not_rated and greeting not in not_rated


async def test_a_panel_member_rates_a_response(client, accounts, feedback, handoff_data):
    csrf = await sign_in(client, accounts, handoff_data, "panel", "ali")
    key = by_key()[content_key(GREETING_ID)].key
    rated = await client.post(f"/inbox/review/{key}/rate", allow_redirects=False,
                              data={"csrf": csrf, "rating": "not_easy"})
    assert rated.status == 303 and rated.headers["Location"] == f"/inbox/review/{key}?rated=not_easy#suggest"
    assert sum(r.not_easy for r in feedback.ratings("demo").values()) == 1
    page = await (await client.get(f"/inbox/review/{key}?rated=not_easy")).text()
    assert "Thank you. You said it is hard to understand." in page


async def test_an_empty_suggestion_shows_an_error_tied_to_the_field(client, accounts, handoff_data):
    csrf = await sign_in(client, accounts, handoff_data, "panel", "ali")
    key = by_key()[content_key(GREETING_ID)].key
    empty = await client.post(f"/inbox/review/{key}/suggest", data={"csrf": csrf, "comment": "", "wording": ""})
    page = await empty.text()
    assert "<title>Error: " in page
    assert 'id="error-summary" tabindex="-1" autofocus' in page and '<a href="#comment">' in page
    assert re.search(r'<p class="error-message" id="comment-error">.*Write a comment or new wording', page)
    assert re.search(r'<textarea id="comment"[^>]* aria-invalid="true" aria-describedby="comment-hint comment-error"',
                     page)
