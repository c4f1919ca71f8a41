"""Response policies: how the listener answers a *valid* push, so users can watch DingTalk's retries.

`success` is the correct reply. The others are deliberate failures a user switches on while the
listener runs: a reply DingTalk rejects (71009), a slow reply (past the 1500 ms budget when large
enough), an HTTP 500, or a dropped connection with no reply at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PolicyKind(enum.StrEnum):
    SUCCESS = "success"
    NON_SUCCESS = "non_success"
    DELAY = "delay"
    HTTP_500 = "http_500"
    CLOSE = "close"


NON_SUCCESS_MESSAGE = "fail"  # sealed correctly, but not the text `success` DingTalk requires
MAX_DELAY_MS = 120_000


@dataclass(frozen=True)
class Policy:
    kind: PolicyKind = PolicyKind.SUCCESS
    delay_ms: int = 0

    @classmethod
    def success(cls) -> Policy:
        return cls(PolicyKind.SUCCESS)

    @classmethod
    def non_success(cls) -> Policy:
        return cls(PolicyKind.NON_SUCCESS)

    @classmethod
    def delay(cls, ms: int) -> Policy:
        """Answer `success` after `ms` milliseconds (DingTalk gives up after about 1500 ms)."""
        if not 0 <= int(ms) <= MAX_DELAY_MS:
            raise ValueError(f"delay must be 0..{MAX_DELAY_MS} ms, not {ms}")
        return cls(PolicyKind.DELAY, int(ms))

    @classmethod
    def http_500(cls) -> Policy:
        return cls(PolicyKind.HTTP_500)

    @classmethod
    def close(cls) -> Policy:
        return cls(PolicyKind.CLOSE)

    @classmethod
    def parse(cls, text: str) -> Policy:
        """`success`, `non_success`, `delay:MS`, `http_500` or `close` (the CLI's --policy)."""
        value = text.strip().lower().replace("-", "_")
        if value.startswith("delay"):
            _, _, ms = value.partition(":")
            try:
                return cls.delay(int(ms))
            except ValueError:
                raise ValueError(f"{text!r}: write delay:MS with MS in 0..{MAX_DELAY_MS}") from None
        try:
            kind = PolicyKind(value)
        except ValueError:
            raise ValueError(
                f"unknown policy {text!r}: use success, non_success, delay:MS, http_500 or close"
            ) from None
        return cls(kind)

    def __str__(self) -> str:
        return f"delay:{self.delay_ms}" if self.kind is PolicyKind.DELAY else self.kind.value
