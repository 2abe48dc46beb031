"""The search box and the map's text alternative (issue #10): every territory, city, later unit,
HQ and command is found by typing in Kazakh, Russian or Latin letters, and choosing it selects
what a click on the map would; the description says what the map shows in the viewer's
language."""

from __future__ import annotations

import pytest
from anyascii import anyascii

from components import content
from components import view as views
from components.i18n import LANGUAGES, in_sentence, tr
from components.panels import MAP_DESCRIPTION_KEY
from components.url_state import Notice
from geo.atlas import load_atlas
from geo.names import find_place, place_index, search_places
from tests.app_driver import page_text, run_app, url
from tests.conftest import DATA_DIR
from tests.hostile_data import make_hostile_data

ATLAS = load_atlas(DATA_DIR)
INDEX = place_index(ATLAS)
ATLAS_2018 = ATLAS.in_division("2018")  # the division the source describes: later units in it
INDEX_2018 = place_index(ATLAS_2018)
START_2018 = views.from_url({"division": "2018"}, ATLAS)
TERRITORIES = list(ATLAS.territories.index)
COMMANDS = [c.id for c in ATLAS.commands]
START = views.from_url({}, ATLAS)


def first(text: str):
    matches = search_places(INDEX, text)
    assert matches, text
    return matches[0]


def name(code: str, lang: str) -> str:
    return ATLAS.territories.loc[code, f"name_{lang}"]


def plain(text: str) -> str:
    """A label as the viewer reads it: markdown escapes removed."""
    return text.replace("\\", "")


# --- what the search finds ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", TERRITORIES)
def test_each_territory_is_found_first_by_its_name_in_each_language(code, lang):
    match = first(name(code, lang))
    assert (match.kind, match.territory) == ("territory", code)


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("code", TERRITORIES)
def test_each_territory_is_found_by_its_cyrillic_name_typed_in_latin_letters(code, lang):
    typed = anyascii(name(code, lang))  # "Atyrau oblysy", "Atyrauskaya oblast'"
    match = first(typed)
    assert (match.kind, match.territory) == ("territory", code), typed


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", TERRITORIES)
def test_each_territory_is_found_by_the_first_letters_of_its_name(code, lang):
    typed = name(code, lang)[:4]
    assert code in [m.territory for m in search_places(INDEX, typed) if m.kind == "territory"], \
        typed


@pytest.mark.parametrize("text", ["Атырау", "Atyrau", "атыр", "ATYR", "Атырауская", "Atirau"])
def test_atyrau_in_every_script_and_by_prefix(text):
    match = first(text)
    assert (match.kind, match.territory, match.command) == ("territory", "atyrau", "batys")


