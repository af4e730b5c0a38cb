"""The seam every platform adapter fits: build from config, run until cancelled, send.

An adapter converts platform updates to `Incoming` (a pure function), hands them to
`engine.receive`, and renders `Reply` objects for its platform in `send`. No business
logic lives in an adapter.
"""

from __future__ import annotations

from typing import Any, Protocol

from core.types import Address, Reply


class Adapter(Protocol):
    platform: str

    @classmethod
    def from_config(cls, config: Any, engine: Any) -> Adapter: ...

    async def run(self) -> None: ...

    async def send(self, address: Address, reply: Reply) -> None: ...


def decode_text(raw: str | bytes | None) -> str:
    """Text from a platform payload; invalid UTF-8 becomes U+FFFD instead of an error."""
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        return raw.decode("utf-8", errors="replace")
    return raw.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates
