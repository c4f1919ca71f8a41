"""The listener and a running tunnel: strangers by Host and by the tunnel's header, the one-time probe."""

from __future__ import annotations

from dingconsole.core.exchange import Exchange
from dingconsole.core.listener import Listener
from dingconsole.core.listener.status_page import BARE_STATUS_PAGE
from dingconsole.core.listener.tunnel_gate import PROBE_PARAM
from dingconsole.core.profiles import Profile
from tests.listener_util import send


def test_tunnel_host_and_header_make_strangers(listener: Listener, profile: Profile) -> None:
    url = listener.urls()[profile.name]
    seen: list[Exchange] = []
    listener.add_observer(seen.append)
    _, before = send("GET", url, headers={"Host": "localhost", "X-Forwarded-For": "198.51.100.9"})
    assert profile.owner_key.encode() in before  # no tunnel: the header means nothing
    assert seen[-1].remote == "127.0.0.1"
    listener.tunnel.set(["127.0.0.1:9"], forwards=True)
    _, named = send("GET", url, headers={"Host": "127.0.0.1:9"})
    assert named == BARE_STATUS_PAGE
    _, forwarded = send("GET", url, headers={"Host": "localhost", "X-Forwarded-For": "10.0.0.1, 198.51.100.9"})
    assert forwarded == BARE_STATUS_PAGE
    assert seen[-1].remote == "198.51.100.9"  # the entry the tunnel appended, not the one the client sent
    _, local = send("GET", url)
    assert profile.owner_key.encode() in local  # this machine's own browser still sees the details
    listener.set_allowed_hosts(["127.0.0.1:9"])
    _, allowed = send("GET", url, headers={"Host": "127.0.0.1:9"})
    assert profile.owner_key.encode() in allowed  # allowed by name: the user's choice


def test_probe_proof_is_shown_once_and_only_for_a_token_issued_here(listener: Listener, profile: Profile) -> None:
    url = listener.urls()[profile.name]
    token, proof = listener.tunnel.issue()
    _, forged = send("GET", url, params={PROBE_PARAM: "made-up"})
    assert proof.encode() not in forged
    _, first = send("GET", url, params={PROBE_PARAM: token})
    assert proof.encode() in first
    _, again = send("GET", url, params={PROBE_PARAM: token})
    assert proof.encode() not in again
