"""The mail outbox: every e-mail is a row written in the transaction that decided it, sent by a worker.

Writing: ``send_mail_on_commit`` (directory/mail.py) renders the message and calls ``enqueue`` in the
caller's transaction. If that transaction rolls back, the e-mail never existed; once it commits, the
mail is safe in the database whatever happens to the broker or the worker.

Publishing: after commit the rows' writer announces a drain (``task_drain_outbox``), which sends
every due row, whoever wrote it. With a Redis broker a flag in it (``DRAIN_FLAG``, set only if absent,
expiring after ``DRAIN_INTERVAL``) says a drain is already announced: while it is up, a commit
publishes nothing, so a registration a millisecond costs one message a second, not one each (the
publishing itself, kombu building its message and producer, cost more CPU than the registration's
SQL), and a process that read the flag's time to live asks Redis nothing until it ends. Nothing
waits for the flag: the drain announced with it keeps sending what is due until it finds the flag
gone (at most ``2 * DRAIN_INTERVAL``), checking the flag before each pass, so a row committed while
the flag was up (its writer saw it) is committed before the pass that follows the drain's seeing it
gone, and that pass sends it. A drain lost with the broker or its worker leaves the flag to expire:
the next commit announces another, and the sweep below sends the rest. Other brokers (the
filesystem one in development) and eager tasks (tests) publish at every commit, and the drain makes
one pass. When the broker is down the publishing fails quietly (directory/broker.py) and the sweep
below sends the rows.

Sending (``dispatch``): a worker claims rows with one conditional UPDATE (unsent, and unclaimed or
claimed longer than ``CLAIM_TIMEOUT`` ago); on PostgreSQL the row locks of that UPDATE, on SQLite its
single writer, mean two workers never hold the same row. Each row is then re-stamped just before its
SMTP exchange (skipped if another worker took it over meanwhile) and marked sent just after it.

Delivery guarantee: AT LEAST ONCE, at most one duplicate in practice. A worker that dies between the
SMTP server accepting a message and the row being marked sent leaves a claimed row; after
``CLAIM_TIMEOUT`` the sweep sends it again. Only the one message in flight at the moment of death can
go twice; every row already marked is never sent again and every row not yet reached is sent once.
At-most-once (mark first, then send) would instead lose that message silently, and these mails are
confirmations, seat offers and messages to participants: a lost one costs a delegate their seat or
their trip, a duplicate costs a second look. The duplicate carries the same Message-ID
(``<outbox.<pk>...@...>``), which lets mail servers and clients that deduplicate drop it.

Never ahead of the disk: a transaction may commit without waiting for its WAL flush (a registration,
workshops/services/seats.py), so a row can be visible to others a few milliseconds before it is on
disk. The row's own message is published only after its flush; a sweep or a worker sends a row only
after claiming it by an UPDATE committed synchronously on its own (``dispatch`` runs it outside any
transaction of the caller's: in a worker, autocommit), and that commit, later in the WAL than the
row's, is flushed with everything before it. So no e-mail leaves for a row a crash could still take
back, however young.

Failures: an SMTP error leaves the row claimed with its error, so it is tried again after
``CLAIM_TIMEOUT`` (a natural back-off), up to ``MAX_ATTEMPTS`` claims; after that it stays unsent with
``last_error`` for the admin to see.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
import uuid
from dataclasses import dataclass

import redis
from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import broker
from .broker import publish
from .models import OutboxMail
from .prepared import insert

logger = logging.getLogger(__name__)

BATCH = 50
DRAIN_FLAG = "idm:outbox:drain-announced"
DRAIN_INTERVAL = 1.0  # seconds: at most one drain announced per interval while rows keep coming
DRAIN_POLL = 0.1  # seconds between a drain's passes while the flag is up
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 12
# A sweep sends at most this many rows per run; the next run (a minute later) takes the rest.
SWEEP_LIMIT = 2000

_pending = threading.local()


def enqueue(*, subject: str, body: str, to: list[str], attachments: list[list[str]]) -> OutboxMail:
    """Write the row now (in the caller's transaction); have a worker send it after commit."""
    mail = new_row(subject=subject, body=body, to=to, attachments=attachments)
    insert(mail, named=True)  # as OutboxMail.objects.create, compiled once (every registration writes one)
    return written(mail)


def new_row(*, subject: str, body: str, to: list[str], attachments: list[list[str]]) -> OutboxMail:
    """The row of an e-mail, not written yet: ``enqueue`` writes it, or a statement of the caller's
    that writes it with what it announces (workshops/services/seats.py), then ``written``."""
    return OutboxMail(subject=subject, body=body, to=list(to), attachments=attachments)


def written(mail: OutboxMail) -> OutboxMail:
    """A row the caller's transaction has just written (its primary key read back): a worker sends it
    after commit, as every row ``enqueue`` writes."""
    pending = _pending_ids()
    pending.append(mail.pk)
    # Registered for every row, but the first callback to run publishes all the rows written so far
    # and the others find nothing left. A callback dropped with a rolled-back savepoint leaves its row's
    # id here for a later callback: the row is gone, so that id finds nothing to send.
    transaction.on_commit(_publish_pending)
    return mail


def _pending_ids() -> list[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = []
    return _pending.ids


def _publish_pending() -> None:
    from .tasks import task_drain_outbox  # the tasks module imports this one: a circle at import time

    ids, _pending.ids = _pending_ids(), []
    if not ids:
        return
    flag = _drain_flag()
    if flag is not None and not _announce(flag):
        return  # a drain is on its way and sends these rows too
    if not publish(task_drain_outbox) and flag is not None:
        _withdraw(flag)  # the next commit tries again


_flags: dict[str, redis.Redis] = {}


def _drain_flag() -> redis.Redis | None:
    """The broker's Redis, where the flag lives (one client per process and address); None for
    another broker or eager tasks."""
    conf = current_app.conf
    url = str(conf.broker_url or "")
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return None
    client = _flags.get(url)
    if client is None:
        # The broker's own timeouts (settings.CELERY_BROKER_TRANSPORT_OPTIONS): a broker that drops
        # packets holds the commit's request no longer than publishing would.
        options = conf.broker_transport_options or {}
        client = _flags[url] = redis.Redis.from_url(
            url,
            socket_timeout=options.get("socket_timeout", 2),
            socket_connect_timeout=options.get("socket_connect_timeout", 2),
        )
    return client


# Until when (time.monotonic()) this process knows the flag of each address is up: it does not ask again.
_up_until: dict[int, float] = {}


def _announce(flag: redis.Redis) -> bool:
    """Raise the flag; False if it was up already. True (publish) when Redis cannot say, but False
    when it does not answer at all, or the broker failed a moment ago: it is the broker, publishing
    would fail too (after as long a wait), so the sweep sends the rows, and this process asks the
    broker nothing for its pause (directory/broker.py: one request a second waits for the timeouts,
    not every one).

    Only an expiry takes the flag down (``_withdraw`` is this process's own, after a refusal), so the
    time it still has to live, read with it, is known: until then this process asks Redis nothing."""
    now = time.monotonic()
    if now < _up_until.get(id(flag), 0.0) or broker.paused():
        return False
    try:
        raised, ttl = (
            flag.pipeline(transaction=False)
            .set(DRAIN_FLAG, 1, nx=True, px=int(DRAIN_INTERVAL * 1000))
            .pttl(DRAIN_FLAG)
            .execute()
        )
    except (redis.ConnectionError, redis.TimeoutError):
        broker.pause()
        return False
    except redis.RedisError:
        return True
    if ttl > 0:  # read after ``now``: the flag lives at least until now + ttl
        _up_until[id(flag)] = now + ttl / 1000
    return bool(raised)


def _withdraw(flag: redis.Redis) -> None:
    _up_until.pop(id(flag), None)
    if broker.paused():
        return  # the broker just failed: not asked again, the flag expires before the pause ends
    try:
        flag.delete(DRAIN_FLAG)
    except redis.RedisError:
        pass  # it expires


def _flag_is_up(flag: redis.Redis | None) -> bool:
    if flag is None:
        return False
    try:
        return bool(flag.exists(DRAIN_FLAG))
    except redis.RedisError:
        return False


def drain() -> Dispatched:
    """Send every due row, again after ``DRAIN_POLL`` while the flag is up (see Publishing above),
    the flag checked before each pass. Runs in a worker."""
    flag = _drain_flag()
    started = time.monotonic()
    total = Dispatched()
    while True:
        up = time.monotonic() - started < 2 * DRAIN_INTERVAL and _flag_is_up(flag)
        total += sweep()
        if not up:
            return total
        time.sleep(DRAIN_POLL)


@dataclass(frozen=True)
class Dispatched:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by another worker meanwhile

    def __add__(self, other: Dispatched) -> Dispatched:
        return Dispatched(self.sent + other.sent, self.failed + other.failed, self.skipped + other.skipped)


def _due(now: datetime.datetime):
    return OutboxMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def dispatch(*, mail_ids: list[int] | None = None, limit: int = BATCH) -> Dispatched:
    """Claim and send these rows (or, for the sweep, up to ``limit`` due rows). Runs in a worker."""
    now = timezone.now()
    due = _due(now)
    ids = mail_ids if mail_ids is not None else list(due.order_by("pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return Dispatched()
    claim = uuid.uuid4().hex
    claimed = due.filter(pk__in=ids).update(claim=claim, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return Dispatched()
    mails = list(OutboxMail.objects.filter(claim=claim, sent_at__isnull=True).order_by("pk"))
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the mail server is down: the rows stay claimed and are tried after the timeout
        logger.warning("Outbox: mail server unavailable, %d e-mails wait", len(mails), exc_info=True)
        OutboxMail.objects.filter(claim=claim, sent_at__isnull=True).update(last_error=_describe(error))
        return Dispatched(failed=len(mails))
    try:
        return _send_claimed(mails, claim, connection)
    finally:
        connection.close()


def _send_claimed(mails: list[OutboxMail], claim: str, connection) -> Dispatched:
    sent = failed = skipped = 0
    for mail in mails:
        mine = OutboxMail.objects.filter(pk=mail.pk, claim=claim, sent_at__isnull=True)
        # Fresh claim right before the SMTP exchange: a long batch never lets the timeout hand a row
        # to a second worker while this one is about to send it.
        if not mine.update(claimed_at=timezone.now()):
            skipped += 1
            continue
        try:
            _message(mail, connection).send()
        except Exception as error:  # one refused recipient must not stop the others
            logger.warning("Outbox: e-mail %s not sent", mail.pk, exc_info=True)
            mine.update(last_error=_describe(error))
            failed += 1
            continue
        mine.update(sent_at=timezone.now(), last_error="")
        sent += 1
    return Dispatched(sent=sent, failed=failed, skipped=skipped)


def _message(mail: OutboxMail, connection) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "idm.invalid"
    message_id = "<outbox.%d.%s@%s>" % (mail.pk, mail.created_at.strftime("%Y%m%d%H%M%S"), domain)
    message = EmailMessage(
        subject=mail.subject, body=mail.body, to=mail.to, connection=connection, headers={"Message-ID": message_id}
    )
    for filename, content, mimetype in mail.attachments:
        message.attach(filename, content, mimetype)
    return message


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def sweep(*, limit: int = SWEEP_LIMIT) -> Dispatched:
    """Send what is due: rows whose message was lost (broker down) and claims that died. Beat runs it."""
    total = Dispatched()
    while total.sent + total.failed + total.skipped < limit:
        batch = dispatch(limit=min(BATCH, limit - total.sent - total.failed - total.skipped))
        if batch == Dispatched():
            break
        total += batch
        if batch.sent == 0:
            break  # everything claimed failed (mail server down): wait for the next run
    return total