def test_a_city_and_the_oblast_of_the_same_name_are_told_apart_by_what_is_typed():
    assert first("Алматы қаласы").territory == "almaty-city"
    assert first("город Алматы").territory == "almaty-city"
    assert first("Almaty City").territory == "almaty-city"
    assert first("Алматы қ").territory == "almaty-city"  # half-typed
    assert first("Алматы облысы").territory == "almaty"
    assert first("Алматинская").territory == "almaty"
    # The bare name is the city's, as data/places.yaml names it; the oblast is listed next.
    for typed in ("Алматы", "Almaty"):
        assert [m.territory for m in search_places(INDEX, typed)][:2] == ["almaty-city", "almaty"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_is_found_by_its_name_in_each_language(command, lang):
    short = ATLAS.command(command).name.get(lang)  # «Батыс», with its guillemets
    for typed in (short, short.strip("«»"), anyascii(short.strip("«»"))):
        matches = search_places(INDEX, typed)
        assert any(m.kind == "command" and m.command == command for m in matches), typed
        # What Enter selects belongs to that command: the command itself, or the city of the
        # same name in it (Astana).
        assert matches[0].command == command, typed


@pytest.mark.parametrize("text", ["Батыс", "West", "Запад", "Shygys", "Юг"])
def test_a_command_name_that_begins_an_oblast_name_finds_the_command_first(text):
    assert first(text).kind == "command"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", COMMANDS)
def test_each_hq_city_is_found_and_leads_to_its_command(command, lang):
    city = ATLAS.command(command).hq.name.get(lang)
    for typed in (city, anyascii(city)):
        matches = search_places(INDEX, typed)
        assert any(m.kind == "hq" and m.command == command for m in matches), typed
        assert matches[0].command == command, typed


@pytest.mark.parametrize("unit", [u.code for u in ATLAS_2018.successors])
def test_each_later_unit_is_found_by_each_of_its_names(unit):
    record = next(u for u in ATLAS_2018.successors if u.code == unit)
    for typed in record.spellings():
        found = [m for m in search_places(INDEX_2018, typed) if m.kind == "successor"]
        assert any(m.place.code == unit and m.territory == record.territory for m in found), \
            typed
        # Today's division draws it: the same spelling finds the region itself.
        if typed not in (record.centre.get(lang) for lang in LANGUAGES):
            assert any(m.kind == "territory" and m.territory == unit
                       for m in search_places(INDEX, typed)), typed


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("city", [p.code for p in ATLAS.places])
def test_each_city_of_places_yaml_is_found_and_selects_its_territory(city, lang):
    place = next(p for p in ATLAS.places if p.code == city)
    match = first(place.name.get(lang))
    assert match.territory == place.territory


def test_every_selection_the_map_offers_has_a_place_to_search():
    """Each territory (a click on it) and each HQ (a click on its star) is in the index."""
    assert {p.code for p in INDEX if p.kind == "territory"} == set(TERRITORIES)
    assert {p.command for p in INDEX if p.kind == "hq"} == set(COMMANDS)


# --- what choosing a result does ---------------------------------------------------------------

@pytest.mark.parametrize("text", ["Атырау", "Atyrau", "атыр"])
def test_enter_selects_the_territory_as_a_click_and_fits_its_command(text):
    view = views.search(START, ATLAS, text)
    clicked = views.click_territory(START, ATLAS, "atyrau")
    assert (view.oblast, view.command) == (clicked.oblast, clicked.command) == ("atyrau", "batys")
    assert view.focus.command == "batys" and view.focus.oblast == "atyrau"
    assert view.focus.token > START.focus.token  # the map moves to it
    assert view.search == text


def test_enter_on_a_command_or_an_hq_selects_the_command():
    for text in ("Батыс", "Запад", "West"):
        view = views.search(START, ATLAS, text)
        assert (view.command, view.oblast, view.focus.command) == ("batys", None, "batys")
    view = views.choose_place(START, ATLAS, "hq", "shygys")
    assert (view.command, view.oblast) == ("shygys", None)


@pytest.mark.parametrize(("text", "unit", "territory"), [
    ("Абай облысы", "abai", "east-kazakhstan"),
    ("Zhetisu", "zhetisu", "almaty"), ("Ұлытау", "ulytau", "karaganda")])
def test_a_later_unit_selects_the_territory_that_holds_it_with_the_links_notice(text, unit,
                                                                                territory):
    view = views.search(START_2018, ATLAS_2018, text)
    assert view.oblast == territory
    assert view.notices == (Notice("notice_later_unit", {"unit": unit}),)
    # The same notice a link with ?oblast=<unit>&division=2018 gives.
    assert views.from_url({"oblast": unit, "division": "2018"}, ATLAS).notices == view.notices
    # A later choice takes that notice away.
    assert views.search(view, ATLAS_2018, "Atyrau").notices == ()
    # Today's division draws the region itself: no notice.
    today = views.search(START, ATLAS, text)
    assert (today.oblast, today.notices) == (unit, ())


def test_nothing_found_keeps_the_selection_and_remembers_the_text():
    before = views.click_territory(START, ATLAS, "pavlodar")
    view = views.search(before, ATLAS, "атлантида")
    assert (view.oblast, view.command, view.focus) == (before.oblast, before.command, before.focus)
    assert view.search == "атлантида"


def test_a_command_hidden_by_the_filter_is_shown_again_when_searched():
    filtered = views.set_visible(START, ATLAS, ["astana"])
    view = views.search(filtered, ATLAS, "Atyrau")
    assert view.visible == ("astana", "batys")


@pytest.mark.parametrize("value", [None, 7, ["Atyrau"], b"Atyrau"])
def test_the_search_ignores_what_is_not_text(value):
    assert views.search(START, ATLAS, value) == START


@pytest.mark.parametrize(("kind", "code"), [("territory", "atlantis"), ("hq", "atyrau"),
                                            ("command", "Regional Command «West»"),
                                            ("city", "atyrau"), (None, None), ([], "batys")])
def test_a_forged_result_changes_nothing(kind, code):
    assert find_place(ATLAS, kind, code) is None
    assert views.choose_place(START, ATLAS, kind, code) == START


def test_text_longer_than_the_limit_is_refused_and_clears_the_last_result():
    found = views.search(START, ATLAS, "Atyrau")
    refused = views.search(found, ATLAS, "а" * 10_000)
    assert (refused.search, refused.search_too_long) == ("", 10_000)
    assert refused.oblast == "atyrau"  # the selection stays; only the stale text goes
    fits = views.search(refused, ATLAS, " " + "x" * views.MAX_SEARCH_CHARS + " ")
    assert (len(fits.search), fits.search_too_long) == (views.MAX_SEARCH_CHARS, 0)


# --- former names (issue 22, point 10) ------------------------------------------------------

# Each former name in every script the brief names, and the territory it selects today.
FORMER = [("Семипалатинск", "abai"), ("Semipalatinsk", "abai"), ("Целиноград", "astana-city"),
          ("Tselinograd", "astana-city"), ("Акмолинск", "astana-city"),
          ("Akmolinsk", "astana-city"), ("Нур-Султан", "astana-city"),
          ("Nursultan", "astana-city"), ("Гурьев", "atyrau"), ("Guryev", "atyrau"),
          ("Джамбул", "zhambyl"), ("Dzhambul", "zhambyl"), ("Чимкент", "shymkent"),
          ("Chimkent", "shymkent"), ("Алма-Ата", "almaty-city"), ("Alma-Ata", "almaty-city"),
          ("Талды-Курган", "zhetisu"), ("Taldy-Kurgan", "zhetisu"),
          ("Джезказган", "ulytau"), ("Dzhezkazgan", "ulytau"), ("Кзыл-Орда", "kyzylorda"),
          ("Kzyl-Orda", "kyzylorda")]


@pytest.mark.parametrize(("text", "territory"), FORMER)
def test_a_former_name_finds_todays_place_first(text, territory):
    match = first(text)
    assert (match.kind, match.territory) == ("former", territory)


@pytest.mark.parametrize(("text", "territory"), [("Семипалатинск", "east-kazakhstan"),
                                                 ("Талды-Курган", "almaty"),
                                                 ("Dzhezkazgan", "karaganda"),
                                                 ("Guryev", "atyrau")])
def test_in_2018_a_former_name_selects_the_oblast_that_held_the_city(text, territory):
    match = search_places(INDEX_2018, text)[0]
    assert (match.kind, match.territory) == ("former", territory)
    assert views.search(START_2018, ATLAS_2018, text).oblast == territory


@pytest.mark.parametrize(("text", "territory"), [("Усть-Каменогорск", "east-kazakhstan"),
                                                 ("Ust-Kamenogorsk", "east-kazakhstan"),
                                                 ("Уральск", "west-kazakhstan"),
                                                 ("Uralsk", "west-kazakhstan"),
                                                 ("Петропавловск", "north-kazakhstan"),
                                                 ("Petropavlovsk", "north-kazakhstan")])
def test_russian_names_in_use_today_find_their_centre_in_any_script(text, territory):
    # Not former names: the Russian names these cities have today (territories.yaml). "Uralsk"
    # found nothing while the soft sign (Ural'sk) split the word.
    match = first(text)
    assert (match.kind, match.territory) == ("centre", territory)


def test_a_former_name_that_is_also_an_oblast_name_lists_both():
    # Akmola is the oblast today and was the capital's name 1992-1998: the oblast first.
    kinds = [(m.kind, m.territory) for m in search_places(INDEX, "Акмола")]
    assert kinds[:2] == [("territory", "akmola"), ("former", "astana-city")]


@pytest.mark.parametrize(("lang", "text", "label"), [
    ("ru", "Семипалатинск", "Семипалатинск → Семей (название до 2007 года) · область Абай"),
    ("kk", "Semipalatinsk", "Семипалатинск → Семей (2007 жылға дейінгі атауы) · Абай облысы"),
    ("en", "Семипалатинск", "Semipalatinsk → Semey (the name until 2007) · Abai Oblast"),
    ("en", "Tselinograd", "Tselinograd → Astana (the name until 1991) · Astana City"),
    ("ru", "Alma-Ata", "Алма-Ата → Алматы (прежнее название) · город Алматы"),
])
def test_a_former_name_result_says_the_name_it_has_now(lang, text, label):
    assert plain(content.search_hits(ATLAS, lang, text)[0].label) == label


def test_every_former_name_cites_a_public_source_that_the_sidebar_lists():
    assert ATLAS.former_names
    for entry in ATLAS.former_names:
        source = ATLAS.sources[entry.source]
        assert source.kind == "public" and source.url and source.publisher


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda e: e.update(territory="narnia"), "territory", "unknown territory"),
    (lambda e: e.update(now={"kk": "Семей", "ru": "Семей", "en": "Semey"}), "now",
     "unknown key"),  # today's name is the territory's centre, never typed twice
    (lambda e: e.update(source="geo-nothing"), "source", "not a public source"),
    (lambda e: e.update(source="derived-area"), "source", "not a public source"),
    (lambda e: e["former"].update(en="Semey"), "former.en", "the same as the city's name now"),
    (lambda e: e.update(until="2007-13-45x"), "until", "pattern"),
])
def test_a_broken_former_name_is_an_error_naming_file_entry_and_field(tmp_path, change, field,
                                                                      message):
    import shutil

    import yaml

    from geo.errors import DataError

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "places.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw["former_names"][0])
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_atlas(data)
    assert error.value.file.endswith("places.yaml")
    assert error.value.entry == "former_names[0] (semipalatinsk)"
    assert error.value.field == field and message in error.value.problem


