"""The workshop's row lock and seat counts: every seat decision for one workshop happens one at a time.

The lock and the count are read at every registration, one after the other while the workshop is
locked: both compiled once (see directory/prepared.py). The count is a statement after the lock,
never part of the locking one: PostgreSQL answers a statement from the snapshot it started with, so a
count in the statement that waited for the lock would miss the registration committed meanwhile. On
PostgreSQL a new registration's count is part of the statement after the lock that reads the locked
row, inserts the registration (unless the person has one on the workshop), its history and its
e-mails' rows in the outbox (``lock_and_decide``), and that statement is sent with the lock's, in
one message: one round trip instead of five (the person's row read, the e-mail's insert, the lock,
the decision). PostgreSQL runs the statements of one message one after the other, each with a
snapshot of its own in READ COMMITTED (directory/named_statements.py ``execute_together``), so the
second still starts once the lock is granted; tests/workshops/test_concurrency.py holds the seats
under 200 concurrent registrations and shows both the lock and the second snapshot are needed.

How long the lock is held (``commit_before_the_disk``). A row lock lasts until COMMIT, and on
PostgreSQL a COMMIT waits, by default, until its WAL record is on disk (an fsync, 1 to 10 ms on this
kind of machine): every registration for the workshop waited for the disk of the one before, so no
more than a few hundred a second could be decided whatever the CPU. A registration's transaction
therefore commits with ``SET LOCAL synchronous_commit TO off``: its COMMIT releases the lock as soon
as the commit record is in the WAL buffers. Durability, as the participant sees it, is kept:

- the first thing that runs after the commit, before any other ``on_commit`` callback (the outbox's
  publishing of the e-mail, a cache's new version) and before the response, waits for the commit to
  be on disk: a tiny transaction of its own, committed as every other one is (synchronous_commit as
  configured, on by default; with a synchronous standby, on the standby too), that writes a WAL
  record and so has an xid (``pg_logical_emit_message(true, ...)``). PostgreSQL 15 flushes at COMMIT
  only a transaction that has an xid and wrote WAL (RecordTransactionCommit): a read-only
  transaction, ``SELECT txid_current()`` alone, or a non-transactional message commit without a
  flush; measured here, the WAL was flushed past the async commit after 200 of 200 such messages,
  after 59 of 200 ``txid_current()`` and 23 of 200 with nothing. The WAL is one sequence: flushing
  the message's commit record, written after ours, flushes ours and every one before it. So nobody
  is told "confirmed", and no e-mail leaves, for a registration a crash could still lose. If the
  database dies before the flush, the request fails (the participant was told nothing) and the
  registration is there after recovery or not, as with a crash during a synchronous COMMIT.
- what remains is a window of a few milliseconds in which other sessions can read a committed row
  that is not yet on disk: a registration decided under the lock after it counts it. If the server
  crashes in that window, both are lost together (the later one's commit comes later in the WAL),
  and neither participant was told anything. A page read by someone else in that window (the
  secretariat's queue) may show a row that a crash then takes back, as a page read just before any
  cancellation may; a cached fragment built from it could outlive such a crash until its next
  version, the one exception, left as it is: the portal's caches are not its record.
- the outbox's sweep (directory/outbox.py) sends only rows it has first claimed by an UPDATE in its
  own synchronous transaction: that commit comes after the row's in the WAL and flushing it flushes
  the row's, so no e-mail is sent for a registration that is not on disk. The worker told by the
  registration itself is told only after the flush.
- a transaction that already has ``on_commit`` callbacks when it would start (they would run
  before the wait: a focal point's new member of the delegation, registered with the person's
  creation), and SQLite, commit synchronously as before.
"""

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.db.transaction import TransactionManagementError

from directory import named_statements, outbox
from directory.models import OutboxMail
from directory.prepared import Prepared, columns, insert_fields, insert_params, instance, saved, saving
from workshops.models import HOLDS_FUNDED_SEAT, HOLDS_SEAT, Registration, RegistrationChange, Workshop

S = Registration.Status


def _locked(*, workshop: int, before_the_disk: bool) -> QuerySet[Workshop]:
    rows = Workshop.objects.select_for_update().filter(pk=workshop).order_by()
    if not before_the_disk:
        return rows.values(*columns(Workshop))
    # SET LOCAL synchronous_commit TO off, in the same round trip as the lock (set_config, local: true).
    turned_off = RawSQL("set_config('synchronous_commit', 'off', true)", ())
    return rows.annotate(**{_SYNCHRONOUS_COMMIT: turned_off}).values(*columns(Workshop), _SYNCHRONOUS_COMMIT)


