from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from . import roles
from .collation import sort_key, sorted_by_name
from .models import Affiliation, MemberState, Organisation, Person, User
from .pagination import ReadPagesPaginator
from .prepared import Prepared, instance
from .versions import named_version, new_version_on_commit


def _folded(text: str) -> str:
    return sort_key(text)[0]


def member_states_for_list(*, search: str = "") -> list[MemberState]:
    """Every state, named and sorted in the reader's language; ``search`` finds a state by its code, its
    English name or its name in the reader's language, accents or not ("egypte" finds Égypte)."""
    states = list(MemberState.objects.all())
    if search:
        needle = _folded(search)
        states = [
            state
            for state in states
            if state.country.code == search.upper() or needle in _folded(state.name) or needle in _folded(str(state))
        ]
    return sorted_by_name(states)


def organisations_for_list(*, search: str = "", kind: str = "") -> list[Organisation]:
    """Organisations sorted by their name in the reader's language; ``search`` looks at every language."""
    organisations = Organisation.objects.select_related("member_state")
    if search:
        condition = Q()
        for field in ("name", "name_fr", "name_es", "acronym", "acronym_fr", "acronym_es"):
            condition |= Q(**{field + "__icontains": search})
        organisations = organisations.filter(condition)
    if kind:
        organisations = organisations.filter(kind=kind)
    return sorted_by_name(organisations)


def people_for_list(*, search: str = "") -> QuerySet[Person]:
    # The organisation's state too: a ministry's name says whose it is (Organisation.__str__).
    people = Person.objects.select_related("organisation__member_state", "member_state").order_by(
        *Person._meta.ordering, "pk"
    )  # the index person_name_order: a page read in order, not the whole directory sorted
    for word in search.split():
        people = people.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(position__icontains=word)
            | Q(position_fr__icontains=word)
            | Q(position_es__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__name_fr__icontains=word)
            | Q(organisation__name_es__icontains=word)
            | Q(organisation__acronym__iexact=word)
            | Q(member_state__name__icontains=word)
        )
    return people


# What a row of the people list shows (templatetags/people.py people_rows), and nothing else.
_LISTED = (
    *("id", "honorific", "given_name", "family_name", "position", "position_fr", "position_es"),
    *("organisation_id", "member_state_id"),
    *("organisation__id", "organisation__name", "organisation__name_fr", "organisation__name_es"),
    *("organisation__kind", "organisation__member_state_id"),
    *("organisation__member_state__id", "organisation__member_state__country", "organisation__member_state__name"),
    *("organisation__member_state__name_fr", "organisation__member_state__name_es"),
    *("member_state__id", "member_state__country", "member_state__name", "member_state__name_fr"),
    "member_state__name_es",
)


def _listed_people(*, start: int, stop: int) -> QuerySet:
    return people_for_list().values(*_LISTED)[start:stop]


_LISTED_PEOPLE = Prepared(_listed_people, ids=())


# The number of people in the directory, kept: counting them reads every row. A person created or
# deleted renews the version (``connect``); people written in bulk (no signals) are new ids, and the
# latest id is part of the key.
PEOPLE_VERSION_KEY = "directory:people:version"
_LATEST_PERSON = Prepared(lambda: Person.objects.order_by("-pk").values("id")[:1], ids=())


def _latest_person() -> int:
    latest = _LATEST_PERSON()
    return latest[0]["id"] if latest else 0


def people_count(*, latest: int | None = None) -> int:
    """The number of people; ``latest``, the latest person's id, when the caller read it."""
    version = named_version(PEOPLE_VERSION_KEY)  # read before the rows
    key = "directory:people:count:%s:%d" % (version, _latest_person() if latest is None else latest)
    count = cache.get(key)
    if count is None:
        count = Person.objects.count()
        cache.set(key, count, timeout=3600)  # a bound on memory, not needed for correctness
    return count


def _people_changed(sender, **kwargs) -> None:
    new_version_on_commit(PEOPLE_VERSION_KEY)


