"""A room of concurrent viewers on the wire: Streamlit's websocket protocol spoken from Python.

    python -m tests.bench.wire_room [--app ours|baseline|both] [--viewers 50] [--clicks 5]

Why: the browser room (tests/bench/crowd.py) opens every viewer as a Chromium context on the
same 2-core machine as the server. Each click costs Chromium about 250 ms of CPU (the React
re-render of Streamlit's frontend, Leaflet), while the server spends 15-25 ms, so with 50
viewers that room measures 50 browsers fighting over 2 cores rather than the laptop that
serves a real room, where each viewer brings their own device. This room takes the browsers
out: what is left is the server (and this small client), which is what the aim "50 concurrent
viewers, click→panel p95 ≤ 1 s on the 2-core machine" is about.

How:
1. `record` opens the app once in headless Chromium (tests/browser_harness.py), clicks each
   oblast on the map as tests/bench/run.py does, and keeps the BackMsgs the page sends on
   `/_stcore/stream`: the ones sent before the first click (the initial rerun; for the
   baseline also the map component's first value) and, for each oblast, the click's rerun
   (ours: a fragment rerun carrying the st_folium widget's JSON value; the baseline: a full
   rerun). Each click's widget value must name the oblast clicked, or the recording fails.
   It also keeps the handshake the browser made (Origin, the XSRF cookie and the
   `Sec-WebSocket-Protocol` entries "streamlit, <xsrf token>").
2. Each viewer opens its own websocket (its own session) with that handshake, sends the
   opening messages and waits for each run's `script_finished`; then for each of its clicks
   sends the recorded rerun for the target oblast, rewritten for this session: the URL's
   query string it holds now (from the last `page_info_changed`), the hashes of the messages
   it has cached, the app's URL. Widget ids, the page script hash and the fragment id are
   derived from the app's code, not from the session, so they are kept (and checked: an id
   this session never saw is reported when the viewer opens).
3. Streamlit's message cache: a cacheable message (`metadata.cacheable`, with `hash`) is kept
   by the client, whose rerun requests list the cached hashes (`cached_message_hashes`) as
   the browser does; the server then sends a `ref_hash` message in place of the content,
   which the client resolves from its cache (a miss is counted).
4. Click→panel is the time from sending the click's BackMsg to receiving the delta whose
   heading (`delta.new_element.heading.body`) is the clicked oblast's English name; click→
   finished is to `script_finished`. A panel is wrong if a heading names another oblast, an
   exception or error delta arrives, the run ends without the heading, or (ours) the URL's
   query does not name the oblast and its command, or nothing arrives within the timeout.
   Viewers start from different oblasts (as crowd.py), click in turn, and pause 0.3 s after
   each run has finished. With nothing to slow them apart they click in near-simultaneous
   waves (all viewers within milliseconds): the worst case for the server's queue. The
   server's CPU (tests/bench/proc.py) is taken around the clicking, so it includes what the
   server does in the background over that time, and is divided by the clicks; the client's
   own CPU (this process) is given too, as it shares the machine. The server's resident
   memory is taken with every viewer still open.

Loopback only. `run_wire_room` is used by tests/bench/run.py for its `wire_room_*` rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.bench.apps import BASELINE, READY, baseline_directory
from tests.bench.proc import cpu_seconds, peak_rss_mb, rss_mb
from tests.browser_harness import (
    MAP_FRAME,
    ROOT,
    app_server,
    clickable_point,
    container_point,
    launch_browser,
    open_page,
)


@dataclass
class Expect:
    """What a click on one oblast must show: its heading, and (ours only) its URL query."""

    code: str
    name: str
    query: dict[str, str]


@dataclass
class Recording:
    """What a real browser sent: the handshake, the opening reruns, one rerun per oblast."""

    url: str
    origin: str | None
    subprotocols: list[str]
    cookie: str | None
    opening: list[bytes]
    clicks: dict[str, bytes]


@dataclass
class WireResult:
    """What the wire room saw."""

    asked: int
    held: int = 0
    load_failures: list[str] = field(default_factory=list)
    click_ms: list[float] = field(default_factory=list)  # send → the oblast's heading
    finished_ms: list[float] = field(default_factory=list)  # send → script_finished
    clicks: int = 0
    wrong: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)  # how the clicks' runs ended
    cache_hits: int = 0  # ref_hash messages resolved from the client's cache
    cache_misses: int = 0  # ref_hash messages the client could not resolve
    cpu_s: float = 0.0  # the server, during the clicking
    client_cpu_s: float = 0.0  # this process, during the clicking
    wall_s: float = 0.0
    open_s: float = 0.0
    stopped_by_deadline: bool = False
    rss_mb: float = float("nan")  # the server, all viewers still open
    peak_rss_mb: float = float("nan")


def _widget_value(message: BackMsg) -> dict:
    """The st_folium widget's JSON value in a rerun (the only JSON-valued widget)."""
    for widget in message.rerun_script.widget_states.widgets:
        if widget.WhichOneof("value") == "json_value":
            return json.loads(widget.json_value)
    return {}