# --- the results as the viewer reads them ------------------------------------------------------

@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Atyrau Oblast · «West»", "Atyrau · HQ of «West»"]),
    ("ru", ["Атырауская область · «Запад»", "Атырау · штаб командования «Запад»"]),
    ("kk", ["Атырау облысы · «Батыс»", "Атырау · «Батыс» қолбасшылығының штабы"]),
])
def test_results_say_what_each_place_is_in_the_language(lang, labels):
    assert [hit.label for hit in content.search_hits(ATLAS, lang, "атыр")] == labels


def test_a_territory_and_its_centre_of_the_same_name_are_listed_once():
    hits = content.search_hits(ATLAS, "en", "Shymkent")
    assert [(h.kind, h.territory) for h in hits] == [("territory", "shymkent")]


def test_a_later_unit_result_says_where_it_lies_on_this_map():
    hits = content.search_hits(ATLAS_2018, "ru", "Ұлытау")
    assert hits[0].label == ("область Ұлытау · с 2022 года; на этой карте — в пределах "
                             "территории «Карагандинская область»")


# --- the map's description -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_description_names_every_command_its_hq_and_territories(lang):
    text = " ".join(content.map_description(ATLAS, START if lang == "en" else
                                            views.set_language(START, ATLAS, lang)))
    for command in ATLAS.commands:
        assert content.command_label(ATLAS, command.id, lang) in text
        assert command.hq.name.get(lang) in text
    for code in TERRITORIES:
        assert name(code, lang) in text
    assert tr(lang, "map_desc_all_shown") in text
    assert tr(lang, "map_desc_nothing_selected") in text
    assert not any(code in text for code in ("batys", "shygys", "ontustik", "east-kazakhstan"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_description_says_what_the_filter_hides(lang):
    view = views.set_visible(views.set_language(START, ATLAS, lang) if lang != "en" else START,
                             ATLAS, ["astana", "batys"])
    sentences = content.map_description(ATLAS, view)
    hidden = next(s for s in sentences
                  if s.startswith(tr(lang, "map_desc_hidden", commands="").rstrip(".")))
    for command in ("shygys", "ontustik"):
        label = content.command_label(ATLAS, command, lang)
        assert in_sentence(lang, label) in hidden  # after the colon: lower case in Russian
        # A hidden command's territories are not described as shown.
        assert not any(s.startswith(label) for s in sentences)
    for command in ("astana", "batys"):
        assert in_sentence(lang, content.command_label(ATLAS, command, lang)) not in hidden
    none = content.map_description(ATLAS, views.set_visible(view, ATLAS, []))
    assert tr(lang, "map_desc_none_shown") in none
    assert tr(lang, "map_desc_hq_shown") not in none  # no command shown, no star drawn


def test_the_description_says_what_is_selected_and_what_is_dimmed():
    view = views.click_territory(START, ATLAS, "atyrau")
    assert "Selected: Atyrau Oblast (Regional Command «West»)." in \
        content.map_description(ATLAS, view)
    briefing = views.step(views.set_briefing(START, ATLAS, True), ATLAS, 1)
    sentences = content.map_description(ATLAS, briefing)
    assert "Selected: Regional Command «Astana»." in sentences
    assert "The other commands are dimmed." in sentences
    no_hq = content.map_description(ATLAS, views.set_headquarters(START, ATLAS, False))
    assert "HQ markers are hidden." in no_hq
    assert ("Baikonur, a complex leased to Russia, is outlined with a dashed line inside "
            "Kyzylorda Oblast; lakes and rivers are drawn in blue.") in no_hq
    assert any(s.startswith("Hatched: regions formed in 2022") and "Abai Oblast" in s
               for s in no_hq)
    assert not any(s.startswith("Hatched") for s in content.map_description(ATLAS_2018,
                                                                             START_2018))


# --- in the app ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [("kk", "Атырау"), ("ru", "Atyrau"), ("en", "атыр"),
                                            ("en", "Atyrau")])