# The member states' names change rarely: what is kept built from them (the registration queue's page)
# holds this version in its key, renewed once a state's save or delete commits.
STATES_VERSION_KEY = "directory:member-states:version"


def states_version() -> str:
    return named_version(STATES_VERSION_KEY)


def _states_changed(sender, **kwargs) -> None:
    new_version_on_commit(STATES_VERSION_KEY)


# What the people list shows (views_staff.PersonListView keeps its body): a person, an organisation or a
# member state saved or deleted renews this version; so does a user's name saved (update_profile renames
# the user's person with a queryset update, which sends no signal); people written in bulk are new ids.
PEOPLE_LIST_VERSION_KEY = "directory:people-list:version"
NAMES = {"first_name", "last_name"}


def people_list_version() -> tuple[str, int]:
    """The people list's version with the latest person's id, read before its rows, and that id."""
    version = named_version(PEOPLE_LIST_VERSION_KEY)
    latest = _latest_person()
    return "%s:%d" % (version, latest), latest


def _people_list_changed(sender, **kwargs) -> None:
    new_version_on_commit(PEOPLE_LIST_VERSION_KEY)


def _user_changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or NAMES & set(update_fields):  # not at every log-in (last_login)
        new_version_on_commit(PEOPLE_LIST_VERSION_KEY)


def connect() -> None:
    post_save.connect(_states_changed, sender=MemberState, dispatch_uid="directory-member-states")
    post_delete.connect(_states_changed, sender=MemberState, dispatch_uid="directory-member-states")
    for model in (Person, Organisation, MemberState):
        post_save.connect(_people_list_changed, sender=model, dispatch_uid="directory-people-list")
        post_delete.connect(_people_list_changed, sender=model, dispatch_uid="directory-people-list")
    post_save.connect(_user_changed, sender=User, dispatch_uid="directory-people-list")
    post_save.connect(_people_changed, sender=Person, dispatch_uid="directory-people-count")
    post_delete.connect(_people_changed, sender=Person, dispatch_uid="directory-people-count")


class PeoplePaginator(ReadPagesPaginator):
    """The whole directory's pages (no search): each read by SQL compiled once per page, each person
    holding only what the list shows (name, position, organisation and state names); the number of
    people kept (``people_count``)."""

    def __init__(self, *args, latest: int | None = None, **kwargs):
        super().__init__(*args, count=people_count(latest=latest), **kwargs)

    def read(self, bottom: int, top: int) -> list[Person]:
        return [_listed(row) for row in _LISTED_PEOPLE(start=bottom, stop=top)] if top > bottom else []


def _listed(row: dict) -> Person:
    person = instance(Person, row)
    organisation = None
    if row["organisation__id"] is not None:
        organisation = instance(Organisation, row, prefix="organisation__")
        state = row["organisation__member_state__id"] and instance(
            MemberState, row, prefix="organisation__member_state__"
        )
        Organisation.member_state.field.set_cached_value(organisation, state or None)
    Person.organisation.field.set_cached_value(person, organisation)
    state = row["member_state__id"] and instance(MemberState, row, prefix="member_state__")
    Person.member_state.field.set_cached_value(person, state or None)
    return person


def affiliations_for_queue(*, status: str = "", search: str = "") -> QuerySet[Affiliation]:
    affiliations = Affiliation.objects.select_related("user", "member_state", "decided_by")
    if status:
        affiliations = affiliations.filter(status=status)
    if search:
        affiliations = affiliations.filter(
            Q(user__email__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(member_state__name__icontains=search)
        )
    return affiliations


def affiliations_of(user: User) -> QuerySet[Affiliation]:
    return Affiliation.objects.filter(user=user).select_related("member_state", "decided_by")


def person_of(user: User) -> Person | None:
    """The directory record of a signed-in user, if an affiliation (or the secretariat) made one: read
    with their roles (``roles.roles_of(user).person``, contributed in apps.py), no query of its own."""
    return roles.roles_of(user).person if user.pk is not None else None
