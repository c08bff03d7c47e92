"""What a user is in the portal: one ``Roles`` per request, resolved by one query.

The context processor, the permission rules, the queries and the views all read the same object,
cached on the user for the request (``roles_of``). The query is assembled from what each app knows,
because directory is the lowest app and cannot import the others: directory brings the secretariat
group, the TOTP authenticator and the open affiliation with its member state; a higher app adds the
object it owns with ``contribute()`` from its ``AppConfig.ready()`` (funding: the user's donor), and
reads it back as an attribute of the same ``Roles`` (``roles_of(user).donor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connections, models
from django.db.models import Exists, FilteredRelation, OuterRef, Q

from .models import Affiliation, MemberState, User
from .named_statements import named

SECRETARIAT_GROUP = "Secretariat"
OPEN_STATUSES = ("pending", "approved")
_CACHE_ATTR = "_idm_roles"
_AFFILIATION = "roles_affiliation"


@dataclass(frozen=True)
class _Contribution:
    path: str  # from the user to ONE row: a forward foreign key or a reverse one-to-one, joined in the query
    model: type[models.Model]


_CONTRIBUTIONS: dict[str, _Contribution] = {}


def contribute(name: str, *, path: str, model: type[models.Model]) -> None:
    """Add ``roles.<name>``: the ``model`` row reached from the user by ``path`` (or None), in the same query."""
    if name in _CONTRIBUTIONS and _CONTRIBUTIONS[name] != _Contribution(path, model):
        raise ValueError(f"Role {name!r} is contributed twice.")
    _CONTRIBUTIONS[name] = _Contribution(path, model)


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    # Staff in the Secretariat group (or a superuser), whatever their second factor.
    secretariat_member: bool = False
    has_totp: bool = False
    affiliation: Affiliation | None = None
    contributed: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not fields: the objects higher apps contributed.
        if name in _CONTRIBUTIONS:
            return self.contributed.get(name)
        raise AttributeError(name)

    @property
    def secretariat(self) -> bool:
        """Secretariat power: a member of the secretariat WITH its authenticator app, nobody else."""
        return self.secretariat_member and self.has_totp

    @property
    def staff_needs_mfa(self) -> bool:
        """A secretariat account that must set up its authenticator app before any staff page."""
        return self.secretariat_member and not self.has_totp

    @property
    def approved_affiliation(self) -> Affiliation | None:
        if self.affiliation is not None and self.affiliation.status == "approved":
            return self.affiliation
        return None

    @property
    def delegate_state(self) -> MemberState | None:
        affiliation = self.approved_affiliation
        return affiliation.member_state if affiliation else None

    @property
    def delegate(self) -> bool:
        return self.delegate_state is not None

    @property
    def focal_point(self) -> bool:
        affiliation = self.approved_affiliation
        return bool(affiliation and affiliation.is_focal_point)


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    """The user's roles, resolved once per request (the user object lives as long as the request)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _resolve(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached answer after the user's roles changed in this request."""
    if getattr(user, _CACHE_ATTR, None) is not None:
        delattr(user, _CACHE_ATTR)


def _relations() -> dict[str, type[models.Model]]:
    relations: dict[str, type[models.Model]] = {_AFFILIATION: Affiliation, f"{_AFFILIATION}__member_state": MemberState}
    relations.update({c.path: c.model for c in _CONTRIBUTIONS.values()})
    return relations


def _resolve(user) -> Roles:
    """One query: the user's row, joined to the open affiliation and everything contributed."""
    loaded = user_with_roles(user.pk, user=user)
    return getattr(loaded, _CACHE_ATTR) if loaded is not None else Roles(authenticated=True)


def user_with_roles(pk, *, user=None):
    """The user ``pk`` with their roles, in ONE query (None if there is no such user); given ``user``,
    only the roles are read and attached to that object. (An authentication backend could load each
    request's user with it: the roles would then cost no query of their own.)"""
    relations = _relations()
    columns = {path: [f.attname for f in model._meta.concrete_fields] for path, model in relations.items()}
    user_columns = [] if user is not None else [f.attname for f in User._meta.concrete_fields]
    row = _compiled(user is None).fetch(pk)
    if row is None:
        return None
    db = User.objects.db
    if user is None:
        user = User.from_db(db, user_columns, [row[name] for name in user_columns])
    objects = {
        path: _instance(model, db, [row[f"{path}__{name}"] for name in columns[path]], columns[path])
        for path, model in relations.items()
    }
    affiliation = objects[_AFFILIATION]
    if affiliation is not None:
        affiliation.member_state = objects[f"{_AFFILIATION}__member_state"]
        affiliation.user = user
    roles = Roles(
        authenticated=True,
        secretariat_member=bool(user.is_active and user.is_staff and (user.is_superuser or row["roles_in_group"])),
        has_totp=row["roles_has_totp"],
        affiliation=affiliation,
        contributed={name: objects[c.path] for name, c in _CONTRIBUTIONS.items()},
    )
    setattr(user, _CACHE_ATTR, roles)
    return user


