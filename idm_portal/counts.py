"""Several counts in ONE SQL statement, compiled once per process.

The secretariat's desk counts a dozen kinds of records whose conditions never change (the records to
translate of each kind, pending affiliations, failed documents, member states). As separate queries
they cost a round trip each, and building each through the ORM costs more CPU than the database
spends answering; here they are compiled together once, then run as one ``SELECT`` of scalar
subqueries, each exactly the ``COUNT(*)`` that ``QuerySet.count()`` would run.
"""

from collections.abc import Callable, Sequence

from django.db import connections
from django.db.models import QuerySet


class Counts:
    """``Counts(build)()``: the count of each queryset ``build()`` returns, in its order. ``build`` must
    return querysets whose SQL and parameters are the same at every call (no dates, no users)."""

    def __init__(self, build: Callable[[], Sequence[QuerySet]]):
        self.build = build
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def sql(self, using: str) -> tuple[str, tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            parts, params = [], []
            for n, queryset in enumerate(self.build()):
                sql, values = queryset.order_by().values("pk").query.get_compiler(using).as_sql()
                parts.append("(SELECT COUNT(*) FROM (%s) counted_%d)" % (sql, n))  # noqa: S608 - the ORM's SQL
                params.extend(values)
            compiled = self._compiled[using] = ("SELECT %s" % ", ".join(parts), tuple(params))
        return compiled

    def __call__(self, using: str = "default") -> list[int]:
        sql, params = self.sql(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return [int(n) for n in cursor.fetchone()]
