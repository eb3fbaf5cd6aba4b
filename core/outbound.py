"""Sending to people and groups through an outbox.

A message is written as `pending` in the same transaction as whatever caused it, so nothing is
sent for work that rolled back and nothing is lost for work that committed. A worker claims due
messages by pushing their `send_after` one lease ahead, sends them outside any transaction, and
records the outcome. A worker that dies mid-send leaves its claims to expire; they are sent
again after the lease, so a crash between sending and recording repeats at most that message.
"""

import logging
import random
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import groupby

from sqlalchemy import JSON, Index, String, Text, exists, literal_column, update
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session, SQLModel, select

from core import outage, pacing
from core.clock import utcnow
from core.database import Database, metadata  # noqa: F401  (naming conventions first)
from core.templates import render

log = logging.getLogger("zhunong.outbound")
LEASE = timedelta(seconds=30)
GIVE_UP = timedelta(hours=24)  # retryable trouble this long is trouble no retry will fix
MAX_BACKOFF = 300.0
RECORD_EVERY = 16
REPORTED = 20  # failures named in one report; the rest are counted


class TargetKind(StrEnum):
    user = "user"  # a WeChat user of the Official Account, by openid
    group = "group"  # a village group, by id
    news = "news"  # no one yet: news to compose when due, by its subject (see core.news)


# The rows that are news marks, not messages (see core.news).
IS_MARK = literal_column("target_kind") == literal_column("'news'")