def test_typing_in_the_search_box_selects_the_territory_and_the_url_follows(lang, text):
    at = run_app(lang=lang)
    at.text_input(key=f"search_{lang}").input(text).run()
    assert not at.exception
    assert url(at) == {"oblast": "atyrau", "command": "batys",
                       **({"lang": lang} if lang != "en" else {})}
    shown = page_text(at)
    assert name("atyrau", lang) in shown  # the territory's panel
    assert content.command_label(ATLAS, "batys", lang) in shown
    # The result that Enter chose is listed first; the HQ of the same name is offered next.
    assert [b.key for b in at.button if b.key.startswith("search_")] == [
        "search_territory_atyrau", "search_hq_batys"]


@pytest.mark.parametrize(("lang", "text"), [("kk", "Батыс"), ("ru", "Запад"), ("en", "West")])
def test_typing_a_command_selects_it(lang, text):
    at = run_app(lang=lang)
    at.text_input(key=f"search_{lang}").input(text).run()
    assert url(at).get("command") == "batys" and "oblast" not in url(at)
    assert at.sidebar.radio(key=f"command_{lang}").value == "batys"


def test_a_result_button_selects_its_place():
    at = run_app(division="2018")
    at.text_input(key="search_en").input("Semey").run()
    # Abai, by Enter: in 2018 the oblast that held it, with the notice ?oblast=abai gives.
    assert url(at) == {"division": "2018", "oblast": "east-kazakhstan", "command": "shygys"}
    assert "Abai Oblast" in page_text(at)
    at.button(key="search_hq_shygys").click().run()
    assert url(at) == {"division": "2018", "command": "shygys"}
    assert not at.warning  # the notice about Abai went with its selection
    today = run_app()
    today.text_input(key="search_en").input("Semey").run()
    assert url(today) == {"oblast": "abai", "command": "shygys"}
    assert not today.warning


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_found_says_so_in_the_language_and_changes_nothing(lang):
    at = run_app(lang=lang, command="astana")
    at.text_input(key=f"search_{lang}").input("Narnia 42").run()
    assert url(at).get("command") == "astana"
    (message,) = at.info
    assert plain(message.value) == tr(lang, "search_nothing", query="Narnia 42")


