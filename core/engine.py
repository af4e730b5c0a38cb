"""The turn pipeline: the only module that knows all the others.

    receive(incoming) -> inbox.accept (duplicate? drop) -> per-conversation lock ->
    handoff intercept? -> understand -> act (search, order, policy, escalate...) ->
    compose reply (prompt files) -> store.finish_turn (messages + outbox, one transaction)
    -> deliver through the platform's sender -> outbox marked delivered

Messages of one conversation are handled strictly in order (a keyed asyncio lock); different
conversations run concurrently. The decisions of a turn live in core/turns.py; this module
owns ordering, durability and delivery.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import DeliveryError
from .store import Store
from .types import Address, Incoming, Reply

log = logging.getLogger(__name__)


class Sender(Protocol):
    async def send(self, address: Address, reply: Reply) -> None: ...


@dataclass(frozen=True)
class ComposedText:
    text: str
    prompt_version: str
    # template: the prompt file's template by design; model: the model's checked draft;
    # fallback: the template because the model's drafts failed the checks or it was down;
    # refusal: an attempt to change the rules, answered with the refusal + template
    source: str = "template"


class KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    async def __call__(self, key: str):
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        await lock.acquire()
        return _Held(self, key, lock)

    def _release(self, key: str, lock: asyncio.Lock) -> None:
        lock.release()
        _, users = self._locks[key]
        if users <= 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)


class _Held:
    def __init__(self, owner: KeyedLocks, key: str, lock: asyncio.Lock):
        self.owner, self.key, self.lock = owner, key, lock

    def release(self) -> None:
        self.owner._release(self.key, self.lock)


async def maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class Engine:
    def __init__(self, store: Store, turns: Any):
        """`turns` is a core.turns.TurnLogic (decides what to say for one message)."""
        self.store = store
        self.turns = turns
        self.senders: dict[str, Sender] = {}
        self._locks = KeyedLocks()
        self._inflight: set[int] = set()  # inbox ids whose turn is running now

    def register(self, platform: str, sender: Sender) -> None:
        self.senders[platform] = sender

    def accept(self, incoming: Incoming) -> int | None:
        """Store an incoming message durably (synchronously: when this returns, a crash
        loses nothing). None when this delivery was seen before."""
        inbox_id = self.store.accept(incoming)
        if inbox_id is None:
            log.info("duplicate delivery dropped: %s %s", incoming.platform, incoming.message_id)
        return inbox_id

    async def receive(self, incoming: Incoming) -> bool:
        """Accept durably and handle; False when this delivery was seen before."""
        inbox_id = self.accept(incoming)
        if inbox_id is None:
            return False
        await self.handle(inbox_id, incoming)
        return True

    async def handle(self, inbox_id: int | None, incoming: Incoming) -> None:
        """Run the turn for an accepted message and deliver its replies."""
        if inbox_id is not None:
            if inbox_id in self._inflight:
                return  # already being handled (recover() racing a live delivery)
            self._inflight.add(inbox_id)
        try:
            await self._handle(inbox_id, incoming)
        finally:
            self._inflight.discard(inbox_id)

    async def _handle(self, inbox_id: int | None, incoming: Incoming) -> None:
        held = await self._locks(incoming.address.key)
        try:
            started = time.perf_counter()
            conversation = self.store.conversation(incoming.address)
            try:
                replies = await self.turns.run(conversation, incoming)
            except Exception:  # noqa: BLE001 - one bad turn must not kill the bot
                log.exception("turn failed for %s", incoming.address.key)
                replies = [self.turns.apology()]
            latency = (time.perf_counter() - started) * 1000
            outgoing = [(incoming.address, reply, {**meta, "latency_ms": latency})
                        for reply, meta in replies]
            outbox_ids = self.store.finish_turn(inbox_id, conversation, outgoing)
            for outbox_id in outbox_ids:
                await self._send(outbox_id)
        finally:
            held.release()

    async def deliver(self, address: Address, reply: Reply, user_id: str = "") -> bool:
        """Queue and send a reply outside a turn (staff relay, notices)."""
        return await self._send(self.store.queue(address, reply, user_id))

    async def _send(self, outbox_id: int) -> bool:
        address, reply, delivered = self.store.outbox_entry(outbox_id)
        if delivered:
            return True
        sender = self.senders.get(address.platform)
        if sender is None:
            log.warning("no sender for %s; reply %s stays in the outbox", address.platform,
                        outbox_id)
            return False
        try:
            await sender.send(address, reply)
        except DeliveryError as exc:
            self.store.mark_failed(outbox_id, str(exc), give_up=not exc.retryable)
            log.warning("delivery of %s to %s failed: %s", outbox_id, address.key, exc)
            return False
        self.store.mark_delivered(outbox_id)
        return True

    async def recover(self) -> None:
        """After a restart: finish turns that were accepted but not handled, then resend."""
        for outbox_id in self.store.undelivered():
            await self._send(outbox_id)
        pending = [(i, inc) for i, inc in self.store.unhandled() if i not in self._inflight]
        await asyncio.gather(*(self.handle(i, inc) for i, inc in pending))