def _clicked_code(message: BackMsg) -> str | None:
    drawing = _widget_value(message).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get("code")


def record(url: str, atlas, codes: list[str]) -> Recording:
    """Open the app in Chromium, click each oblast in `codes`, and keep what the page sent.
    Runs its own Playwright session: call it outside any other (and outside an event loop)."""
    from playwright.sync_api import sync_playwright

    sent: list[bytes] = []
    handshake: dict[str, str] = {}
    clicks: dict[str, bytes] = {}
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page, _watch = open_page(browser, 1280, 800)
        page.on("websocket", lambda ws: "/_stcore/stream" in ws.url and ws.on(
            "framesent", lambda payload: isinstance(payload, bytes) and sent.append(payload)))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        streams: set[str] = set()  # the stream's request ids (the page opens no other socket)
        cdp.on("Network.webSocketCreated", lambda event: "/_stcore/stream" in event["url"]
               and streams.add(event["requestId"]))
        cdp.on("Network.webSocketWillSendHandshakeRequest",
               lambda event: event["requestId"] in streams
               and handshake.update(event["request"]["headers"]))
        page.goto(url, timeout=120_000)
        page.wait_for_function(READY, timeout=120_000, polling=50)
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        page.wait_for_timeout(1500)
        opening = list(sent)
        for code in codes:
            name = atlas.territories.loc[code, "name_en"]
            before = len(sent)
            position = container_point(page, *clickable_point(atlas, code))
            page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position=position)
            page.locator('[data-testid="stHeading"]').filter(has_text=name).first.wait_for(
                timeout=30_000)
            page.wait_for_function(READY, timeout=30_000, polling=50)
            page.wait_for_timeout(500)
            reruns = [m for m in sent[before:]
                      if BackMsg.FromString(m).WhichOneof("type") == "rerun_script"]
            chosen = [m for m in reruns if _clicked_code(BackMsg.FromString(m)) == code]
            if not chosen:
                raise RuntimeError(f"the click on {code} sent no rerun naming it "
                                   f"({len(reruns)} reruns sent)")
            clicks[code] = chosen[-1]
        browser.close()
    headers = {key.lower(): value for key, value in handshake.items()}
    protocols = [p.strip() for p in headers.get("sec-websocket-protocol", "streamlit").split(",")]
    opening = [m for m in opening if BackMsg.FromString(m).WhichOneof("type") == "rerun_script"]
    if not opening:
        raise RuntimeError("the page sent no initial rerun")
    return Recording(url, headers.get("origin"), protocols, headers.get("cookie"), opening,
                     clicks)


def _element_id(element) -> str | None:
    """The widget id of a new element, if it is a widget."""
    kind = element.WhichOneof("type")
    if kind is None:
        return None
    inner = getattr(element, kind)
    return inner.id if "id" in inner.DESCRIPTOR.fields_by_name else None


