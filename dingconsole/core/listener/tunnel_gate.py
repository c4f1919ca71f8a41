"""What the listener knows about a running tunnel (core/tunnel): who came through it, and the one-time probe.

A tunnel client connects from 127.0.0.1, so the peer address proves nothing about where a request came
from. A request that names the tunnel's public host, or carries the X-Forwarded-For header the tunnel's
preset says it sets, came from the internet: a stranger, whatever its peer. The probe is how a
verification proves that a GET through the public URL reached *this* listener: the verifier asks for a
token, sends it through the tunnel, and only this listener can answer with the matching proof.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Mapping, Sequence

PROBE_PARAM = "dingconsole-probe"
FORWARDED_FOR = "X-Forwarded-For"
MAX_PROBES = 16  # tokens whose GET never arrived are dropped, oldest first


class TunnelGate:
    """Swapped attributes only (one rebind each): the listener thread reads them while another thread sets them."""

    def __init__(self) -> None:
        self.hosts: frozenset[str] = frozenset()  # lower-cased `host[:port]` as the tunnel's public URL names it
        self.forwards = False  # the tunnel sets X-Forwarded-For; its last entry is the client it saw
        self._probes: dict[str, str] = {}

    def set(self, hosts: Sequence[str], forwards: bool) -> None:
        self.hosts = frozenset(h.strip().lower() for h in hosts if h.strip())
        self.forwards = forwards

    def through(self, headers: Mapping[str, str]) -> bool:
        """True when the request came through the tunnel (its Host, or the header the tunnel adds)."""
        host = headers.get("Host", "").strip().lower()
        return host in self.hosts or (self.forwards and FORWARDED_FOR in headers)

    def remote(self, peer: str, headers: Mapping[str, str]) -> str:
        """The client the tunnel names (the last X-Forwarded-For entry, the one it appended) when the peer is
        this machine and the preset says the tunnel sets the header; otherwise the peer."""
        forwarded = headers.get(FORWARDED_FOR) if self.forwards else None
        if forwarded is None:
            return peer
        try:
            if not ipaddress.ip_address(peer).is_loopback:
                return peer
            return str(ipaddress.ip_address(forwarded.rsplit(",", 1)[-1].strip()))
        except ValueError:
            return peer

    def issue(self) -> tuple[str, str]:
        """A fresh (token, proof): send the token as ?dingconsole-probe=, expect the proof on the page."""
        token, proof = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        probes = dict(self._probes)
        probes[token] = proof
        while len(probes) > MAX_PROBES:
            probes.pop(next(iter(probes)))
        self._probes = probes
        return token, proof

    def answer(self, query: Mapping[str, str], page: bytes) -> bytes:
        """The page, with the proof added when the query carries a token issued here (each works once)."""
        token = query.get(PROBE_PARAM)
        proof = self._probes.pop(token, None) if token else None
        if proof is None:
            return page
        return page.replace(b"</body>", f'<p id="{PROBE_PARAM}">{proof}</p>\n</body>'.encode())
