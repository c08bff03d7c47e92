"""Reads compiled to SQL once per process, for the small reads a signed-in page makes for its user.

Building a ``SELECT`` through the ORM (resolving its lookups, joins and annotations, then compiling
it) costs more CPU than the database spends answering the few rows a page reads for one user: over a
millisecond for a registration with its place on the waiting list. ``Prepared(build, ids=(...))``
compiles ``build(...)`` once per database and per value of its other arguments, with a stand-in for
each id (and each text, ``texts=(...)``: a slug from the address); each call runs the same SQL with its
own ids and texts in their places, and the values read back go through the converters the ORM would
apply. ``build`` returns a ``values()`` queryset whose SQL
depends on nothing but its arguments (no dates, no language).

``named=True`` (reads, and ``insert(..., named=True)``) also spares PostgreSQL's planning: the SQL is
prepared once on each connection and executed by name (directory/named_statements.py), for the
statements of every registration, where planning cost the database more CPU than running them.
"""

from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Field, Model, QuerySet
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

from . import named_statements

# Stand-ins for the ids and texts while the SQL is compiled: integers and a text no table holds.
_FIRST_STAND_IN = -918_273_645
_TEXT_STAND_IN = "\x1fprepared-text-%d"
_MOST_COMPILED = 100  # per Prepared: a bound on memory (a new value of another argument compiles again)


class _Compiled:
    def __init__(self, queryset: QuerySet, stand_ins: dict[str, int | str], using: str, *, named: bool = False):
        self.using = using
        query = queryset.query
        # As QuerySet.values() names the values of its rows.
        self.names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        self.compiler = query.get_compiler(using)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.places = {
            name: [i for i, param in enumerate(self.params) if param == stand_in]
            for name, stand_in in stand_ins.items()
        }
        missing = [name for name, places in self.places.items() if not places]
        if missing:
            raise ValueError("The query does not use %s." % ", ".join(missing))
        self.converters = self.compiler.get_converters(
            [column for column, _, _ in self.compiler.select[: self.compiler.col_count]]
        )
        self.statement = named_statements.named(self.sql) if named else None

    def rows(self, values: dict[str, int | str]) -> list[dict]:
        params = list(self.params)
        for name, places in self.places.items():
            for place in places:
                params[place] = values[name]
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if self.statement is None:
                cursor.execute(self.sql, params)
            else:
                self.statement.execute(cursor, params, connection=connection)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [dict(zip(self.names, row[: len(self.names)], strict=True)) for row in rows]


class _NoRows:
    """A read that can match no row whatever its ids (a slice of none: ``[0:0]``, the page of a list
    that has none): the ORM answers it without asking the database, and has no SQL for it."""

    def rows(self, values: dict[str, int | str]) -> list[dict]:
        return []


_NO_ROWS = _NoRows()


