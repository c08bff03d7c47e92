"""Reads compiled to SQL once per process, for the small reads a signed-in page makes for its user.

Building a ``SELECT`` through the ORM (resolving its lookups, joins and annotations, then compiling
it) costs more CPU than the database spends answering the few rows a page reads for one user: over a
millisecond for a registration with its place on the waiting list. ``Prepared(build, ids=(...))``
compiles ``build(...)`` once per database and per value of its other arguments, with a stand-in for
each id (and each text, ``texts=(...)``: a slug from the address); each call runs the same SQL with its
own ids and texts in their places, and the values read back go through the converters the ORM would
apply. ``build`` returns a ``values()`` queryset whose SQL
depends on nothing but its arguments (no dates, no language).
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Stand-ins for the ids and texts while the SQL is compiled: integers and a text no table holds.
_FIRST_STAND_IN = -918_273_645
_TEXT_STAND_IN = "\x1fprepared-text-%d"
_MOST_COMPILED = 100  # per Prepared: a bound on memory (a new value of another argument compiles again)


class _Compiled:
    def __init__(self, queryset: QuerySet, stand_ins: dict[str, int | str], using: str):
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

    def rows(self, values: dict[str, int | str]) -> list[dict]:
        params = list(self.params)
        for name, places in self.places.items():
            for place in places:
                params[place] = values[name]
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [dict(zip(self.names, row[: len(self.names)], strict=True)) for row in rows]


class Prepared:
    """``Prepared(build, ids=("user",))(user=5, limit=51)``: the rows (dicts) of ``build(user=..., limit=51)``.

    The ``ids`` are integers and the ``texts`` strings, filled in at each call; any other argument is
    part of the SQL (a slice's bounds), which is compiled once for each value of it."""

    def __init__(self, build: Callable[..., QuerySet], *, ids: tuple[str, ...] = (), texts: tuple[str, ...] = ()):
        self.build = build
        self.ids, self.texts = ids, texts
        self._compiled: dict[tuple, _Compiled] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **arguments) -> list[dict]:
        fixed = {name: value for name, value in arguments.items() if name not in self.ids and name not in self.texts}
        key = (using, tuple(sorted(fixed.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= _MOST_COMPILED:
                self._compiled.clear()
            stand_ins: dict[str, int | str] = {name: _FIRST_STAND_IN - n for n, name in enumerate(self.ids)}
            stand_ins.update({name: _TEXT_STAND_IN % n for n, name in enumerate(self.texts)})
            compiled = self._compiled[key] = _Compiled(self.build(**stand_ins, **fixed), stand_ins, using)
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