class Viewer:
    """One session on the wire: a websocket, a message cache, the URL's query string."""

    def __init__(self, index: int, recording: Recording, url: str, timeout_s: float):
        self.index = index
        self.recording = recording
        self.url = url
        self.timeout_s = timeout_s
        self.cache: dict[str, ForwardMsg] = {}
        self.query_string = ""
        self.widget_ids: set[str] = set()
        self.fragment_ids: set[str] = set()
        self.page_script_hash = ""
        self.cache_hits = 0
        self.cache_misses = 0
        self.ws = None

    async def connect(self, cookie: str | None) -> None:
        from websockets.asyncio.client import connect

        parsed = urlparse(self.url)
        protocols = list(self.recording.subprotocols)
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
            token = dict(part.strip().split("=", 1) for part in cookie.split(";")
                         if "=" in part).get("_streamlit_xsrf")
            if token and len(protocols) >= 2:
                protocols[1] = token
        self.ws = await connect(
            f"ws://{parsed.netloc}/_stcore/stream", origin=f"http://{parsed.netloc}",
            subprotocols=protocols, additional_headers=headers, max_size=None,
            open_timeout=self.timeout_s, ping_interval=None)

    def _rewrite(self, raw: bytes) -> bytes:
        message = BackMsg.FromString(raw)
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        del rerun.cached_message_hashes[:]
        rerun.cached_message_hashes.extend(self.cache)
        if rerun.HasField("context_info"):
            rerun.context_info.url = self.url.rstrip("/") + "/"
        return message.SerializeToString()

    def _resolve(self, message: ForwardMsg) -> ForwardMsg | None:
        if message.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(message.ref_hash)
            if cached is None:
                self.cache_misses += 1
            else:
                self.cache_hits += 1
            return cached
        if message.metadata.cacheable and message.hash:
            self.cache[message.hash] = message
        return message

    async def run(self, raw: bytes, expect: Expect | None) -> dict:
        """Send one rerun; read until its `script_finished`. Times in ms after the send."""
        payload = self._rewrite(raw)
        seen: dict = {"heading_ms": None, "finished_ms": None, "headings": [], "errors": [],
                      "status": None}
        start = time.perf_counter()
        await self.ws.send(payload)
        async with asyncio.timeout(self.timeout_s):
            while True:
                frame = await self.ws.recv()
                now = (time.perf_counter() - start) * 1000
                message = self._resolve(ForwardMsg.FromString(frame))
                if message is None:
                    continue
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    self.page_script_hash = message.new_session.page_script_hash
                elif kind == "page_info_changed":
                    self.query_string = message.page_info_changed.query_string
                elif kind == "session_event":
                    if message.session_event.HasField("script_compilation_exception"):
                        seen["errors"].append("script compilation exception")
                elif kind == "delta":
                    delta = message.delta
                    if delta.fragment_id:
                        self.fragment_ids.add(delta.fragment_id)
                    if delta.WhichOneof("type") != "new_element":
                        continue
                    element = delta.new_element
                    widget = _element_id(element)
                    if widget:
                        self.widget_ids.add(widget)
                    which = element.WhichOneof("type")
                    if which == "heading":
                        body = element.heading.body.strip()
                        seen["headings"].append(body)
                        if expect and body == expect.name and seen["heading_ms"] is None:
                            seen["heading_ms"] = now
                    elif which == "exception":
                        seen["errors"].append(f"exception {element.exception.type}: "
                                              f"{element.exception.message[:80]}")
                    elif which == "alert" and element.alert.format == Alert.ERROR:
                        seen["errors"].append(f"error: {element.alert.body[:80]}")
                elif kind == "script_finished":
                    seen["finished_ms"] = now
                    seen["status"] = ForwardMsg.ScriptFinishedStatus.Name(
                        message.script_finished)
                    return seen
        return seen  # not reached: the timeout raises

    def check_ids(self, raw: bytes) -> list[str]:
        """Ids in a recorded rerun that this session's runs never showed."""
        rerun = BackMsg.FromString(raw).rerun_script
        problems = [f"widget {w.id[:40]}..." for w in rerun.widget_states.widgets
                    if w.id not in self.widget_ids]
        if rerun.fragment_id and rerun.fragment_id not in self.fragment_ids:
            problems.append(f"fragment {rerun.fragment_id}")
        if rerun.page_script_hash and rerun.page_script_hash != self.page_script_hash:
            problems.append(f"page script hash {rerun.page_script_hash}")
        return problems


def judge(expect: Expect, seen: dict, query_string: str, all_names: set[str]) -> str | None:
    """What is wrong with a click's run, or None."""
    others = [h for h in seen["headings"] if h in all_names and h != expect.name]
    query = dict(parse_qsl(query_string))
    problems = []
    if others:
        problems.append(f"headings of other oblasts {others}")
    if seen["errors"]:
        problems.append("; ".join(seen["errors"][:2]))
    if seen["heading_ms"] is None:
        problems.append(f"no heading {expect.name!r} (headings {seen['headings'][:4]})")
    if any(query.get(key) != value for key, value in expect.query.items()):
        problems.append(f"URL query {query_string!r}")
    if seen["status"] not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
        problems.append(f"run ended {seen['status']}")
    return "; ".join(problems) or None


