"""Layer 3: the app through Streamlit's AppTest (sidebar, URL parameters, panels, error page)."""

from __future__ import annotations

import pytest

from components.sidebar import DOWNLOADS_KEY
from tests.app_driver import (
    click_map,
    navigate,
    open_expander,
    page_text,
    run_app,
    show_commands,
    shown_commands,
    url,
    widget,
    zoom_to,
    zoomed_command,
)
from tests.conftest import edit_yaml


def test_default_page_is_the_english_overview():
    at = run_app()
    assert at.header[0].value == "Land Forces regional commands"
    text = page_text(at)
    assert "The four regional commands" in text
    for name in ("«Astana»", "«East»", "«West»", "«South»"):
        assert f"Regional Command {name}" in text
    assert "Armed Forces of the Republic of Kazakhstan" in text
    assert widget(at, "radio", "lang").value == "en"
    assert shown_commands(at) == ["astana", "shygys", "batys", "ontustik"]
    assert not at.warning
    assert url(at) == {}


def test_command_from_url_shows_its_panel():
    at = run_app(command="batys")
    text = page_text(at)
    assert "Regional Command «West»" in text
    assert "Kazakhstan sector of the Caspian Sea" in text  # the mission
    assert "Каспий теңізінің қазақстандық секторында" in text  # the Kazakh original
    assert zoomed_command(at) == "batys"
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Oblast" in line]
    names = {line.split(" | ")[0].removeprefix("| ") for line in rows}
    assert names == {"West Kazakhstan Oblast", "Aktobe Oblast", "Atyrau Oblast",
                     "Mangystau Oblast"}
    assert url(at) == {"command": "batys"}


def test_command_without_a_stated_mission_says_so():
    text = page_text(run_app(command="shygys"))
    assert "Not stated in the source." in text
    assert "Open-source notes" in text


def test_oblast_from_url_selects_it_and_its_command():
    at = run_app(oblast="pavlodar")
    text = page_text(at)
    assert "Pavlodar Oblast" in text and "Regional Command «East»" in text
    assert "Administrative centre: Pavlodar" in text
    assert url(at) == {"oblast": "pavlodar", "command": "shygys"}


def test_city_panel_says_its_command_is_derived():
    text = page_text(run_app(oblast="almaty-city"))
    assert "Derived fact" in text and "Regional Command «South»" in text


def test_baikonur_is_a_leased_outline_inside_kyzylorda_not_a_territory():
    at = run_app(oblast="baikonur")
    assert at.warning and "oblast" not in url(at)  # no territory of that code any more
    text = page_text(at)
    assert "leased complex (dashed outline), inside Kyzylorda region" in text  # the legend
    assert "Baikonur, a complex leased to Russia, is outlined" in text  # the description


@pytest.mark.parametrize("division", ["2022", "2018"])
def test_a_region_formed_in_2022_says_where_it_came_from_and_that_its_command_is_derived(
        division):
    at = run_app(oblast="abai", division=division)
    text = page_text(at)
    if division == "2022":
        assert url(at) == {"oblast": "abai", "command": "shygys"}
        assert "Abai Oblast was separated from East Kazakhstan Oblast on 8 June 2022" in text
        assert "derived from that of East Kazakhstan Oblast" in text
        assert not at.warning
    else:  # the oblast that held it, with a notice
        assert url(at) == {"division": "2018", "oblast": "east-kazakhstan",
                           "command": "shygys"}
        assert "is not drawn in this division" in at.warning[0].value
        assert "part of this oblast, the districts around Semey, has been Abai Oblast" in text
    # The command's panel: its oblasts in both divisions, the same area, the HQ in both.
    assert "Division since 2022: 3 oblasts — East Kazakhstan Oblast, Pavlodar Oblast, " \
        "Abai Oblast" in text
    assert "2018–2022 division (as in the source): 2 oblasts" in text
    assert "same in both divisions" in text
    assert "Semey, lies in: Abai Oblast (since 2022); East Kazakhstan Oblast (2018–2022)" in text


@pytest.mark.parametrize(("lang", "title"), [
    ("kk", "Құрлық күштерінің өңірлік қолбасшылықтары"),
    ("ru", "Региональные командования Сухопутных войск"),
    ("en", "Land Forces regional commands"),
])
def test_language_from_url(lang, title):
    at = run_app(lang=lang, command="ontustik")
    assert at.header[0].value == title
    expected = {"kk": "«Оңтүстік» өңірлік қолбасшылығы", "ru": "Региональное командование «Юг»",
                "en": "Regional Command «South»"}[lang]
    assert expected in page_text(at)