def _seats_taken(*, workshop: int) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(workshop_id=workshop, status__in=HOLDS_SEAT)
        .order_by()
        .values("workshop_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


_SYNCHRONOUS_COMMIT = "synchronous_commit"
_LOCKED = Prepared(_locked, ids=("workshop",), named=True)
# Not named: a prepared statement's generic plan cannot read registration_seat_idx, whose condition it must
# prove from the statement's text, and here the statuses are parameters (the ORM's). Sent with its values,
# it is planned with them. A new registration's count on PostgreSQL is the deciding statement's, which has
# them in its text; this one counts for the secretariat's decisions, a cancellation's promotion, SQLite.
_SEATS_TAKEN = Prepared(_seats_taken, ids=("workshop",))


def commit_before_the_disk(using: str = DEFAULT_DB_ALIAS) -> bool:
    """At the start of a transaction that has no ``on_commit`` callback yet: its first callback waits
    for the disk, so its COMMIT need not (see the module's docstring): True, and ``lock_workshop(...,
    before_the_disk=True)`` then makes the COMMIT release the lock without waiting. False, and nothing
    changed, where that cannot be so (SQLite, no transaction, callbacks already there)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.get_autocommit() or connection.run_on_commit:
        return False
    transaction.on_commit(lambda: wait_for_the_disk(using), using=using)
    return True


def wait_for_the_disk(using: str = DEFAULT_DB_ALIAS) -> None:
    """Return once every transaction committed before on this database is on disk: a transaction of
    its own with an xid and a WAL record, whose synchronous commit flushes the WAL up to its record."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_logical_emit_message(true, 'idm.durable', '')")


def lock_workshop(workshop_id: int, *, before_the_disk: bool = False) -> Workshop:
    """Take the workshop's row lock: every seat decision for one workshop happens one at a time.
    ``before_the_disk``, in a transaction ``commit_before_the_disk`` said True for: its COMMIT releases
    the lock without waiting for the disk (synchronous_commit off for this transaction)."""
    using = Workshop.objects.db
    connection = connections[using]
    if connection.features.has_select_for_update and connection.get_autocommit():  # as select_for_update()
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    rows = _LOCKED(workshop=workshop_id, before_the_disk=before_the_disk, using=using)
    if not rows:
        raise Workshop.DoesNotExist("Workshop matching query does not exist.")
    row = rows[0]
    row.pop(_SYNCHRONOUS_COMMIT, None)
    return instance(Workshop, row, using=using)


def seats_taken(workshop: Workshop) -> int:
    rows = _SEATS_TAKEN(workshop=workshop.pk, using=Registration.objects.db)
    return rows[0]["n"] if rows else 0


def decides_in_the_insert() -> bool:
    """Whether ``lock_and_decide`` decides a new registration's seat: on PostgreSQL."""
    return connections[router.db_for_write(Registration)].vendor == "postgresql"


