"""The server configuration for a briefing network, checked on a running server."""

from __future__ import annotations

import tomllib
import urllib.error
import urllib.request

import pytest

from tests.browser_harness import app_server
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("logs")) as running:
        yield running


def status(url: str, method: str = "GET", data: bytes | None = None) -> int:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_run_configuration():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableAgentApi"] is False
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_health_endpoint_answers(server):
    assert status(f"{server.url}/_stcore/health") == 200


def test_agent_api_is_off(server):
    assert status(f"{server.url}/_stcore/agent/interact", "POST", b"{}") == 403


def test_upload_without_xsrf_token_is_refused(server):
    assert status(f"{server.url}/_stcore/upload_file/session/file", "PUT", b"x") == 403
