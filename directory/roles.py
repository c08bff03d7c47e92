"""What a user is in the portal: one ``Roles`` per request, resolved by one query.

The context processor, the permission rules, the queries and the views all read the same object,
cached on the user for the request (``roles_of``). The query is assembled from what each app knows,
because directory is the lowest app and cannot import the others: directory brings the secretariat
group, the TOTP authenticator and the open affiliation with its member state (and the user's person,
contributed as the others are, from its apps.py); a higher app adds the object it owns with
``contribute()`` from its ``AppConfig.ready()`` (funding: the user's donor), and reads it back as an
attribute of the same ``Roles`` (``roles_of(user).donor``).
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


def _resolve(user) -> Roles:
    """One query: the user's row, joined to the open affiliation and everything contributed."""
    loaded = user_with_roles(user.pk, user=user)
    return getattr(loaded, _CACHE_ATTR) if loaded is not None else Roles(authenticated=True)


def user_with_roles(pk, *, user=None):
    """The user ``pk`` with their roles, in ONE query (None if there is no such user); given ``user``,
    only the roles are read and attached to that object. (A signed-in request's user is read with its
    session instead, by the same ``with_roles``: idm_portal/sessions.py.)"""
    compiled = _compiled(user is None)
    row = compiled.fetch(pk)
    return None if row is None else compiled.layout.user(row, user=user)


def with_roles(queryset: models.QuerySet, *, through: str = "", with_user: bool = True, also: tuple[str, ...] = ()):
    """``queryset`` read as values: ``also``, the columns of the user it reaches by ``through`` (``""``
    from a queryset of users, ``"user__"`` from rows with a ``user`` foreign key) and that user's
    roles, all in one query. ``layout(through=..., with_user=...).user(row)`` makes a row's user."""
    return queryset.annotate(
        **{
            _AFFILIATION: FilteredRelation(
                f"{through}affiliations", condition=Q(**{f"{through}affiliations__status__in": OPEN_STATUSES})
            )
        },
        roles_in_group=Exists(Group.objects.filter(user=OuterRef(f"{through}pk"), name=SECRETARIAT_GROUP)),
        roles_has_totp=Exists(
            Authenticator.objects.filter(user=OuterRef(f"{through}pk"), type=Authenticator.Type.TOTP)
        ),
    ).values(*also, *layout(through=through, with_user=with_user).names)


class Layout:
    """What a row of ``with_roles`` holds and how its user and roles are made of it: worked out once
    per process (and set of contributions), not at every request."""

    def __init__(self, *, through: str, with_user: bool):
        self.through = through
        # Where each object of the roles is read: the open affiliation by its alias, the others from the user.
        self.relations: dict[str, type[models.Model]] = {
            _AFFILIATION: Affiliation,
            f"{_AFFILIATION}__member_state": MemberState,
            **{through + c.path: c.model for c in _CONTRIBUTIONS.values()},
        }
        self.contributed = {name: through + c.path for name, c in _CONTRIBUTIONS.items()}
        self.columns = {
            path: [f.attname for f in model._meta.concrete_fields] for path, model in self.relations.items()
        }
        self.keys = {path: [f"{path}__{name}" for name in names] for path, names in self.columns.items()}
        self.user_columns = [f.attname for f in User._meta.concrete_fields] if with_user else []
        self.user_keys = [through + name for name in self.user_columns]
        # A row kept outside the database (idm_portal/identity.py) leaves the password hash out: its
        # user is made with the password deferred (read by a query of its own if anything asks for it;
        # a save() of such a user writes its loaded fields only).
        self.password_key = through + User._meta.get_field("password").attname
        self.kept_user_columns = [name for name in self.user_columns if through + name != self.password_key]
        self.kept_user_keys = [through + name for name in self.kept_user_columns]
        # A column every user row has, kept or not (not the id: through a foreign key, the ORM reads the
        # id from the row's own column, which names a user even when no row of that user is joined).
        self.user_key = next(
            through + f.attname
            for f in User._meta.concrete_fields
            if not (f.primary_key or f.null) and through + f.attname != self.password_key
        )
        self.names = [
            *self.user_keys,
            "roles_in_group",
            "roles_has_totp",
            *(key for keys in self.keys.values() for key in keys),
        ]

    def without_password(self, row: dict) -> dict:
        """``row`` without the user's password hash, as it may be kept outside the database."""
        return {key: value for key, value in row.items() if key != self.password_key}

    def user(self, row: dict, *, user=None):
        """The user of ``row`` with their roles attached (None if the row reached no user); given
        ``user``, the roles are attached to that object. A row ``without_password`` makes a user
        whose password is deferred."""
        db = User.objects.db
        if user is None:
            if row[self.user_key] is None:
                return None
            if self.password_key in row:
                columns, keys = self.user_columns, self.user_keys
            else:
                columns, keys = self.kept_user_columns, self.kept_user_keys
            user = User.from_db(db, columns, [row[key] for key in keys])
        objects = {
            path: _instance(model, db, [row[key] for key in self.keys[path]], self.columns[path])
            for path, model in self.relations.items()
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
            contributed={name: objects[path] for name, path in self.contributed.items()},
        )
        setattr(user, _CACHE_ATTR, roles)
        return user


_LAYOUTS: dict[tuple, Layout] = {}


def layout(*, through: str = "", with_user: bool = True) -> Layout:
    key = (through, with_user, contributions_key())
    made = _LAYOUTS.get(key)
    if made is None:
        made = _LAYOUTS[key] = Layout(through=through, with_user=with_user)
    return made


def models_read() -> frozenset[type[models.Model]]:
    """Every model a row of ``with_roles`` reads (the user, the group and its membership, the TOTP
    authenticator, the open affiliation and its member state, and each model on a contribution's path):
    a save or delete of any of them changes what a user's roles read (idm_portal/identity.py)."""
    key = contributions_key()
    found = _MODELS_READ.get(key)
    if found is None:
        found = {User, Group, User.groups.through, Authenticator, Affiliation, MemberState}
        for contribution in _CONTRIBUTIONS.values():
            model = User
            for part in contribution.path.split("__"):
                model = model._meta.get_field(part).related_model
                found.add(model)
        found = _MODELS_READ[key] = frozenset(found)
    return found


_MODELS_READ: dict[tuple, frozenset] = {}


def contributions_key() -> tuple:
    """What the SQL of ``with_roles`` depends on besides its arguments: compiled again when it changes."""
    return tuple(sorted((name, c.path, c.model) for name, c in _CONTRIBUTIONS.items()))


def _queryset(pk, *, with_user: bool):
    return with_roles(User.objects.filter(pk=pk).order_by("pk"), with_user=with_user)[:1]


_PK_PLACEHOLDER = -918_273_645  # stands for the user's id while the SQL is compiled


class _CompiledRoles:
    """The roles query compiled to SQL once per process (and database, and set of contributions):
    building it through the ORM costs several milliseconds of CPU, about as much as the rest of a page.
    Each request runs the same SQL with its user's id, and its values go through the ORM's converters."""

    def __init__(self, *, with_user: bool, using: str):
        self.using = using
        self.layout = layout(with_user=with_user)
        query = _queryset(_PK_PLACEHOLDER, with_user=with_user).query
        self.names = value_names(query)
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


def value_names(query) -> list[str]:
    """The names of the values of a ``values()`` query's rows in the order of its columns, as
    ``QuerySet.values()`` names them."""
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


_COMPILED: dict[tuple, _CompiledRoles] = {}


def _compiled(with_user: bool) -> _CompiledRoles:
    using = User.objects.db
    key = (using, with_user, contributions_key())
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