def test_language_switch_changes_every_label_and_the_url():
    at = run_app(command="astana")
    widget(at, "radio", "lang").set_value("kk").run()
    text = page_text(at)
    assert at.header[0].value == "Құрлық күштерінің өңірлік қолбасшылықтары"
    assert "Штаб:" in text and "Қарағанды" in text and "Рөлі" in text  # Astana: a role
    assert "Headquarters" not in text
    assert url(at) == {"command": "astana", "lang": "kk"}


def test_filter_updates_the_url_and_the_legend():
    at = run_app()
    show_commands(at, ["astana", "batys"])
    assert url(at) == {"commands": "astana,batys"}
    assert "Hidden by the filter" in page_text(at)


def test_filter_from_url():
    at = run_app(commands="ontustik,astana")
    assert shown_commands(at) == ["astana", "ontustik"]  # the data's order
    assert url(at) == {"commands": "astana,ontustik"}


def test_choosing_a_command_in_the_sidebar_selects_it_and_moves_the_map():
    at = run_app()
    zoom_to(at, "shygys")
    assert url(at) == {"command": "shygys"}
    focus = at.session_state["view"].focus
    west, south, east, north = focus.bounds
    assert 73 < west < 76 and 86 < east < 88 and north < 55  # East Kazakhstan and Pavlodar
    assert focus.command == "shygys"
    at.button(key="clear").click().run()  # back to the overview
    after = at.session_state["view"].focus
    assert url(at) == {} and after.token == focus.token + 1 and after.bounds[0] < 47


def test_briefing_mode_parameter_is_kept():
    assert url(run_app(mode="briefing")) == {"mode": "briefing"}


@pytest.mark.parametrize("query", [
    {"command": "north"},
    {"oblast": "atlantis"},
    {"lang": "fr"},
    {"mode": "party"},
    {"commands": "astana,mars"},
    {"zoom": "12"},
    {"lang": "<script>alert(1)</script>"},
    {"command": "x" * 5000},
    {"commands": ",,,"},
])
def test_bad_parameters_show_a_notice_and_the_app_goes_on(query):
    at = run_app(**query)
    assert at.warning, query
    assert at.header  # the page rendered
    notice = at.warning[0].value.replace("\\", "")
    assert len(notice) < 400  # a long value is cut short


def test_valid_parts_of_a_bad_url_still_apply():
    at = run_app(lang="ru", command="nowhere", commands="batys,zzz")
    assert at.header[0].value == "Региональные командования Сухопутных войск"
    assert shown_commands(at) == ["batys"]
    assert len(at.warning) == 2


def test_oblast_and_mismatched_command_prefers_the_oblast():
    at = run_app(oblast="atyrau", command="astana")
    assert zoomed_command(at) == "batys"
    assert at.warning


def test_broken_data_file_shows_the_error_page(data_copy, monkeypatch):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: d["commands"][1]["oblasts"].append("atlantis"))
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    at = run_app()
    assert at.error and "A data file is broken" in at.error[0].value
    text = page_text(at)
    assert "commands.yaml" in text and "commands[1] (shygys)" in text and "oblasts[2]" in text
    assert not at.header  # nothing else is drawn


def test_error_page_speaks_the_urls_language(data_copy, monkeypatch):
    (data_copy / "territories_2018.geojson").write_text("{", encoding="utf-8")
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    at = run_app(lang="kk")
    assert "Деректер файлы бұзылған" in at.error[0].value
    assert "territories_2018.geojson" in page_text(at)


def test_briefing_mode_steps_forward_and_back_through_the_urls():
    at = run_app(mode="briefing")
    assert at.button(key="briefing_next") and at.button(key="briefing_previous")
    seen = []
    for _ in range(5):
        at.button(key="briefing_next").click().run()
        seen.append(url(at).get("command"))
        assert url(at)["mode"] == "briefing"
    assert seen == ["astana", "shygys", "batys", "ontustik", None]
    at.button(key="briefing_previous").click().run()
    assert url(at) == {"mode": "briefing", "command": "ontustik"}
    text = page_text(at)
    assert "Regional Command «South»" in text and "south-eastern frontiers" in text


def test_a_filtered_briefing_presents_only_what_the_filter_shows():
    at = run_app(commands="astana,batys", mode="briefing")
    shown = ("Regional Command «Astana»", "Regional Command «West»")
    hidden = ("Regional Command «East»", "Regional Command «South»")

    def panel() -> str:
        # The panel's cards (the map's description, which names every command, aside).
        cards = [e.proto.body for e in at.get("html") if "kz-brief-cards" in e.proto.body]
        assert len(cards) == 1
        return cards[0]

    assert "Step 1 of 3" in page_text(at)
    assert all(title in panel() for title in shown)
    assert not any(title in panel() for title in hidden)
    seen = []
    for _ in range(3):
        at.button(key="briefing_next").click().run()
        seen.append(url(at).get("command"))
        assert url(at)["commands"] == "astana,batys"  # the filter stays in the address bar
        assert at.session_state["view"].visible == ("astana", "batys")
    assert seen == ["astana", "batys", None]
    assert "Step 1 of 3" in page_text(at)
    assert not any(title in panel() for title in hidden)  # back at step 1, still filtered