def test_the_briefing_page_has_the_search_box_beside_the_map():
    at = run_app(mode="briefing", lang="ru")
    assert not at.sidebar.text_input  # the sidebar is closed in a briefing
    at.text_input(key="search_ru").input("Актобе").run()
    assert url(at) == {"oblast": "aktobe", "command": "batys", "lang": "ru",
                       "mode": "briefing"}
    assert "Шаг 4 из 5" in page_text(at)  # the step of «Запад»


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_former_name_typed_in_the_box_selects_todays_place_and_says_its_name(lang):
    at = run_app(lang=lang)
    at.text_input(key=f"search_{lang}").input("Семипалатинск").run()
    assert not at.exception
    assert url(at) == {"oblast": "abai", "command": "shygys",
                       **({"lang": lang} if lang != "en" else {})}
    (chosen, *_) = [b for b in at.button if b.key.startswith("search_")]
    assert chosen.key == "search_former_semipalatinsk"
    assert "→ " + ATLAS.territories.loc["abai", f"centre_{lang}"] in plain(chosen.label)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_paste_over_the_limit_says_it_is_too_long_and_clears_the_last_result(lang):
    at = run_app(lang=lang)
    at.text_input(key=f"search_{lang}").input("Atyrau").run()
    assert [b.key for b in at.button if b.key.startswith("search_")]
    pasted = "Атырау " * 30  # 210 characters
    at.text_input(key=f"search_{lang}").input(pasted).run()
    assert not at.exception
    (warning,) = at.warning
    assert plain(warning.value) == tr(lang, "search_too_long", count=len(pasted.strip()),
                                      limit=views.MAX_SEARCH_CHARS)
    assert not [b for b in at.button if b.key.startswith("search_")]  # the stale results went
    assert not at.info and at.text_input(key=f"search_{lang}").value == ""
    assert url(at).get("oblast") == "atyrau"  # what was selected stays selected
    at.text_input(key=f"search_{lang}").input("Aktobe").run()
    assert not at.warning and url(at).get("oblast") == "aktobe"