def lock_and_decide(
    registration: Registration, *, history: list[RegistrationChange], mails: list[OutboxMail], before_the_disk: bool
) -> tuple[Workshop, list[OutboxMail]]:
    """On PostgreSQL, in one round trip: the workshop's lock (``lock_workshop``), then one statement
    that reads the workshop's row, counts its seats, inserts the new registration (pending when the
    secretariat decides, else confirmed while a seat is free, else waitlisted, as ``_seat_decision``
    in registration.py decides elsewhere), its ``history`` rows (``changes_of``; the status row's
    ``after`` is the decision) and the outbox rows of its e-mails (``mails``,
    ``directory.outbox.new_row``: sent after commit). Two statements of one message: the second
    starts once the lock is granted, with a snapshot of its own that holds every registration
    decided before (``named_statements.execute_together``; see the module's docstring).

    Returns the workshop as locked, with its ``seats_taken`` as the decision left them (counted under
    the lock, this registration's seat included), and the e-mails' rows; the registration's status and primary key
    and the rows' are set, and the signals ``save()`` would send sent. Nothing is written when the
    person already has a row on the workshop (the registration's primary key stays None): the caller
    reads it under the lock. The caller checks the workshop (open?) and raises to roll back."""
    using = router.db_for_write(Registration, instance=registration)
    connection = connections[using]
    if connection.get_autocommit():  # as select_for_update()
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    saving(registration, using)
    for change in history:
        saving(change, using, related=False)  # its registration is written in the same statement
    for mail in mails:
        saving(mail, using)
    fields = insert_fields(Registration)
    params = insert_params(registration, fields, connection)
    status = [field.attname for field in fields].index("status")
    params[status : status + 1] = [S.PENDING, S.CONFIRMED, S.WAITLISTED]
    first = history[0]
    params += [
        first.workshop_id,
        first.cause,
        first.reason,
        first.by_id,
        RegistrationChange._meta.get_field("at").get_db_prep_save(first.at, connection=connection),
        [change.field for change in history],
        [change.before for change in history],
        [change.after for change in history],
    ]
    mail_fields = insert_fields(OutboxMail)
    for mail in mails:
        params += insert_params(mail, mail_fields, connection)
    deciding = _deciding(connection, mails=len(mails))
    lock = _lock(connection, before_the_disk=before_the_disk)
    workshop = registration.workshop_id
    with transaction.mark_for_rollback_on_error(using=using), connection.cursor() as cursor:
        together = [(lock, [workshop]), (deciding.statement, [workshop, *params])]
        named_statements.execute_together(cursor, together, connection=connection)
        rows = cursor.fetchall()
    if not rows:
        raise Workshop.DoesNotExist("Workshop matching query does not exist.")
    if deciding.converters:
        rows = list(deciding.compiler.apply_converters(rows, deciding.converters))
    width = len(deciding.names)
    locked = instance(Workshop, dict(zip(deciding.names, rows[0][:width], strict=True)), using=using)
    locked.seats_taken = rows[0][width]  # before this registration; with it below, if it takes a seat
    width += 1
    if rows[0][width] is None:  # the person's row was there: nothing written
        return locked, []
    by_field = {row[width + 2]: row[width : width + 4] for row in rows}
    for change in history:
        change.pk, registration.pk, _, decided = by_field[change.field]
        change.registration_id = registration.pk
        if change.field == RegistrationChange.Field.STATUS:
            registration.status = change.after = decided
    if registration.status in HOLDS_SEAT:
        locked.seats_taken += 1
    for mail, pk in zip(mails, rows[0][width + 4 :], strict=True):
        mail.pk = pk
    saved(registration, using)
    for made in (*history, *mails):
        saved(made, using)
    return locked, [outbox.written(mail) for mail in mails]


_LOCKS: dict[tuple[str, bool], named_statements.NamedStatement] = {}


def _lock(connection, *, before_the_disk: bool) -> named_statements.NamedStatement:
    statement = _LOCKS.get((connection.alias, before_the_disk))
    if statement is None:
        sql = _lock_sql(connection, before_the_disk=before_the_disk)
        statement = _LOCKS[(connection.alias, before_the_disk)] = named_statements.named(sql)
    return statement


def _lock_sql(connection, *, before_the_disk: bool) -> str:
    """``lock_workshop``'s lock, its row not read (the statement after it reads it): SET LOCAL
    synchronous_commit TO off with it when ``before_the_disk``."""
    quote = connection.ops.quote_name
    turned_off = "set_config('synchronous_commit', 'off', true)" if before_the_disk else "1"
    return "SELECT %s FROM %s WHERE %s = %%s FOR UPDATE" % (  # noqa: S608 - the model's names
        turned_off,
        quote(Workshop._meta.db_table),
        quote(Workshop._meta.pk.column),
    )


