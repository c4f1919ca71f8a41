"""Proxies from the environment for every call to DingTalk's servers, through a real CONNECT proxy on loopback."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from dingconsole.core.dingtalk.doctor import diagnose_stream
from dingconsole.core.dingtalk.proxies import choose, proxy_for
from dingconsole.core.dingtalk.stream import Backoff, State, StreamClient
from dingconsole.core.store import EventStore
from tests.connect_proxy import running_proxy
from tests.core.dingtalk.test_doctor import certificate, closed_port, server_context, stage  # noqa: F401
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, event_frame, running, system_frame


def test_the_environment_chooses_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    assert proxy_for("https://api.dingtalk.com/x") is None
    monkeypatch.setenv("ALL_PROXY", "proxy.corp:3128")
    assert proxy_for("wss://wss-open-connection.dingtalk.com/connect") == "http://proxy.corp:3128"
    monkeypatch.setenv("https_proxy", "http://user:pw@secure.corp:8080")
    assert choose("wss://x.dingtalk.com").variable == "https_proxy"  # wss uses HTTPS_PROXY, not a WSS_PROXY
    assert choose("wss://x.dingtalk.com").to_dict()["proxy"] == "http://user:***@secure.corp:8080"
    assert proxy_for("http://oapi.dingtalk.com") == "http://proxy.corp:3128"  # http falls back to ALL_PROXY
    monkeypatch.setenv("NO_PROXY", ".dingtalk.com,localhost")
    assert proxy_for("https://api.dingtalk.com/x") is None and choose("https://api.dingtalk.com").bypassed_by_no_proxy
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    assert not choose("http://example.org").supported and proxy_for("http://example.org") is None


def test_the_stream_client_goes_through_the_proxy(
    gateway: Gateway, store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the endpoint names another host than the open call, so the WebSocket is a new connection to the proxy
    # (the tiny proxy sees only the first request of a kept-alive connection)
    gateway.tickets.append("t-proxy")
    endpoint = f"ws://localhost:{gateway.port}/connect"
    gateway.open_script = [(200, {"endpoint": endpoint, "ticket": "t-proxy"})]
    with running_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=Backoff(0.05, 1, 0.05), ip="")
        client.start()
        try:
            assert client.state is State.CONNECTED
            gateway.send(event_frame({"EventType": "user_add_org"}, message_id="via-proxy"))
            gateway.wait_ack("via-proxy")
        finally:
            client.stop()
    opened = f"POST {gateway.base}/v1.0/gateway/connections/open HTTP/1.1"
    assert (
        proxy.requests[0] == opened
        and proxy.requests[1] == f"GET ws://localhost:{gateway.port}/connect?ticket=t-proxy HTTP/1.1"
    )


def test_the_doctor_tunnels_tls_through_a_connect_proxy_and_shows_it(
    certificate: tuple[Path, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = server_context(certificate)
    client_context = ssl.create_default_context(cafile=str(certificate[0]))
    with (
        running(Gateway(ssl_context=context)) as tls_gateway,
        running(
            OpenApi(
                [],
            )
        ) as api,
        running_proxy() as proxy,
    ):
        tls_gateway.greet_next = system_frame("ping", "{}")
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        report = diagnose_stream(
            PROFILE, gateway=tls_gateway.base, api_base=api.base, wait=2, ssl_context=client_context
        )
    assert report.ok, report.to_dict()
    host = f"127.0.0.1:{tls_gateway.port}"
    assert proxy.requests == [f"CONNECT {host} HTTP/1.1", f"CONNECT {host} HTTP/1.1"]  # open, then the WebSocket
    assert (
        stage(report, "open").params["proxy"] == proxy.url
        and stage(report, "open").params["proxy_variable"] == "HTTPS_PROXY"
    )
    assert stage(report, "websocket").params["proxy"] == proxy.url
    assert stage(report, "token").params["proxy"] == ""  # the token API is plain http here: HTTPS_PROXY does not apply


def test_a_proxy_that_refuses_or_is_down_is_named(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(OpenApi([])) as api, running_proxy(refuse=True) as proxy:
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        refused = diagnose_stream(PROFILE, gateway=gateway.base, api_base=api.base, wait=1)
    token = stage(refused, "token")
    assert (
        token.cause == "net_proxy" and token.params["proxy_variable"] == "ALL_PROXY" and "407" in token.params["detail"]
    )
    monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{closed_port()}")
    with running(OpenApi([])) as api:
        down = diagnose_stream(PROFILE, gateway=gateway.base, api_base=api.base, wait=1)
    assert stage(down, "token").cause == "net_proxy"
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    unsupported = diagnose_stream(PROFILE, gateway=gateway.base, api_base="http://127.0.0.1:9", wait=1)
    assert stage(unsupported, "token").cause == "proxy_unsupported"
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with running(OpenApi([])) as api:
        gateway.greet_next = system_frame("ping", "{}")
        bypassed = diagnose_stream(PROFILE, gateway=gateway.base, api_base=api.base, wait=2)
    assert bypassed.ok and stage(bypassed, "open").params["no_proxy"] is True
