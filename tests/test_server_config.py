"""The server configuration for a briefing network, checked on a running server."""

from __future__ import annotations

import asyncio
import http.client
import http.cookiejar
import subprocess
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser_harness import app_server
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
# Over server.maxUploadSize (1 MB): the deck uploader's server refuses it before the app sees it.
MULTIPART = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n'
             b"Content-Type: application/json\r\n\r\n" + b" " * 1_100_000 + b"\r\n--b--\r\n")


def run_async(coroutine):
    """Run a coroutine to its end on a thread of its own: the browser tests' Playwright keeps
    an event loop running on the main thread, where asyncio.run() is refused."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running


def status(url: str, method: str = "GET", data: bytes | None = None,
           headers: dict[str, str] | None = None, opener=None) -> int:
    request = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def first_page(url: str, while_open) -> tuple[int, object]:
    """Open a session as the browser does: the bytes of its first page, and what
    `while_open(session_id)` returns while the session is still live."""
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as socket:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await socket.send(rerun.SerializeToString())
        session_id, received = "", 0
        while True:
            raw = await asyncio.wait_for(socket.recv(), 60)
            received += len(raw)
            message = ForwardMsg()
            message.ParseFromString(raw)
            if message.WhichOneof("type") == "new_session":
                session_id = message.new_session.initialize.session_id
            if message.WhichOneof("type") == "script_finished":
                return received, while_open(session_id)


async def close_code_after_sending(url: str, size: int) -> int | None:
    """Send one frame of `size` bytes; the close code the server answers with, or None."""
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as socket:
        await socket.send(b"\0" * size)
        try:
            while True:
                await asyncio.wait_for(socket.recv(), 10)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except TimeoutError:
            return None


def test_run_configuration():
    assert CONFIG["server"]["address"] == "127.0.0.1"  # one laptop: loopback only
    assert CONFIG["server"]["allowedHosts"] == ["localhost", "127.0.0.1"]
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableAgentApi"] is False
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["maxUploadSize"] == 1  # MB: the deck file's reader takes 256 KB
    assert CONFIG["server"]["maxMessageSize"] == 1
    assert CONFIG["server"]["maxWidgetStateSize"] == 1
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["disableDataExport"] is True


def test_start_asks_no_outside_address_even_on_every_interface():
    """Streamlit looks up an "External URL" at checkip.amazonaws.com when headless unless an
    address is set by hand; the network case (`--server.address 0.0.0.0`) must not either."""
    probe = (
        "from streamlit import config, net_util\n"
        "from streamlit.web import bootstrap\n"
        "config.get_config_options(force_reparse=True)\n"
        "config.set_option('server.address', '0.0.0.0', 'command-line')\n"
        "calls = []\n"
        "net_util.get_external_ip = lambda: calls.append('external')\n"
        "net_util.get_internal_ip = lambda: calls.append('internal')\n"
        "bootstrap._print_url(False)\n"
        "print('CALLS', calls)\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert "CALLS []" in result.stdout, result.stdout + result.stderr


def test_health_endpoint_answers(server):
    assert status(f"{server.url}/_stcore/health") == 200


def test_agent_api_is_off(server):
    assert status(f"{server.url}/_stcore/agent/interact", "POST", b"{}") == 403


def test_upload_without_xsrf_token_is_refused(server):
    assert status(f"{server.url}/_stcore/upload_file/session/file", "PUT", b"x") == 403


def test_first_page_fits_the_message_limit_and_big_uploads_are_refused(server):
    """Even with a live session and a valid XSRF token, as someone on the network has."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    assert status(f"{server.url}/_stcore/health", opener=opener) == 200
    token = next(cookie.value for cookie in jar if cookie.name == "_streamlit_xsrf")

    def upload(session_id: str) -> int:
        """The server's answer to a PUT of MULTIPART. It may answer 413 from the headers and
        close before the 1.1 MB body is all sent: the answer is read even then."""
        assert session_id
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(server.url).netloc,
                                                timeout=10)
        try:
            connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/file-1")
            for name, value in {"X-Xsrftoken": token, "Cookie": cookie,
                                "Content-Type": "multipart/form-data; boundary=b",
                                "Content-Length": str(len(MULTIPART))}.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                connection.send(MULTIPART)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused before the body was read
            return connection.getresponse().status
        finally:
            connection.close()

    first_page_bytes, code = run_async(first_page(server.url, upload))
    # The app's own first page must stay well inside server.maxMessageSize (1 MB).
    assert 50_000 < first_page_bytes < 600_000
    assert code == 413  # 204 (stored) with the default 200 MB limit


def test_a_client_frame_over_the_limit_closes_its_connection(server):
    assert run_async(close_code_after_sending(server.url, 2_000_000)) == 1009  # too big
    assert status(f"{server.url}/_stcore/health") == 200  # and the server carries on


async def websocket_answers(url: str, host_name: str) -> bool:
    """Whether the app's websocket opens for a page that reached it as `host_name`."""
    port = url.rsplit(":", 1)[1]
    try:
        async with websockets.connect(f"ws://{host_name}:{port}/_stcore/stream", host="127.0.0.1",
                                      port=int(port), subprotocols=["streamlit"],
                                      origin=f"http://{host_name}:{port}"):
            return True
    except (websockets.InvalidStatus, websockets.ConnectionClosed):
        return False


def test_a_rebound_host_name_gets_no_websocket(server):
    """DNS rebinding: a hostile page whose name resolves to this laptop reaches the server
    with its own Host header; only the allowed names open a session."""
    assert run_async(websocket_answers(server.url, "localhost"))
    assert not run_async(websocket_answers(server.url, "rebind.example"))


async def negotiated_extensions(url: str) -> str:
    """The websocket extensions the server agrees to when a browser offers compression."""
    port = url.rsplit(":", 1)[1]
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                                  subprotocols=["streamlit"], origin=f"http://127.0.0.1:{port}",
                                  compression="deflate") as socket:
        return socket.response.headers.get("Sec-WebSocket-Extensions", "")


def test_the_websocket_is_compressed(server):
    """A panel's text crosses a briefing network at about two thirds of its size."""
    assert "permessage-deflate" in run_async(negotiated_extensions(server.url))
