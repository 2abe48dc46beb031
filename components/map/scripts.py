"""The map's browser code: JavaScript files beside this module, run by one template element.

Each `*.js` file here defines one function `(target, map, config)`; `BrowserScript` puts the
file's code in the map and calls the function on its parent element with a JSON config.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

SCRIPT_DIR = Path(__file__).resolve().parent

# JSON inside <script> must not be able to close the tag or open a comment: escape as folium
# and Jinja's |tojson do.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def script_json(value: object) -> str:
    """`value` as JSON that is safe inside an HTML <script> element."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


@cache
def script_source(name: str) -> str:
    """The code of `<name>.js` (read once per process)."""
    return (SCRIPT_DIR / f"{name}.js").read_text(encoding="utf-8")


class BrowserScript(MacroElement):
    """Runs `function_name(parent, map, config)` from `<file>.js` for its parent element."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.source }}
        {{ this.function_name }}({{ this.target }}, {{ this.map_name }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, file: str, function_name: str, config: dict,
                 target: MacroElement | None = None, with_source: bool = True) -> None:
        super().__init__()
        # Without the source, the function must be defined elsewhere in the map (ScriptSource):
        # an overlay re-sent on every change then carries only its call.
        self.source = script_source(file) if with_source else ""
        self.function_name = function_name
        self.config = script_json(config)
        self._target = target

    def render(self, **kwargs) -> None:
        # Names are known only once the element sits in a map's tree (an overlay joins the
        # map only when streamlit-folium renders it).
        target = self._target if self._target is not None else self._parent
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = node._parent
        if node is None:
            raise ValueError(f"{self.function_name} must be rendered inside a folium.Map")
        self.target, self.map_name = target.get_name(), node.get_name()
        super().render(**kwargs)


class ScriptSource(MacroElement):
    """Defines the function(s) of `<file>.js` in the map's script, for BrowserScript calls
    made with `with_source=False`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.source }}
        {% endmacro %}
    """)

    def __init__(self, file: str) -> None:
        super().__init__()
        self.source = script_source(file)