class Status(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class Result(StrEnum):
    sent = "sent"
    retry = "retry"  # a passing fault: timeout, 5xx, busy, rate limit
    failed = "failed"  # trying again will not help: bad key, user gone, no permission
    waiting = "waiting"  # not tried: an earlier message to the same target has not gone yet


@dataclass(frozen=True)
class Outcome:
    result: Result
    reason: str = ""

    @classmethod
    def sent(cls) -> "Outcome":
        return cls(Result.sent)

    @classmethod
    def retry(cls, reason: str) -> "Outcome":
        return cls(Result.retry, reason)

    @classmethod
    def failed(cls, reason: str) -> "Outcome":
        return cls(Result.failed, reason)

    @classmethod
    def waiting(cls) -> "Outcome":
        return cls(Result.waiting)


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    address: str  # an openid or a group id
    name: str = ""
    channel: str = "oa_customer"
    route: str | None = None  # what the channel sends to: a robot key, an official's openid
    rate_key: str | None = None  # the limit the send counts against (see core.pacing)


class OutboundMessage(SQLModel, table=True):
    __tablename__ = "outbound_message"
    # A topic has at most one news mark: concurrent orders bring the same mark forward.
    __table_args__ = (Index("uq_outbound_message_news_topic", "topic", unique=True,
                            sqlite_where=IS_MARK, postgresql_where=IS_MARK),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    target_kind: TargetKind = Field(sa_type=String(16))
    target_address: str = Field(index=True, max_length=64)
    target_name: str = Field(default="", max_length=64)
    route: str | None = Field(default=None, max_length=128)
    rate_key: str | None = Field(default=None, max_length=64)
    text: str = Field(sa_type=Text)
    # What the message is about, e.g. "listing:7", so a listing can show its broadcast.
    topic: str | None = Field(default=None, index=True, max_length=32)
    attachment: dict | None = Field(default=None, sa_type=JSON)  # a listing card's fields
    report: dict | None = Field(default=None, sa_type=JSON)  # who hears of a failure, and how
    status: Status = Field(default=Status.pending, sa_type=String(16), index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    # Not before this time: a notification waits so that what follows joins it, a retry backs
    # off, and a claimed message is left alone until its worker's lease runs out.
    send_after: datetime = Field(default_factory=utcnow, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


def enqueue(
    session: Session, target: Target, text: str, *, topic: str | None = None,
    delay: timedelta = timedelta(0), attachment: dict | None = None, report: dict | None = None,
) -> OutboundMessage:
    """Queue `text` for `target` within the caller's transaction."""
    message = _message(target, text, topic, delay, attachment=attachment, report=report)
    session.add(message)
    session.flush()
    return message


def enqueue_coalesced(session: Session, topic: str, messages: list[tuple[Target, str]], *,
                      delay: timedelta) -> None:
    """Queue one message on `topic` per target, or rewrite the one still waiting for it, so a
    group hears 「还剩300斤」 once, not after every order.

    One UPDATE per distinct text and one batch of inserts, however many targets: news after
    every order to every village group would otherwise cost two statements per group per order.
    """
    by_text: dict[tuple[TargetKind, str], list[Target]] = {}
    for target, text in messages:
        by_text.setdefault((target.kind, text), []).append(target)
    fresh = []
    for (kind, text), targets in by_text.items():
        rewritten = set(session.execute(
            update(OutboundMessage.__table__).where(
                OutboundMessage.topic == topic, OutboundMessage.status == Status.pending,
                OutboundMessage.attempts == 0,  # one already being sent is not rewritten
                OutboundMessage.target_kind == kind,
                OutboundMessage.target_address.in_([t.address for t in targets]),
            ).values(text=text).returning(OutboundMessage.target_address)
        ).scalars())
        fresh += [_message(target, text, topic, delay) for target in targets
                  if target.address not in rewritten]
    session.add_all(fresh)


def _message(target: Target, text: str, topic: str | None, delay: timedelta,
             **extra) -> OutboundMessage:
    return OutboundMessage(
        channel=target.channel, target_kind=target.kind, target_address=target.address,
        target_name=target.name, route=target.route, rate_key=target.rate_key, text=text,
        topic=topic, send_after=utcnow() + delay, **extra)


Sender = Callable[[OutboundMessage], Outcome]


def drain(db: Database, send: Sender | None = None, *, limit: int = 500,
          threads: int = 16, lease: timedelta = LEASE) -> int:
    """Claim what is due, send it (targets in parallel, each target's messages in order),
    record the outcomes.

    Returns how many were handled (sent, put back for a retry, or failed): 0 means idle."""
    batch = claim(db, limit=limit, lease=lease)
    if not batch:
        return 0
    send = _guarded(send or _sandbox)
    queues = _per_target(batch)

    with ThreadPoolExecutor(max_workers=min(threads, len(queues))) as pool:
        futures = [pool.submit(_in_order, db, send, queue, lease) for queue in queues]
        done: list[tuple[OutboundMessage, Outcome]] = []
        for future in as_completed(futures):
            done += future.result()
            # Recorded as soon as a few are known, while the rest are still being sent: a
            # crash repeats only what was in flight or in this small batch.
            if len(done) >= RECORD_EVERY:
                complete(db, done, lease=lease)
                done = []
        complete(db, done, lease=lease)
    return len(batch)


def _per_target(batch: list[OutboundMessage]) -> list[list[OutboundMessage]]:
    """The batch by recipient: a target, by the route it is reached by (its robot key)."""
    queues: dict[tuple[str, str, str | None], list[OutboundMessage]] = {}
    for message in sorted(batch, key=lambda m: m.id):
        recipient = (message.target_kind, message.target_address, message.route)
        queues.setdefault(recipient, []).append(message)
    return list(queues.values())


def _in_order(db: Database, send: Sender, queue: list[OutboundMessage],
              lease: timedelta) -> list[tuple[OutboundMessage, Outcome]]:
    """Send one target's messages one after another; the outcome of the last is left to the
    batch's record. Each earlier one is recorded before the next goes, so a crash repeats at
    most one message per target; after one that did not go, the rest wait their turn untried."""
    for n, message in enumerate(queue):
        outcome = send(message)
        if n == len(queue) - 1:
            return [(message, outcome)]
        if outcome.result != Result.sent:
            return [(message, outcome)] + [(later, Outcome.waiting()) for later in queue[n + 1:]]
        complete(db, [(message, outcome)], lease=lease)
    return []


def claim(db: Database, *, limit: int, lease: timedelta = LEASE) -> list[OutboundMessage]:
    now = utcnow()
    with db.transaction() as session:
        due = session.exec(
            select(OutboundMessage)
            .where(OutboundMessage.status == Status.pending, OutboundMessage.send_after <= now,
                   OutboundMessage.target_kind != TargetKind.news, ~_waits_its_turn(now))
            .order_by(OutboundMessage.rate_key, OutboundMessage.id)  # oldest first, per limit
            .limit(limit).with_for_update(skip_locked=True)
        ).all()
        taken = _within_limits(session, due, now)
        for message in taken:
            message.send_after, message.attempts = now + lease, message.attempts + 1
            session.add(message)
        return taken


def _waits_its_turn(now: datetime):
    """A recipient hears its messages in the order they were written: a message waits while an
    earlier one to the same recipient is being sent or backs off after a failure, so an hour
    without WeChat does not scramble a group's news. Earlier ones that are due come in the
    same batch and go first (see `_in_order`); one merely held back to merge with what follows
    does not hold the later ones up. Two workers on PostgreSQL claiming at the same instant
    may still split one recipient's messages between them."""
    earlier = aliased(OutboundMessage)
    return exists().where(
        earlier.target_address == OutboundMessage.target_address,  # indexed: found at once
        earlier.target_kind == OutboundMessage.target_kind,
        earlier.route.is_not_distinct_from(OutboundMessage.route),
        earlier.id < OutboundMessage.id, earlier.status == Status.pending, earlier.attempts > 0,
        earlier.send_after > now)


def _within_limits(session: Session, due: list[OutboundMessage],
                   now: datetime) -> list[OutboundMessage]:
    groups = {key: list(group) for key, group in groupby(due, key=lambda m: m.rate_key)}
    keyed = {key: len(group) for key, group in groups.items() if key is not None}
    allowed = pacing.take(session, wanted=keyed, now=now) if keyed else {}
    taken = list(groups.get(None, []))
    for key, (granted, frees_at) in allowed.items():
        taken += groups[key][:granted]
        for message in groups[key][granted:]:  # wait for a free place, not for a refusal
            message.send_after = frees_at
            session.add(message)
    return taken


def complete(db: Database, outcomes: Iterable[tuple[OutboundMessage, Outcome]], *,
             lease: timedelta = LEASE) -> None:
    """Record what became of claimed messages. A database outage is waited out, for as long
    as the claims last: an outcome lost would send its message again after the lease."""
    outcomes = list(outcomes)

    def record() -> None:
        now = utcnow()
        with db.transaction() as session:
            for claimed, outcome in outcomes:
                message = session.get(OutboundMessage, claimed.id, with_for_update=True)
                if message is None or message.status != Status.pending:
                    continue
                _record(session, message, outcome, now)

    outage.ride_out(record, seconds=lease.total_seconds())


def _record(session: Session, message: OutboundMessage, outcome: Outcome, now: datetime) -> None:
    if outcome.result == Result.sent:
        message.status, message.sent_at, message.last_error = Status.sent, now, None
    elif outcome.result == Result.waiting:  # due again as soon as the one before it has gone
        message.attempts, message.send_after = message.attempts - 1, now
    elif outcome.result == Result.retry and now - message.created_at < GIVE_UP:
        message.send_after, message.last_error = now + backoff(message.attempts), outcome.reason
    else:
        message.status, message.last_error = Status.failed, outcome.reason
        _report_failure(session, message)
        log.warning("gave up on message %s to %s: %s", message.id, message.target_name,
                    outcome.reason)
    session.add(message)


def backoff(attempts: int) -> timedelta:
    """Exponential, with jitter so retries do not arrive in step, and capped at five minutes
    after the jitter: once WeChat is back, no message waits longer than that for its next try,
    however long the outage was."""
    seconds = 2.0 ** min(attempts, 10) * random.uniform(0.5, 1.5)
    return timedelta(seconds=min(MAX_BACKOFF, seconds))


def _report_failure(session: Session, message: OutboundMessage) -> None:
    """Tell whoever asked (the village official) which targets failed and how to retry."""
    report = message.report or {}
    if not report.get("to"):
        return
    failed = [message]
    if message.topic:  # one report per topic, rewritten as failures add up
        failed = session.exec(select(OutboundMessage).where(
            OutboundMessage.topic == message.topic, OutboundMessage.status == Status.failed,
        ).order_by(OutboundMessage.id)).all()
    text = render("outbound/failed.txt", failed=failed[:REPORTED], more=len(failed) - REPORTED,
                  hint=report.get("hint"))
    officials = [(Target(TargetKind.user, openid), text) for openid in report["to"]]
    enqueue_coalesced(session, f"failed:{message.topic}", officials, delay=timedelta(0))


def retry(session: Session, *, message_id: int) -> bool:
    """Send a failed message again, from the start of its retry schedule."""
    message = session.get(OutboundMessage, message_id, with_for_update=True)
    if message is None or message.status != Status.failed:
        return False
    message.status, message.send_after, message.created_at = Status.pending, utcnow(), utcnow()
    session.add(message)
    return True


def retry_topic(session: Session, *, topic: str) -> int:
    failed = session.exec(select(OutboundMessage.id).where(
        OutboundMessage.topic == topic, OutboundMessage.status == Status.failed)).all()
    return sum(retry(session, message_id=message_id) for message_id in failed)


def _sandbox(message: OutboundMessage) -> Outcome:
    return Outcome.sent()


def _guarded(send: Sender) -> Sender:
    """A channel that raises is a bug, but the message must survive it: try again later."""
    def guarded(message: OutboundMessage) -> Outcome:
        try:
            return send(message)
        except Exception as error:
            log.exception("sending message %s failed unexpectedly", message.id)
            return Outcome.retry(f"{type(error).__name__}")
    return guarded