def _queryset(pk, *, with_user: bool):
    relations = _relations()
    columns = {path: [f.attname for f in model._meta.concrete_fields] for path, model in relations.items()}
    user_columns = [f.attname for f in User._meta.concrete_fields] if with_user else []
    return (
        User.objects.filter(pk=pk)
        .order_by("pk")
        .annotate(
            **{_AFFILIATION: FilteredRelation("affiliations", condition=Q(affiliations__status__in=OPEN_STATUSES))},
            roles_in_group=Exists(Group.objects.filter(user=OuterRef("pk"), name=SECRETARIAT_GROUP)),
            roles_has_totp=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)),
        )
        .values(
            *user_columns,
            "roles_in_group",
            "roles_has_totp",
            *(f"{path}__{name}" for path, names in columns.items() for name in names),
        )[:1]
    )


_PK_PLACEHOLDER = -918_273_645  # stands for the user's id while the SQL is compiled


class _CompiledRoles:
    """The roles query compiled to SQL once per process (and database, and set of contributions):
    building it through the ORM costs several milliseconds of CPU, about as much as the rest of a page.
    Each request runs the same SQL with its user's id, and its values go through the ORM's converters."""

    def __init__(self, *, with_user: bool, using: str):
        self.using = using
        query = _queryset(_PK_PLACEHOLDER, with_user=with_user).query
        # As QuerySet.values() names the columns of its rows.
        self.names = (
            list(query.selected)
            if query.selected
            else [
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            ]
        )
        self.compiler = query.get_compiler(using)
        self.sql, params = self.compiler.as_sql()
        self.statement = named(self.sql)  # planned once per connection on PostgreSQL
        self.params = list(params)
        (self.pk_index,) = [i for i, param in enumerate(self.params) if param == _PK_PLACEHOLDER]
        self.converters = self.compiler.get_converters([column for column, _, _ in self.compiler.select])
        self.to_pk = User._meta.pk.get_db_prep_value

    def fetch(self, pk) -> dict | None:
        connection = connections[self.using]
        params = list(self.params)
        params[self.pk_index] = self.to_pk(pk, connection)
        with connection.cursor() as cursor:
            self.statement.execute(cursor, params, connection=connection)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        return dict(zip(self.names, row[: len(self.names)], strict=True))


_COMPILED: dict[tuple, _CompiledRoles] = {}


def _compiled(with_user: bool) -> _CompiledRoles:
    using = User.objects.db
    key = (using, with_user, tuple(sorted((name, c.path, c.model) for name, c in _CONTRIBUTIONS.items())))
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = _CompiledRoles(with_user=with_user, using=using)
    return compiled


def _instance(model: type[models.Model], db: str, values: list, names: list[str]) -> models.Model | None:
    pk_index = names.index(model._meta.pk.attname)
    if values[pk_index] is None:
        return None
    return model.from_db(db, names, values)


# The answers the rules and services ask for, all read from the one Roles object.


def is_secretariat(user) -> bool:
    """A member of the secretariat WITH two-factor authentication: the only one with secretariat power.

    Until it has set up an authenticator app, a secretariat account is an ordinary signed-in user on
    every page and in every rule (the funding report, participants-only downloads, document requests,
    someone else's registration…); staff pages send it to set one up (SecretariatMFAMiddleware)."""
    return roles_of(user).secretariat


def needs_two_factors(user) -> bool:
    """A secretariat account that has not set up its authenticator app yet."""
    return roles_of(user).staff_needs_mfa


def open_affiliation(user) -> Affiliation | None:
    """The user's pending or approved affiliation, if any."""
    return roles_of(user).affiliation


def approved_affiliation(user) -> Affiliation | None:
    return roles_of(user).approved_affiliation


def delegate_state(user) -> MemberState | None:
    """The member state the user may act for, once the secretariat approved the affiliation."""
    return roles_of(user).delegate_state


def is_focal_point(user) -> bool:
    return roles_of(user).focal_point