def test_back_and_forward_walk_the_viewers_own_selections():
    """Streamlit pushes a history entry for each address the app writes; Back reruns the
    script with the earlier address, and the page must follow it, not write its own back."""
    at = run_app(lang="ru")
    history = [url(at)]
    for code in ("pavlodar", "atyrau", "kostanay"):
        click_map(at, {"code": code})
        history.append(url(at))
    assert history[-1] == {"oblast": "kostanay", "command": "astana", "lang": "ru"}
    for entry in (history[2], history[1], history[0], history[1]):  # Back ×3, Forward
        navigate(at, entry)
        assert not at.exception
        assert url(at) == entry  # the address stays where the browser put it
        view = at.session_state["view"]
        assert (view.oblast, view.command) == (entry.get("oblast"), entry.get("command"))
        assert view.focus.command == entry.get("command")  # the map moves to it
    assert "Павлодар" in at.subheader[0].value


def test_back_in_a_briefing_shows_the_step_its_address_names():
    at = run_app(mode="briefing", lang="kk")
    history = [url(at)]
    for _ in range(2):
        at.button(key="briefing_next").click().run()
        history.append(url(at))
    assert history[-1]["command"] == "shygys"
    navigate(at, history[1])
    assert url(at) == {"command": "astana", "mode": "briefing", "lang": "kk"}
    assert at.session_state["view"].command == "astana"
    assert "2/5 қадам" in page_text(at)
    at.button(key="briefing_next").click().run()  # the steps go on from there
    assert url(at)["command"] == "shygys"


def test_a_briefing_has_a_language_control_of_its_own():
    """The sidebar is closed in a briefing: its controls offer the language too."""
    at = run_app(mode="briefing", command="batys")
    choice = at.radio(key="briefing_lang_en")
    assert choice.label == "Language"
    assert sorted(choice.options) == sorted(["English", "Қазақша", "Русский"])
    choice.set_value("ru").run()
    assert url(at) == {"command": "batys", "lang": "ru", "mode": "briefing"}
    assert at.radio(key="briefing_lang_ru").value == "ru"
    assert "Шаг 4 из 5" in page_text(at)


def test_briefing_switch_in_the_sidebar_writes_the_url():
    at = run_app(command="batys")
    widget(at, "toggle", "briefing").set_value(True).run()
    assert url(at) == {"command": "batys", "mode": "briefing"}
    assert at.button(key="briefing_next")


def test_downloads_are_offered_in_the_language_and_made_only_on_click():
    at = open_expander(run_app(lang="kk"), DOWNLOADS_KEY)  # drawn when opened
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Брифинг пакеті (PDF)",
        "Брифинг слайдтары, жазбаларымен (PowerPoint)",
        "Слайдқа арналған карта (PNG)",
        "Брифинг қадамдары: әр қадамға бір слайд (PNG, ZIP)", "Серверсіз карта (HTML)",
        "Аумақтар мен шекара учаскелері (GeoJSON)", "Қолбасшылықтар кестесі (CSV)"]
    # Deferred: the PDF is built when pressed, not on every rerun; pressing does not rerun.
    assert all(b.proto.deferred_file_id and b.proto.ignore_rerun for b in buttons)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_unexpected_error_shows_a_short_page_in_the_language_and_a_way_back(
        monkeypatch, caplog, lang):
    from components import panels
    from components.i18n import tr

    at = run_app(lang=lang, command="batys")

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(panels, "render_command", broken)
    widget(at, "toggle", "labels").set_value(True).run()
    assert not at.exception  # Streamlit's own error card never shows
    assert [e.value.replace("\\", "") for e in at.error] == [
        f"**{tr(lang, 'unexpected_title')}**  \n{tr(lang, 'unexpected_body')}"]
    assert "a bug nobody foresaw" not in page_text(at)
    assert "a bug nobody foresaw" in caplog.text  # the traceback is in the server's log
    monkeypatch.undo()
    at.button(key="unexpected_back").click().run()
    assert not at.error and url(at) == ({"lang": lang} if lang != "en" else {})
    assert tr(lang, "commands_overview") in page_text(at)
