"""Issue 23's journey in a real browser, in Kazakh and then Russian: compose a four-step deck
from the map (two divisions, a filter, a selection), restart the server, open the deck by its
edit link (its key), present it while a second browser follows as the projector by a link
without the key, step with the keys; the projector shows each step (within a second is the
benchmark's to measure) and never the notes, and the key is in no page but its author's, nor
in the server's log."""

from __future__ import annotations

import time

import pytest

from components.decks.store import open_store
from components.i18n import tr
from tests.browser_harness import (
    app_server,
    axe_violations,
    click_latlng,
    clickable_point,
    open_page,
    query_of,
    serious,
    settle,
    wait_for_map_ready,
)

# The aim is a second per step; the benchmark measures it (tests/bench/follow_room.py:
# median 341 ms, p95 2.0 s over 50 steps with the machine's load average at 12 on 2 cores).
# Here each step must show within WITHIN_S, which a projector that does not follow (or follows
# by a slow poll) fails, and a loaded test machine passes: this run's delays are printed.
WITHIN_S = 3.0


def sidebar_button(page, key: str):
    return page.locator(f'[data-testid="stSidebar"] .st-key-{key} button')


def add_this_view(page) -> None:
    sidebar_button(page, "deck_add_step").click()
    settle(page)


def step_on_url(page, step: int) -> str:
    return f"() => new URLSearchParams(location.search).get('step') === '{step}'"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_compose_restart_present_and_follow(browser, atlas, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KZ_DATABASE_URL", raising=False)
    notes = f"NOTE-{lang} <b>not bold</b>\n- Атырау\n- Каспий"
    with app_server(tmp_path) as server:
        page, watch = open_page(browser, 1920, 1080)
        page.goto(f"{server.url}/?lang={lang}")
        wait_for_map_ready(page)
        # 1: the whole country, today's division. "New briefing" starts from the map's view.
        page.locator('[data-testid="stSidebar"] summary').filter(
            has_text={"kk": "Брифингтер", "ru": "Брифинги"}[lang]).click()
        sidebar_button(page, "deck_new").click()
        page.wait_for_function("() => location.search.includes('deck=')", timeout=30_000)
        settle(page)
        deck_id, edit_key = query_of(page)["deck"], query_of(page)["key"]
        # 2: the division of 2018.
        page.get_by_test_id("stSidebarUserContent").get_by_text(
            atlas.in_division("2018").division.name.get(lang), exact=True).click()
        page.wait_for_function("() => location.search.includes('division=2018')")
        settle(page)
        add_this_view(page)
        # 3: a filter, the deck opened again by its link (a new session: it is in the store).
        page.goto(f"{server.url}/?lang={lang}&deck={deck_id}&key={edit_key}&commands=astana,batys")
        wait_for_map_ready(page)
        add_this_view(page)
        # 4: a selection, by a click on the map.
        click_latlng(page, *clickable_point(atlas, "atyrau"))
        page.wait_for_function("() => location.search.includes('oblast=atyrau')")
        settle(page)
        add_this_view(page)
        # Talking points for step 4, typed into its field.
        page.locator('[data-testid="stSidebar"] summary').filter(has_text="4. ").click()
        box = page.locator(f".st-key-deck_step_notes_{deck_id}_3_{lang} textarea")
        box.fill(notes)
        box.press("Control+Enter")
        settle(page)
        # The author's share and projector links carry no key; the edit link does.
        hrefs = {name: page.locator(f'[data-testid="stSidebar"] a:has-text("{text}")')
                 .first.get_attribute("href") for name, text in (
                     ("share", tr(lang, "deck_share")), ("projector", tr(lang, "deck_projector")),
                     ("edit", tr(lang, "deck_edit_link")))}
        assert edit_key not in hrefs["share"] and edit_key not in hrefs["projector"], hrefs
        assert f"key={edit_key}" in hrefs["edit"], hrefs
        # The author's composer, its step open and its links shown: no serious axe finding
        # (test_browser_axe.py sees the built-in tour's read-only composer).
        assert serious(axe_violations(page)) == []
        assert watch.blocked == []
        assert edit_key not in server.log()
    stored = open_store(None).load(deck_id)
    assert [(s.view.division, s.view.visible, s.view.oblast) for s in stored.steps] == [
        ("2022", None, None), ("2018", None, None), ("2022", ("astana", "batys"), None),
        ("2022", ("astana", "batys"), "atyrau")]
    assert stored.steps[3].notes == notes

    with app_server(tmp_path) as server:  # restarted: the deck is in the store
        speaker, speaker_watch = open_page(browser, 1366, 768)
        speaker.goto(f"{server.url}/?deck={deck_id}&mode=presenter&lang={lang}&key={edit_key}")
        wait_for_map_ready(speaker)
        room, room_watch = open_page(browser, 1920, 1080)
        room.goto(f"{server.url}/?deck={deck_id}&mode=briefing&follow=1&lang={lang}")
        wait_for_map_ready(room)
        room.wait_for_function(step_on_url(room, 1))
        delays = []
        expected = {2: {"division": "2018"}, 3: {"commands": "astana,batys"},
                    4: {"commands": "astana,batys", "oblast": "atyrau"}}
        for step in (2, 3, 4):
            speaker.locator('[data-testid="stMain"]').press("PageDown")
            speaker.wait_for_function(step_on_url(speaker, step), timeout=10_000)
            room.wait_for_function(step_on_url(room, step), polling=20, timeout=10_000)
            shown = time.time()
            delays.append(shown - open_store(None).position(deck_id).updated_at)
            settle(room, 200)
            query = query_of(room)
            for key, value in expected[step].items():
                assert query.get(key) == value, (step, query)
            assert "NOTE-" not in room.locator("body").inner_text()
            assert room.locator(".st-key-presenter_notes").count() == 0
        assert "NOTE-" in speaker.locator(".st-key-presenter_notes").inner_text()
        assert "<b>" in speaker.locator(".st-key-presenter_notes").inner_text()  # escaped
        assert speaker.locator(".st-key-presenter_notes b").count() == 0
        print("projector delays (s):", [round(d, 3) for d in delays])
        assert max(delays) <= WITHIN_S, delays
        assert speaker_watch.blocked == [] and room_watch.blocked == []
        assert speaker_watch.dialogs == [] and room_watch.dialogs == []
        assert edit_key not in room.content() and edit_key not in room.url  # the projector's page
        assert edit_key not in server.log()
