"""Projectors following a presenter (issue 23): the delay, and what 50 followers cost.

    python -m tests.bench.follow_room [--steps 50] [--viewers 50] [--room-steps 20]
                                      [--interval 3] [--json out.json]

1. **Presenter → projector, in Chromium.** A presenter page (`?deck=default&mode=presenter`)
   steps with PageDown `--steps` times while a projector page
   (`?deck=default&mode=briefing&follow=1`) follows. The delay of a step is from the moment
   the presenter's step is in the store (the position's `updated_at`, written by the
   presenter's server run) to the moment the projector's address names that step, stamped
   inside the projector's page (`performance.timeOrigin + performance.now()`, the same clock
   on one machine). Median and p95.
2. **The room, on the wire.** `--viewers` projector sessions speak Streamlit's websocket
   protocol from Python (tests/bench/wire_room.py's Viewer, as its room does for clicks: the
   browsers are left out, so what is measured is the server). Each opens with the rerun a
   real projector page sent (recorded in part 1), then holds its websocket open and asks for
   nothing: the server's room watcher reruns its page at each step
   (components/presenter.py's RoomWatcher). The presenter's step is written to the store
   every `--interval` seconds, `--room-steps` times (what the presenter's server does on a
   step); each viewer's delay is from that write to the `page_info_changed` naming the new
   step. The server's CPU over the stepping, divided by viewers × steps, is the cost per
   viewer per step; a quiet stretch first (no step) gives the cost between steps.

Loopback only; a temporary data directory (KZ_DATA_DIR) for the store. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.decks.store import built_in_room, open_store
from components.presenter import WATCH_INTERVAL_S
from tests.bench.apps import READY
from tests.bench.proc import cpu_seconds, rss_mb
from tests.bench.wire_room import Recording, Viewer, _xsrf_cookie
from tests.browser_harness import app_server, launch_browser, open_page

# The built-in tour, in the room this presenter's key makes (each presenter has their own).
KEY = "bench-presenter-key-0000000000"
DECK = built_in_room(KEY)
FOLLOW_QUERY = f"deck={DECK}&mode=briefing&follow=1"
STEPS_IN_DECK = 6  # the built-in tour: overview, four commands, overview
# Armed before the step (not awaited: evaluate would wait for the promise), read after it.
STEP_SHOWN = """(step) => { window.__benchShown = new Promise(resolve => {
  const at = () => performance.timeOrigin + performance.now();
  const check = () => new URLSearchParams(location.search).get('step') === String(step);
  if (check()) { resolve(at()); return; }
  const timer = setInterval(() => { if (check()) { clearInterval(timer); resolve(at()); } }, 5);
}); }"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def stats(values: list[float]) -> str:
    if not values:
        return "none"
    return f"median {statistics.median(values):,.0f} ms, p95 {p95(values):,.0f} ms"


def browser_delays(url: str, steps: int) -> tuple[list[float], Recording]:
    """Presenter and projector in Chromium; the projector's BackMsgs recorded on the way."""
    from playwright.sync_api import sync_playwright

    store = open_store(None)
    sent: list[bytes] = []
    handshake: dict[str, str] = {}
    delays: list[float] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        speaker, _ = open_page(browser, 1366, 768)
        speaker.goto(f"{url}/?deck={DECK}&mode=presenter&key={KEY}", timeout=120_000)
        speaker.wait_for_function(READY, timeout=120_000, polling=50)
        room, _ = open_page(browser, 1920, 1080)
        room.on("websocket", lambda ws: "/_stcore/stream" in ws.url and ws.on(
            "framesent", lambda payload: isinstance(payload, bytes) and sent.append(payload)))
        cdp = room.context.new_cdp_session(room)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketWillSendHandshakeRequest",
               lambda event: handshake.update(event["request"]["headers"]))
        room.goto(f"{url}/?{FOLLOW_QUERY}", timeout=120_000)
        room.wait_for_function(READY, timeout=120_000, polling=50)
        room.wait_for_timeout(1500)
        for _ in range(steps):
            before = store.position(DECK)
            step = (before.step_index + 1) % STEPS_IN_DECK + 1  # 1-based, looped
            room.evaluate(STEP_SHOWN, step)
            speaker.locator('[data-testid="stMain"]').press("PageDown")
            shown_ms = room.evaluate("() => window.__benchShown")
            written = store.position(DECK)
            delays.append(shown_ms - written.updated_at * 1000)
            speaker.wait_for_timeout(300)
        browser.close()
    opening = [raw for raw in sent if BackMsg.FromString(raw).WhichOneof("type") == "rerun_script"
               and not BackMsg.FromString(raw).rerun_script.fragment_id]
    if not opening:
        raise RuntimeError("the projector sent no opening run")
    headers = {key.lower(): value for key, value in handshake.items()}
    protocols = [p.strip() for p in headers.get("sec-websocket-protocol", "streamlit").split(",")]
    return delays, Recording(url, headers.get("origin"), protocols, headers.get("cookie"),
                             opening[:1], {})