class Prepared:
    """``Prepared(build, ids=("user",))(user=5, limit=51)``: the rows (dicts) of ``build(user=..., limit=51)``.

    The ``ids`` are integers and the ``texts`` strings, filled in at each call; any other argument is
    part of the SQL (a slice's bounds), which is compiled once for each value of it."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        ids: tuple[str, ...] = (),
        texts: tuple[str, ...] = (),
        named: bool = False,
    ):
        self.build = build
        self.ids, self.texts = ids, texts
        self.named = named
        self._compiled: dict[tuple, _Compiled | _NoRows] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **arguments) -> list[dict]:
        fixed = {name: value for name, value in arguments.items() if name not in self.ids and name not in self.texts}
        key = (using, tuple(sorted(fixed.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= _MOST_COMPILED:
                self._compiled.clear()
            stand_ins: dict[str, int | str] = {name: _FIRST_STAND_IN - n for n, name in enumerate(self.ids)}
            stand_ins.update({name: _TEXT_STAND_IN % n for n, name in enumerate(self.texts)})
            try:
                compiled = _Compiled(self.build(**stand_ins, **fixed), stand_ins, using, named=self.named)
            except EmptyResultSet:
                compiled = _NO_ROWS
            self._compiled[key] = compiled
        return compiled.rows(
            {**{name: int(arguments[name]) for name in self.ids}, **{name: str(arguments[name]) for name in self.texts}}
        )


def instance(model: type[Model], row: dict, *, prefix: str = "", using: str = DEFAULT_DB_ALIAS) -> Model:
    """A ``model`` instance of the fields ``row`` holds by their attribute names after ``prefix`` (the
    others deferred), as the ORM makes it from a row; without a prefix, the row's other values whose
    names hold no ``__`` are set as attributes (annotations)."""
    fields, keys, extra = _layout(model, prefix, tuple(row))
    made = model.from_db(using, fields, [row[key] for key in keys])
    for name in extra:
        setattr(made, name, row[name])
    return made


_LAYOUTS: dict[tuple, tuple[list[str], list[str], list[str]]] = {}


def _layout(model: type[Model], prefix: str, names: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """Which of ``names`` are the fields of ``model`` (in the model's order) and which are annotations:
    the same for every row of a query, so worked out once."""
    layout = _LAYOUTS.get((model, prefix, names))
    if layout is None:
        present = set(names)
        fields = [f.attname for f in model._meta.concrete_fields if prefix + f.attname in present]
        extra = [] if prefix else [name for name in names if "__" not in name and name not in set(fields)]
        if len(_LAYOUTS) >= _MOST_COMPILED:
            _LAYOUTS.clear()
        layout = _LAYOUTS[(model, prefix, names)] = (fields, [prefix + name for name in fields], extra)
    return layout


def columns(model: type[Model]) -> list[str]:
    """The attribute names of all of ``model``'s columns: ``values(*columns(Model))`` reads whole rows."""
    return [field.attname for field in model._meta.concrete_fields]


def first(prepared: Prepared, model: type[Model], **arguments) -> Model | None:
    """The ``model`` instance of the first row ``prepared`` reads (on the model's database), or None."""
    using = model._default_manager.db
    rows = prepared(using=using, **arguments)
    return instance(model, rows[0], using=using) if rows else None


# --- Inserts --------------------------------------------------------------------------------------


class _CompiledInsert:
    """The INSERT of one new row of a model, as ``Model.save()`` builds it, compiled once per database."""

    def __init__(self, made: Model, using: str, *, named: bool):
        meta = type(made)._meta
        self.fields = insert_fields(type(made))
        self.returning = meta.db_returning_fields
        query = InsertQuery(type(made))
        query.insert_values(self.fields, [made])
        self.compiler = query.get_compiler(using)
        self.compiler.returning_fields = self.returning
        ((self.sql, params),) = self.compiler.as_sql()
        if len(params) != len(self.fields) or any(
            hasattr(field, "get_placeholder") for field in self.fields
        ):  # a value written as SQL of its own: not the same statement for every row
            raise ValueError("%s has columns whose placeholder is not a plain parameter." % meta.label)
        self.converters = self.compiler.get_converters([field.get_col(meta.db_table) for field in self.returning])
        self.statement = named_statements.named(self.sql) if named else None

    def execute(self, made: Model, using: str) -> None:
        connection = connections[using]
        params = insert_params(made, self.fields, connection)
        with transaction.mark_for_rollback_on_error(using=using), connection.cursor() as cursor:
            if self.statement is None:
                cursor.execute(self.sql, params)
            else:
                self.statement.execute(cursor, params, connection=connection)
            if connection.features.can_return_columns_from_insert:
                rows = [connection.ops.fetch_returned_insert_columns(cursor, self.compiler.returning_params)]
            else:
                meta = type(made)._meta
                rows = [(connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column),)]
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        for value, field in zip(rows[0], self.returning, strict=True):
            setattr(made, field.attname, value)


_inserts: dict[tuple[type[Model], str, bool], _CompiledInsert] = {}


def insert(made: Model, *, named: bool = False) -> None:
    """Write a new instance as ``made.save()`` does (the same signals before and after, the same values,
    its primary key read back), with the INSERT compiled once per model and database: building it
    through the ORM at every save costs more CPU than the database spends on it. For a model of one
    table (no parents, no proxy, no ordering with respect to another) whose primary key the database
    gives; values written as SQL expressions are refused (``save()`` writes those)."""
    model = type(made)
    meta = model._meta
    plain = not (meta.parents or meta.proxy or meta.order_with_respect_to or meta.auto_created)
    if not plain or meta.pk is not meta.auto_field or made._is_pk_set():
        raise ValueError("insert() writes a new row of a plain model; save() writes this one.")
    using = router.db_for_write(model, instance=made)
    saving(made, using)
    compiled = _inserts.get((model, using, named))
    if compiled is None:
        compiled = _inserts[(model, using, named)] = _CompiledInsert(made, using, named=named)
    compiled.execute(made, using)
    saved(made, using)


# What save() does around the INSERT of a new row, for statements that write rows of their own.


def insert_fields(model: type[Model]) -> list[Field]:
    """The columns the INSERT of a new row of ``model`` writes, as save() (not generated, not the primary key)."""
    return [field for field in model._meta.local_concrete_fields if not field.generated and not field.primary_key]


def saving(made: Model, using: str, *, related: bool = True) -> None:
    """Before the INSERT of ``made``, new: its related objects checked (unless not ``related``: a row
    written with the one it refers to, in one statement) and pre_save sent, as save()."""
    if related:
        made._prepare_related_fields_for_save(operation_name="save")
    pre_save.send(sender=type(made), instance=made, raw=False, using=using, update_fields=None)


def insert_params(made: Model, fields: list[Field], connection) -> list:
    """The values of ``fields`` (``insert_fields``) the INSERT of ``made`` writes, as save() writes them
    (auto_now_add and the like set on ``made``); an expression, which save() writes as SQL, is refused."""
    values = [field.pre_save(made, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        raise ValueError("An expression is written by save(), not by insert().")
    return [field.get_db_prep_save(value, connection=connection) for field, value in zip(fields, values, strict=True)]


def saved(made: Model, using: str) -> None:
    """After the INSERT of ``made`` (its primary key set): in the database, and post_save sent, as save()."""
    made._state.db = using
    made._state.adding = False
    post_save.send(sender=type(made), instance=made, created=True, update_fields=None, raw=False, using=using)
