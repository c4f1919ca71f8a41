"""Before blaming the token: signature mistakes that a repair proves (issue 23).

A signature that does not verify is not always a wrong token. A token stored or sent with whitespace
around it, the four values concatenated in the wrong order (unsorted, or sorted by another rule) —
each is tried here, and named only when the received signature verifies after that repair, the
way the transit step proves '+'→space. Nothing here is a guess: no match, no cause.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import permutations

from dingconsole.core.crypto import same_signature, sign
from dingconsole.core.diagnose.causes import cause_step
from dingconsole.core.diagnose.report import Step
from dingconsole.core.profiles import Profile

NAMES = ("token", "timestamp", "nonce", "encrypt")
# whitespace a sender's token commonly carries: a line read with its newline, a padded config value
_SENDER_WHITESPACE = ("\n", "\r\n", " ", "\t", "\r")
_WHERE = {"\n": "a trailing newline", "\r\n": "a trailing CR LF", " ": "a trailing space", "\t": "a trailing tab",
          "\r": "a trailing CR"}  # fmt: skip


def _concat(order: Sequence[str], values: dict[str, str]) -> str:
    return hashlib.sha1("".join(values[name] for name in order).encode("utf-8")).hexdigest()


def signature_cause(params: dict[str, str], encrypt: str, profiles: Sequence[Profile]) -> Step | None:
    """The signature step naming a proven mistake other than the token, or None when none verifies."""
    ts, nonce, received = params["timestamp"], params["nonce"], params["signature"]
    for profile in profiles:
        token = profile.token
        bare = token.strip()
        if bare and bare != token and same_signature(sign(bare, ts, nonce, encrypt), received):
            return cause_step("token_whitespace", profile=profile.name, count=len(token) - len(bare))
        for space in _SENDER_WHITESPACE:
            for variant, where in ((bare + space, _WHERE[space]), (space + bare, "leading whitespace")):
                if same_signature(sign(variant, ts, nonce, encrypt), received):
                    return cause_step("token_whitespace_sender", profile=profile.name, where=where)
        for token_value in dict.fromkeys((token, bare)):
            values = {"token": token_value, "timestamp": ts, "nonce": nonce, "encrypt": encrypt}
            for order in permutations(NAMES):
                if same_signature(_concat(order, values), received):
                    return cause_step("signature_unsorted", profile=profile.name, order=", ".join(order))
    return None