class _Deciding:
    """The statement of ``lock_and_decide`` after the lock, for a number of e-mails, built once per
    database: the workshop's row read as the ORM reads it (its converters), then what it decides."""

    def __init__(self, connection, *, mails: int):
        read = Workshop.objects.filter(pk=0).order_by().values(*columns(Workshop))
        self.names = columns(Workshop)
        self.compiler = read.query.get_compiler(connection.alias)
        workshop_sql, workshop_params = self.compiler.as_sql()
        assert list(workshop_params) == [0]  # noqa: S101 - the workshop's id, the statement's first parameter
        selected = [column for column, _, _ in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(selected)
        self.statement = named_statements.named(_deciding_sql(connection, workshop=workshop_sql, mails=mails))


_DECIDING: dict[tuple[str, int], _Deciding] = {}


def _deciding(connection, *, mails: int) -> _Deciding:
    deciding = _DECIDING.get((connection.alias, mails))
    if deciding is None:
        deciding = _DECIDING[(connection.alias, mails)] = _Deciding(connection, mails=mails)
    return deciding


def _deciding_sql(connection, *, workshop: str, mails: int) -> str:
    """The statement after the lock (built from the models' columns, the same every time for as many
    e-mails): ``workshop`` reads the locked row; a registration is written unless the person has one
    on the workshop, and its history and each e-mail's row for it; the row read comes back with the
    history's rows (once, without them, when nothing was written)."""
    quote = connection.ops.quote_name
    registrations, changes = quote(Registration._meta.db_table), quote(RegistrationChange._meta.db_table)
    fields = insert_fields(Registration)

    def of_workshop(name: str) -> str:
        return "w.%s" % quote(Workshop._meta.get_field(name).column)

    # The statuses written out, not parameters: the statement is prepared once, and only with them in its
    # text can its plan read the index of the seat holders (registration_seat_idx), whose condition
    # PostgreSQL must prove from the statement's own, not from values it is given at each run.
    taken = "SELECT COUNT(*) FROM %s WHERE %s = w.%s AND %s IN (%s)" % (  # noqa: S608 - the models' names
        registrations,
        quote("workshop_id"),
        quote(Workshop._meta.pk.column),
        quote("status"),
        connection.ops.compose_sql(", ".join(["%s"] * len(HOLDS_SEAT)), HOLDS_SEAT),  # quoted by the driver
    )
    seat = "CASE WHEN %s THEN %%s WHEN taken.n < %s THEN %%s ELSE %%s END" % (
        of_workshop("requires_approval"),
        of_workshop("capacity"),
    )
    values = [seat if field.attname == "status" else "%s" for field in fields]
    unique = [
        quote(Registration._meta.get_field(name).column)
        for constraint in Registration._meta.constraints
        if constraint.name == "one_registration_per_person_per_workshop"
        for name in constraint.fields
    ]
    meta = RegistrationChange._meta

    def cast(name: str) -> str:
        return "%%s::%s" % meta.get_field(name).db_type(connection)

    # An INSERT ... SELECT gives a parameter its column's type, as VALUES does.
    mail_columns = ", ".join(quote(field.column) for field in insert_fields(OutboxMail))
    mail_values = ", ".join(["%s"] * len(insert_fields(OutboxMail)))
    written = "".join(
        ", mail_%d AS (INSERT INTO %s (%s) SELECT %s FROM made RETURNING %s)"  # noqa: S608 - the models' names
        % (n, quote(OutboxMail._meta.db_table), mail_columns, mail_values, quote("id"))
        for n in range(mails)
    )
    return (
        "WITH w AS (%(workshop)s), taken AS (SELECT (%(taken)s) AS n FROM w), "  # noqa: S608 - the models' names
        "made AS (INSERT INTO %(registrations)s (%(columns)s) SELECT %(values)s FROM w CROSS JOIN taken WHERE true "
        "ON CONFLICT (%(unique)s) DO NOTHING RETURNING %(id)s, %(status)s), "
        "history AS (INSERT INTO %(changes)s (%(change_columns)s) "
        "SELECT %(change_workshop)s, made.%(id)s, v.field, v.before, "
        "CASE WHEN v.field = '%(status_field)s' THEN made.%(status)s ELSE v.after END, %(rest)s "
        "FROM made CROSS JOIN unnest(%%s::varchar[], %%s::varchar[], %%s::varchar[]) AS v(field, before, after) "
        "RETURNING %(id)s, %(registration)s, %(field)s, %(after)s)%(written)s "
        "SELECT w.*, taken.n, history.*%(mail_ids)s FROM w CROSS JOIN taken LEFT JOIN history ON true"
        % {
            "workshop": workshop,
            "taken": taken,
            "registrations": registrations,
            "columns": ", ".join(quote(field.column) for field in fields),
            "values": ", ".join(values),
            "unique": ", ".join(unique),
            "id": quote("id"),
            "status": quote("status"),
            "changes": changes,
            "change_columns": ", ".join(
                quote(meta.get_field(name).column)
                for name in ("workshop", "registration", "field", "before", "after", "cause", "reason", "by", "at")
            ),
            "change_workshop": cast("workshop"),
            "status_field": RegistrationChange.Field.STATUS.value,
            "rest": ", ".join(cast(name) for name in ("cause", "reason", "by", "at")),
            "registration": quote(meta.get_field("registration").column),
            "field": quote("field"),
            "after": quote("after"),
            "written": written,
            "mail_ids": "".join(", (SELECT %s FROM mail_%d)" % (quote("id"), n) for n in range(mails)),  # noqa: S608
        }
    )


def funded_seats_taken(workshop: Workshop) -> int:
    return workshop.registrations.filter(HOLDS_FUNDED_SEAT).count()