async def _open(viewer: Viewer, gate: asyncio.Semaphore) -> Viewer:
    async with gate:
        cookie = await asyncio.to_thread(_xsrf_cookie, viewer.url, viewer.recording.cookie)
        await viewer.connect(cookie)
        for raw in viewer.recording.opening:
            seen = await viewer.run(raw, None)
            if seen["errors"] or seen["status"] != "FINISHED_SUCCESSFULLY":
                raise RuntimeError(f"opening run {seen['status']} {seen['errors'][:1]}")
        problems = [p for raw in viewer.recording.clicks.values() for p in viewer.check_ids(raw)]
        if problems:
            raise RuntimeError(f"recorded ids unknown to this session: {sorted(set(problems))}")
        return viewer


def _xsrf_cookie(url: str, recorded: str | None) -> str | None:
    """The XSRF cookie a browser gets with the page (None if the server sets none)."""
    if not recorded:
        return None
    with urllib.request.urlopen(url.rstrip("/") + "/", timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    pairs = [c.split(";", 1)[0] for c in cookies if c.startswith("_streamlit_xsrf=")]
    return "; ".join(pairs) or recorded


async def _clicking(viewer: Viewer, expects: list[Expect], clicks: int, deadline: float,
                    result: WireResult, all_names: set[str], pause_s: float) -> None:
    for step in range(clicks):
        if time.monotonic() > deadline:
            result.stopped_by_deadline = True
            return
        expect = expects[(viewer.index + step) % len(expects)]
        raw = viewer.recording.clicks[expect.code]
        result.clicks += 1
        try:
            seen = await viewer.run(raw, expect)
        except TimeoutError:
            result.wrong.append(f"viewer {viewer.index} {expect.code}: nothing within "
                                f"{viewer.timeout_s:.0f} s")
            continue
        except Exception as error:  # noqa: BLE001 - a click that failed is a wrong panel
            result.wrong.append(f"viewer {viewer.index} {expect.code}: "
                                f"{type(error).__name__}: {str(error)[:100]}")
            continue
        status = seen["status"] or "none"
        result.statuses[status] = result.statuses.get(status, 0) + 1
        problem = judge(expect, seen, viewer.query_string, all_names)
        if problem:
            result.wrong.append(f"viewer {viewer.index} {expect.code}: {problem}")
        else:
            result.click_ms.append(seen["heading_ms"])
            result.finished_ms.append(seen["finished_ms"])
        await asyncio.sleep(pause_s)  # a viewer reads the panel before the next click


async def run_wire_room(url: str, pid: int, recording: Recording, expects: list[Expect],
                        viewers: int, clicks: int, deadline_s: float = 600,
                        timeout_s: float = 60, opening_at_once: int = 10,
                        pause_s: float = 0.3) -> WireResult:
    """Open `viewers` sessions (`opening_at_once` at a time), then let each click `clicks`
    times at once; the server's CPU is taken around the clicking."""
    result = WireResult(asked=viewers)
    all_names = {e.name for e in expects}
    gate = asyncio.Semaphore(opening_at_once)
    opened = time.monotonic()
    attempts = [Viewer(i, recording, url, timeout_s) for i in range(viewers)]
    outcomes = await asyncio.gather(*(_open(v, gate) for v in attempts), return_exceptions=True)
    held = []
    for viewer, outcome in zip(attempts, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            result.load_failures.append(f"viewer {viewer.index}: {type(outcome).__name__}: "
                                        f"{str(outcome)[:160]}")
            if viewer.ws is not None:
                await viewer.ws.close()
        else:
            held.append(viewer)
    result.open_s = time.monotonic() - opened
    result.held = len(held)
    await asyncio.sleep(2)  # let the server settle before its CPU is read
    cpu_before, client_before = cpu_seconds(pid), time.process_time()
    began = time.monotonic()
    await asyncio.gather(*(_clicking(v, expects, clicks, began + deadline_s, result,
                                     all_names, pause_s) for v in held))
    result.wall_s = time.monotonic() - began
    result.cpu_s = cpu_seconds(pid) - cpu_before
    result.client_cpu_s = time.process_time() - client_before
    result.cache_hits = sum(v.cache_hits for v in held)
    result.cache_misses = sum(v.cache_misses for v in held)
    result.rss_mb, result.peak_rss_mb = rss_mb(pid), peak_rss_mb(pid)
    await asyncio.gather(*(v.ws.close() for v in held), return_exceptions=True)
    return result


def expectations(atlas, codes: list[str], ours: bool) -> list[Expect]:
    """What a click on each oblast must show; the baseline keeps no URL."""
    result = []
    for code in codes:
        row = atlas.territories.loc[code]
        query = {"oblast": code, "command": row["command"]} if ours else {}
        result.append(Expect(code, row["name_en"], query))
    return result


def wire_room(url: str, pid: int, atlas, codes: list[str], ours: bool, viewers: int,
              clicks: int, **options) -> WireResult:
    """Record the clicks in Chromium, then run the room (from synchronous code, outside any
    Playwright sync session)."""
    recording = record(url, atlas, codes)
    return asyncio.run(run_wire_room(url, pid, recording, expectations(atlas, codes, ours),
                                     viewers, clicks, **options))


def rows(found: WireResult) -> dict:
    """The benchmark's rows (lists of numbers) for one app."""
    label = f"wire_room_{found.asked}_viewers"
    clicks = max(1, found.clicks)
    return {
        f"{label}_held": [found.held],
        f"{label}_click_to_panel_ms": found.click_ms or [float("nan")],
        f"{label}_click_to_finished_ms": found.finished_ms or [float("nan")],
        f"{label}_server_cpu_ms_per_click": [1000 * found.cpu_s / clicks],
        f"{label}_client_cpu_ms_per_click": [1000 * found.client_cpu_s / clicks],
        f"{label}_clicks_per_s": [found.clicks / found.wall_s if found.wall_s else 0.0],
        f"{label}_wrong_panels": [len(found.wrong)],
        f"rss_mb_{label}_open": [found.rss_mb],
    }


def summary(name: str, found: WireResult | dict) -> list[str]:
    """How the wire room went for one app, in words."""
    found = found if isinstance(found, dict) else asdict(found)

    def stats(values):
        if not values:
            return "none"
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return f"median {statistics.median(values):,.0f} ms, p95 {p95:,.0f} ms"

    clicks = max(1, found["clicks"])
    lines = [
        f"wire room {name}: {found['held']} of {found['asked']} viewers held (opened in "
        f"{found['open_s']:.1f} s), {found['clicks']} clicks in {found['wall_s']:.1f} s, "
        f"{len(found['wrong'])} wrong or missing panels"
        + (", stopped by the deadline" if found["stopped_by_deadline"] else "")
        + f", {found['cache_hits']} references resolved from the cache"
        + (f", {found['cache_misses']} cache misses" if found["cache_misses"] else ""),
        f"  click→panel {stats(found['click_ms'])}; click→finished "
        f"{stats(found['finished_ms'])}; server CPU {1000 * found['cpu_s'] / clicks:.1f} ms"
        f"/click, client CPU {1000 * found['client_cpu_s'] / clicks:.1f} ms/click; server RSS "
        f"{found['rss_mb']:.0f} MiB open (peak {found['peak_rss_mb']:.0f}); runs "
        + ", ".join(f"{count} {status}" for status, count in found["statuses"].items())]
    lines += [f"  could not open: {failure}" for failure in found["load_failures"][:5]]
    lines += [f"  wrong: {wrong}" for wrong in found["wrong"][:5]]
    return lines


def main() -> None:
    """Run the wire room against a fresh server of each app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=("ours", "baseline", "both"), default="both")
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--clicks", type=int, default=5, help="clicks per viewer")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per click")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from geo.atlas import DATA_DIR, load_atlas

    atlas = load_atlas(DATA_DIR)
    codes = list(atlas.territories.index[atlas.territories["kind"] == "oblast"])
    apps = {"ours": ROOT / "app.py", "baseline": BASELINE}
    names = list(apps) if args.app == "both" else [args.app]
    results = {}
    with tempfile.TemporaryDirectory() as logs:
        for name in names:
            cwd = ROOT if name == "ours" else baseline_directory(Path(logs))
            with app_server(Path(logs), script=apps[name], cwd=cwd) as server:
                found = wire_room(server.url, server.process.pid, atlas, codes,
                                  name == "ours", args.viewers, args.clicks,
                                  timeout_s=args.timeout)
            results[name] = asdict(found)
            print("\n".join(summary(name, found)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