class Follower(Viewer):
    """A projector on the wire: holds its session open and notes when its address names a
    new step."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.sightings: list[tuple[float, int]] = []  # (time.time(), step) at each change
        self.runs = 0
        self.errors: list[str] = []
        self.received_bytes = 0  # what the server sent, as decoded (before the wire's deflate)
        self.received_messages = 0
        self.largest: dict[str, int] = {}  # kind of message → its largest, in bytes
        self.kinds: dict[str, int] = {}  # kind of message → how many

    def _note(self, now: float) -> None:
        step = dict(pair.split("=", 1) for pair in self.query_string.split("&")
                    if "=" in pair).get("step")
        if step and step.isdigit() and (not self.sightings
                                        or self.sightings[-1][1] != int(step)):
            self.sightings.append((now, int(step)))

    async def listen(self, until: float) -> None:
        """Read what the server sends until `until` (monotonic)."""
        while time.monotonic() < until:
            try:
                async with asyncio.timeout(max(0.01, until - time.monotonic())):
                    frame = await self.ws.recv()
            except TimeoutError:
                return
            except Exception as error:  # noqa: BLE001 - a lost connection is reported
                self.errors.append(f"{type(error).__name__}: {str(error)[:100]}")
                return
            self.received_bytes += len(frame)
            self.received_messages += 1
            message = self._resolve(ForwardMsg.FromString(frame))
            if message is None:
                continue
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                kind = f"element:{message.delta.new_element.WhichOneof('type')}"
            self.largest[kind] = max(self.largest.get(kind, 0), len(frame))
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            if kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
                self._note(time.time())
            elif kind == "script_finished":
                self.runs += 1
            elif kind == "element:exception":
                self.errors.append(message.delta.new_element.exception.message[:100])


async def open_follower(viewer: Follower, gate: asyncio.Semaphore) -> Follower:
    async with gate:
        cookie = await asyncio.to_thread(_xsrf_cookie, viewer.url, viewer.recording.cookie)
        await viewer.connect(cookie)
        viewer.query_string = FOLLOW_QUERY  # the projector's link
        seen = await viewer.run(viewer.recording.opening[0], None)
        if seen["status"] != "FINISHED_SUCCESSFULLY":
            raise RuntimeError(f"opening run {seen['status']} {seen['errors'][:1]}")
        return viewer


async def room(url: str, pid: int, recording: Recording, viewers: int, steps: int,
               interval_s: float, quiet_s: float = 10.0) -> dict:
    store = open_store(None)
    gate = asyncio.Semaphore(10)
    attempts = [Follower(i, recording, url, 60.0) for i in range(viewers)]
    outcomes = await asyncio.gather(*(open_follower(v, gate) for v in attempts),
                                    return_exceptions=True)
    held = [v for v, o in zip(attempts, outcomes, strict=True) if not isinstance(o, BaseException)]
    failures = [str(o)[:160] for o in outcomes if isinstance(o, BaseException)]
    start_step = store.position(DECK).step_index
    # Between steps: nobody steps.
    await asyncio.sleep(2)
    cpu_before, began = cpu_seconds(pid), time.monotonic()
    await asyncio.gather(*(v.listen(began + quiet_s) for v in held))
    quiet_cpu = cpu_seconds(pid) - cpu_before
    quiet_wall = time.monotonic() - began
    # The presenter steps every `interval_s`.
    written: dict[int, tuple[int, float]] = {}
    cpu_before, began = cpu_seconds(pid), time.monotonic()
    until = began + steps * interval_s + 1.5
    for viewer in held:
        viewer.received_bytes = viewer.received_messages = 0
        viewer.largest.clear()
        viewer.kinds.clear()
    tasks = [asyncio.create_task(v.listen(until)) for v in held]
    for number in range(steps):
        await asyncio.sleep(max(0.0, began + number * interval_s + 0.5 - time.monotonic()))
        index = (start_step + 1 + number) % STEPS_IN_DECK
        position = await asyncio.to_thread(store.set_position, DECK, index, None, KEY)
        written[number] = (index + 1, position.updated_at)
    await asyncio.gather(*tasks)
    step_cpu = cpu_seconds(pid) - cpu_before
    delays, missed = [], 0
    for viewer in held:
        for step, at in written.values():
            # The tour loops, so a step comes back: the first sighting after this write.
            seen = [when for when, shown in viewer.sightings if shown == step and when >= at]
            if seen:
                delays.append((seen[0] - at) * 1000)
            else:
                missed += 1
    runs = sum(v.runs for v in held)
    result = {
        "viewers_held": len(held), "open_failures": failures[:5],
        "steps": steps, "interval_s": interval_s, "watch_interval_s": WATCH_INTERVAL_S,
        "delays_ms": delays, "missed": missed,
        "server_cpu_ms_per_viewer_per_step": 1000 * step_cpu / max(1, len(held) * steps),
        "server_cpu_ms_per_viewer_per_s_between_steps": 1000 * quiet_cpu / max(1, len(held))
        / quiet_wall,
        "runs": runs, "errors": sum((v.errors for v in held), [])[:5],
        "kb_per_viewer_per_step": sum(v.received_bytes for v in held) / 1024
        / max(1, len(held) * steps),
        "messages_per_viewer_per_step": sum(v.received_messages for v in held)
        / max(1, len(held) * steps),
        "largest_kb": {kind: size / 1024 for kind, size in sorted(
            held[0].largest.items(), key=lambda item: -item[1])[:6]} if held else {},
        "messages_by_kind_per_step": {kind: count / steps for kind, count in sorted(
            held[0].kinds.items(), key=lambda item: -item[1])} if held else {},
        "rss_mb": rss_mb(pid),
    }
    await asyncio.gather(*(v.ws.close() for v in held), return_exceptions=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50, help="browser presenter's steps")
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--room-steps", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between steps")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KZ_DATA_DIR"] = tmp
        with app_server(Path(tmp)) as server:
            delays, recording = browser_delays(server.url, args.steps)
            results["presenter_to_projector_ms"] = delays
            print(f"presenter → projector (Chromium, {len(delays)} steps): {stats(delays)}",
                  flush=True)
            found = asyncio.run(room(server.url, server.process.pid, recording, args.viewers,
                                     args.room_steps, args.interval))
            results["room"] = found
    print(f"room: {found['viewers_held']} followers held, {found['steps']} steps every "
          f"{found['interval_s']} s (the watcher reads every {found['watch_interval_s']} s): "
          f"delay "
          f"{stats(found['delays_ms'])}, {found['missed']} missed; server CPU "
          f"{found['server_cpu_ms_per_viewer_per_step']:.1f} ms per viewer per step, "
          f"between steps {found['server_cpu_ms_per_viewer_per_s_between_steps']:.2f} ms per "
          f"viewer per second; {found['runs']} runs; sent per viewer per step "
          f"{found['messages_per_viewer_per_step']:.1f} messages, "
          f"{found['kb_per_viewer_per_step']:.1f} KB as decoded (largest: "
          + ", ".join(f"{kind} {kb:.1f} KB" for kind, kb in found["largest_kb"].items())
          + "; by kind: " + ", ".join(f"{kind} {count:.1f}" for kind, count
                                      in found["messages_by_kind_per_step"].items())
          + f"); RSS {found['rss_mb']:.0f} MiB; "
          f"errors {found['errors']}")
    if found["open_failures"]:
        print("could not open:", found["open_failures"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
