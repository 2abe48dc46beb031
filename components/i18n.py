"""Interface strings in Kazakh, Russian and English. Data texts live in data/, not here."""

from __future__ import annotations

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

# key: (kk, ru, en). Placeholders in braces are filled by tr(); their values are escaped
# by the caller for wherever the text is shown.
STRINGS: dict[str, tuple[str, str, str]] = {
    "title": ("Құрлық әскерлерінің өңірлік қолбасшылықтары",
              "Региональные командования Сухопутных войск",
              "Land Forces regional commands"),
    "subtitle": ("Қазақстан Республикасы: облыстар қолбасшылықтар бойынша, 2018–2022 әкімшілік бөлінісі",
                 "Республика Казахстан: области по командованиям, административное деление 2018–2022 гг.",
                 "Republic of Kazakhstan: oblasts by command, 2018–2022 administrative division"),
    "language": ("Тіл", "Язык", "Language"),
    "filter": ("Көрсетілетін қолбасшылықтар", "Показанные командования", "Commands shown"),
    "focus": ("Қолбасшылыққа жақындату", "Показать командование", "Zoom to command"),
    "focus_all": ("Бүкіл ел", "Вся страна", "Whole country"),
    "layers": ("Қабаттар", "Слои", "Layers"),
    "labels": ("Облыс атаулары", "Названия областей", "Oblast labels"),
    "hq_markers": ("Штаб белгілері", "Маркеры штабов", "HQ markers"),
    "legend": ("Шартты белгілер", "Легенда", "Legend"),
    "legend_row": ("Штаб: {hq} · {count} облыс", "Штаб: {hq} · областей: {count}",
                   "HQ: {hq} · {count} oblasts"),
    "legend_hq": ("қолбасшылық штабы", "штаб командования", "command headquarters"),
    "legend_unassigned": ("Ешбір қолбасшылыққа жатпайды", "Не отнесено к командованию",
                          "Assigned to no command"),
    "legend_hidden": ("Сүзгімен жасырылған", "Скрыто фильтром", "Hidden by the filter"),
    "clear": ("Шолуға оралу", "Вернуться к обзору", "Back to the overview"),
    "sources_credits": ("Дереккөздер мен авторлар", "Источники и авторство", "Sources and credits"),
    "credits_text": ("Шекаралар: Natural Earth (қоғамдық игілік). Карта тайлсыз, желісіз жұмыс істейді.",
                     "Границы: Natural Earth (общественное достояние). Карта без тайлов, работает без сети.",
                     "Boundaries: Natural Earth (public domain). The map uses no tiles and works offline."),
    "regional_command": ("{name} өңірлік қолбасшылығы", "Региональное командование {name}",
                         "Regional Command {name}"),
    "hq": ("Штаб", "Штаб", "Headquarters"),
    "formed": ("Құрылған жылы", "Год создания", "Formed"),
    "mission": ("Міндеті", "Задача", "Mission"),
    "composition": ("Құрамы", "Состав", "Composition"),
    "not_stated": ("Бастапқы мәтінде айтылмаған.", "В исходном тексте не указано.",
                   "Not stated in the source."),
    "original_kk": ("Түпнұсқа (қазақша)", "Оригинал (на казахском)", "Original (Kazakh)"),
    "oblasts": ("Облыстар", "Области", "Oblasts"),
    "territories": ("Аумақтар", "Территории", "Territories"),
    "area": ("Ауданы", "Площадь", "Area"),
    "share": ("Ел аумағындағы үлесі", "Доля территории страны", "Share of the country"),
    "total": ("Барлығы", "Итого", "Total"),
    "km2": ("{value} км²", "{value} км²", "{value} km²"),
    "name": ("Атауы", "Название", "Name"),
    "command": ("Қолбасшылық", "Командование", "Command"),
    "open_source_notes": ("Ашық дереккөздердегі мәліметтер", "Сведения из открытых источников",
                          "Open-source notes"),
    "open_source_caveat": (
        "Бастапқы мәтінде жоқ; жарияланған жаңалықтардан, күнімен. Ресми жауынгерлік құрам емес.",
        "Не из исходного текста; из опубликованных новостей, с датой. Не официальный боевой состав.",
        "Not from the source text; from published news, with dates. Not an official order of battle."),
    "sources": ("Дереккөздер", "Источники", "Sources"),
    "source_text": ("Бастапқы мәтін", "Исходный текст", "Source text"),
    "derived": ("Есептелген", "Вычислено", "Derived"),
    "public": ("Ашық дереккөз", "Открытый источник", "Public source"),
    "kind_oblast": ("облыс", "область", "oblast"),
    "kind_city": ("республикалық маңызы бар қала", "город республиканского значения",
                  "city of republican significance"),
    "kind_lease": ("жалға берілген аумақ", "арендуемая территория", "leased area"),
    "kind": ("Түрі", "Тип", "Kind"),
    "centre": ("Әкімшілік орталығы", "Административный центр", "Administrative centre"),
    "assigned_by_source": ("бастапқы мәтін бойынша", "по исходному тексту", "as the source text states"),
    "no_command": ("Ешбір қолбасшылыққа жатпайды", "Не относится ни к одному командованию",
                   "Assigned to no command"),
    "derived_note": ("Есептелген факт: {method}", "Вычисленный факт: {method}",
                     "Derived fact: {method}"),
    "overview": ("Шолу", "Обзор", "Overview"),
    "commands_overview": ("Төрт өңірлік қолбасшылық", "Четыре региональных командования",
                          "The four regional commands"),
    "armed_forces": ("Қазақстан Республикасының Қарулы Күштері",
                     "Вооружённые силы Республики Казахстан",
                     "Armed Forces of the Republic of Kazakhstan"),
    "click_hint": ("Облысты немесе штабты басыңыз.", "Нажмите на область или штаб.",
                   "Click an oblast or an HQ to see its command."),
    "tooltip_command": ("Қолбасшылық", "Командование", "Command"),
    "tooltip_centre": ("Орталығы", "Центр", "Centre"),
    "tooltip_hq": ("Штаб", "Штаб", "HQ"),
    "notice_unknown_value": ("URL-дағы «{param}» мәні танылмады: «{value}». Еленбеді.",
                             "Значение параметра «{param}» в адресе не распознано: «{value}». Пропущено.",
                             "Ignored an unknown value for “{param}” in the URL: “{value}”."),
    "notice_unknown_param": ("URL-дағы белгісіз параметр еленбеді: «{param}».",
                             "Неизвестный параметр в адресе пропущен: «{param}».",
                             "Ignored an unknown URL parameter: “{param}”."),
    "notice_mismatch": ("«{oblast}» «{command}» қолбасшылығына жатпайды; облыстың өз қолбасшылығы көрсетілді.",
                        "«{oblast}» не относится к командованию «{command}»; показано командование этой области.",
                        "“{oblast}” is not in command “{command}”; showing the oblast's own command."),
    "dismiss": ("Жабу", "Скрыть", "Dismiss"),
    "error_title": ("Деректер файлы бұзылған", "Файл данных повреждён", "A data file is broken"),
    "error_body": ("Қолданба деректерді жүктей алмады. Файлды түзетіп, бетті жаңартыңыз.",
                   "Приложение не смогло загрузить данные. Исправьте файл и обновите страницу.",
                   "The app could not load its data. Fix the file and reload the page."),
    "error_file": ("Файл", "Файл", "File"),
    "error_entry": ("Жазба", "Запись", "Entry"),
    "error_field": ("Өріс", "Поле", "Field"),
    "error_problem": ("Қате", "Ошибка", "Problem"),
    "briefing_mode": ("Брифинг режимі", "Режим брифинга", "Briefing mode"),
    "previous": ("Алдыңғы", "Назад", "Previous"),
    "next": ("Келесі", "Далее", "Next"),
    "step": ("{step}/{total} қадам", "Шаг {step} из {total}", "Step {step} of {total}"),
    "exports": ("Жүктеп алу", "Скачать", "Downloads"),
    "export_pdf": ("Брифинг пакеті (PDF)", "Брифинг-пакет (PDF)", "Briefing pack (PDF)"),
    "export_png": ("Слайдқа арналған карта (PNG)", "Карта для слайда (PNG)", "Map for a slide (PNG)"),
    "export_html": ("Серверсіз карта (HTML)", "Карта без сервера (HTML)", "Map that opens without a server (HTML)"),
    "export_geojson": ("Аумақтар (GeoJSON)", "Территории (GeoJSON)", "Territories (GeoJSON)"),
    "export_csv": ("Қолбасшылықтар кестесі (CSV)", "Таблица командований (CSV)", "Commands table (CSV)"),
    "formed_value": ("{year} (бастапқы мәтін)", "{year} (исходный текст)", "{year} (source text)"),
}


def tr(lang: str, key: str, **values: object) -> str:
    """The interface string `key` in `lang`, with `values` filled in."""
    text = STRINGS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def format_km2(lang: str, value: float) -> str:
    """An area in km², grouped by thousands the way each language writes it."""
    grouped = f"{value:,.0f}"
    if lang in ("kk", "ru"):
        grouped = grouped.replace(",", "\u00a0")  # no-break space
    return tr(lang, "km2", value=grouped)


def format_share(lang: str, share: float) -> str:
    """A share of the country as a percentage."""
    text = f"{share * 100:.1f}%"
    return text.replace(".", ",") if lang in ("kk", "ru") else text