def test_in_a_briefing_a_search_notice_is_in_the_panel_not_above_the_map():
    # Above the map, a notice pushed a projector's map below the fold: it goes in the panel's
    # column (its own scroll region), beside the map.
    def warnings_in(node, inside: bool = False) -> list[tuple[bool, str]]:
        inside = inside or getattr(node, "key", None) == "briefing_panel"
        if type(node).__name__ == "Warning":
            return [(inside, node.value)]
        children = getattr(node, "children", None)
        return [w for child in (children.values() if isinstance(children, dict) else ())
                for w in warnings_in(child, inside)]

    at = run_app(mode="briefing", division="2018")
    at.text_input(key="search_en").input("Abai").run()
    assert url(at).get("oblast") == "east-kazakhstan"
    found = warnings_in(at.main)
    assert len(found) == 1 and "Abai Oblast" in found[0][1]
    assert found[0][0], "the notice is above the map, not in the panel"


def test_the_search_text_stays_after_a_language_switch():
    at = run_app()
    at.text_input(key="search_en").input("Atyrau").run()
    at.sidebar.radio(key="lang_en").set_value("kk").run()
    assert at.text_input(key="search_kk").value == "Atyrau"
    assert url(at) == {"oblast": "atyrau", "command": "batys", "lang": "kk"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_app_describes_the_map_and_says_what_is_filtered(lang):
    at = run_app(lang=lang, commands="astana,batys")
    at.session_state[MAP_DESCRIPTION_KEY] = True  # its sentences are drawn once opened
    at.run()
    (expander,) = [e for e in at.expander if e.label == tr(lang, "map_description")]
    text = plain(expander.markdown[0].value)
    for command in ("astana", "batys"):  # shown: each starts its sentence
        assert content.command_label(ATLAS, command, lang) in text
    for command in ("shygys", "ontustik"):  # hidden: listed inside a sentence
        assert in_sentence(lang, content.command_label(ATLAS, command, lang)) in text
    assert tr(lang, "map_desc_hidden", commands="").rstrip(".") in text
    # The same words for screen readers, in a visually hidden element next to the map.
    hidden = [h.proto.body for h in at.get("html") if "<section" in h.proto.body]
    assert len(hidden) == 1 and tr(lang, "map_desc_hidden", commands="").rstrip(".") in hidden[0]


def test_the_description_escapes_hostile_data(tmp_path, monkeypatch):
    data = make_hostile_data(DATA_DIR, tmp_path / "data")
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data))
    at = run_app()
    (hidden,) = [h.proto.body for h in at.get("html") if "<section" in h.proto.body]
    body = hidden.split("<p>", 1)[1]
    assert "<img" not in body and "<script" not in body and "&lt;img" in body
    at.text_input(key="search_en").input("Atyrau").run()
    assert not at.exception
    labels = [b.label for b in at.button if b.key.startswith("search_")]
    assert labels and all("\\<" in label for label in labels)  # markdown shows them as text
