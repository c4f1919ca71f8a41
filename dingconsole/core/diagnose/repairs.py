"""Cause before symptom: was the ciphertext altered on its way to the console?

A signature that does not verify is usually blamed on the token, but the commonest real cause is a
value damaged in transit: '+' turned into spaces by a URL decoder, %2B left encoded, the trailing
newline of base64.encodebytes stripped, the value cut short. So before blaming anything, each
likely repair is tried and the signature checked against it; a repair that verifies (or, with no
signature to check, that makes the message decrypt) is named as the cause, and the later steps run
on the repaired value. A cut ciphertext cannot be repaired, but the right aesKey still opens its
first blocks (CBC), which tells a truncation from a wrong key.

"Intact" is said only when something proves it (the signature verifies, or an aesKey opens the value
as it arrived). Without that proof the step says what can be seen without keys — spaces or URL
escapes in base64, a length that is not a multiple of 4 — and otherwise "not checked" (skipped),
never "no sign of damage" (issue 23).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from dingconsole.core.crypto import Decrypted, DingCrypto, same_signature, sign
from dingconsole.core.diagnose.causes import cause_step
from dingconsole.core.diagnose.opening import aes_bytes, cut_short
from dingconsole.core.diagnose.report import Status, Step
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
INTACT = "the aesKey opens the value as it arrived: not cut, and no spaces or URL escapes in it"


@dataclass(frozen=True)
class Repair:
    code: str  # the cause it proves (causes.py)
    encrypt: str
    count: int = 0


@dataclass
class Transit:
    """The transit step, and the value (repaired when a repair was proven) the later steps work on."""

    step: Step
    encrypt: str
    signers: set[str] = field(default_factory=set)  # profiles whose token verifies `encrypt`
    repaired: bool = False
    cut: bool = False


def candidates(encrypt: str) -> list[Repair]:
    """The likely repairs of a damaged value, most specific first."""
    found: list[Repair] = []
    breaks = encrypt.count("\n") + encrypt.count("\r")
    if breaks:  # line breaks put into the value after it was signed (a wrapping logger, mailer, tool)
        found.append(Repair("line_breaks_added", encrypt.replace("\r", "").replace("\n", ""), breaks))
    spaces = encrypt.count(" ")  # a leading or trailing space was a '+' too: never strip them
    if spaces:
        found.append(Repair("plus_as_space", encrypt.replace(" ", "+"), spaces))
    escapes = len(_ESCAPE.findall(encrypt))
    if escapes:
        value = encrypt.replace(" ", "+").replace("%20", "+")
        found.append(Repair("percent_encoded", unquote(value), escapes))
    if not encrypt.endswith("\n"):
        found.append(Repair("lost_newline", encrypt + "\n"))
    if "\n" not in encrypt and len(encrypt) > 76:
        try:
            data = base64.b64decode(encrypt, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if data:
            lines = base64.encodebytes(data).decode("ascii")
            found.append(Repair("lost_line_breaks", lines))
            found.append(Repair("lost_line_breaks", lines.rstrip("\n")))
    return found


def signers_of(encrypt: str, params: dict[str, str] | None, profiles: Sequence[Profile]) -> set[str]:
    """Names of the profiles whose token gives the received signature over `encrypt`."""
    if params is None:
        return set()
    ts, nonce, received = params["timestamp"], params["nonce"], params["signature"]
    return {p.name for p in profiles if same_signature(sign(p.token, ts, nonce, encrypt), received)}


def opened_by(encrypt: str, profiles: Sequence[Profile]) -> tuple[Profile, Decrypted] | None:
    """The first profile whose aesKey decrypts `encrypt` cleanly (padding and length), and the result."""
    for profile in profiles:
        try:
            return profile, DingCrypto("", profile.aes_key).decrypt(encrypt, check_owner=False)
        except DingError:
            continue
    return None


def transit_step(
    encrypt: str,
    params: dict[str, str] | None,
    profiles: Sequence[Profile],
    signers: set[str],
    tokens: Sequence[Profile] | None = None,
) -> Transit:
    """Name the damage when a repair proves it; otherwise say nothing was seen (or that the value was cut).

    `profiles` are tried for decryption (usable aesKeys), `tokens` (default: the same) for signatures:
    a profile whose aesKey is broken can still prove a repair with its token.
    """
    signing = profiles if tokens is None else tokens
    if signers:
        return Transit(
            _passed("the signature verifies over the value as it arrived: not altered in transit", "verified"),
            encrypt,
            signers,
        )
    raw_opens = opened_by(encrypt, profiles) is not None
    for repair in candidates(encrypt):
        fixed_signers = signers_of(repair.encrypt, params, signing)
        if not fixed_signers and (raw_opens or repair.code not in ("plus_as_space", "percent_encoded")):
            continue  # nothing this repair could prove: skip its decryption
        chosen = [p for p in profiles if p.name in fixed_signers] if fixed_signers else list(profiles)
        opened = opened_by(repair.encrypt, chosen)
        if fixed_signers:
            proof = "both" if opened else "signature"
        elif opened and not raw_opens and repair.code in ("plus_as_space", "percent_encoded"):
            proof = "decrypt"
        else:
            continue
        step = cause_step(repair.code, count=repair.count, proof=proof)
        return Transit(step, repair.encrypt, fixed_signers, repaired=True)
    if raw_opens:
        return Transit(_passed(INTACT, "intact"), encrypt)
    for profile in profiles:
        key = aes_bytes(profile.aes_key)
        cut = cut_short(encrypt, key) if key else None
        if cut is None:
            continue
        if cut.by_chars:
            step = cause_step("truncated_chars", chars=cut.chars, profile=profile.name, declared=cut.declared)
        else:
            step = cause_step("truncated_blocks", size=cut.size, profile=profile.name, declared=cut.declared)
        step.params["size"] = cut.size
        return Transit(step, encrypt, cut=True)
    return unproven(encrypt, checkable=bool(profiles) or bool(signing and params))


def seen_without_keys(encrypt: str) -> Repair | None:
    """Damage visible without any key: base64 never holds spaces or '%', and its length is a multiple of 4."""
    spaces = encrypt.count(" ")
    escapes = len(_ESCAPE.findall(encrypt))
    if escapes:
        return Repair("percent_encoded", unquote(encrypt.replace(" ", "+").replace("%20", "+")), escapes)
    if spaces:
        return Repair("plus_as_space", encrypt.replace(" ", "+"), spaces)
    chars = len("".join(encrypt.split()))
    if chars % 4:
        return Repair("length_not_quad", encrypt, chars)
    return None


def unproven(encrypt: str, *, checkable: bool) -> Transit:
    """Nothing proved a repair or the value intact: name what is visible, else say it was not checked."""
    found = seen_without_keys(encrypt)
    why = "no token or aesKey fits" if checkable else "no token or aesKey to check with"
    if found is None:
        step = cause_step("transit_not_checked", why=why, chars=len(encrypt))
        return Transit(step, encrypt)
    if found.code == "length_not_quad":
        return Transit(cause_step("length_not_quad", chars=found.count, why=why), encrypt)
    step = cause_step(found.code, count=found.count, proof="seen", why=why)
    return Transit(step, found.encrypt)


def _passed(detail: str, state: str) -> Step:
    return Step("transit", Status.PASSED, detail, params={"state": state})
