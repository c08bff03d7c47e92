from django.db.models import Q, QuerySet

from .models import Affiliation, MemberState, Organisation, Person, User


def member_states_for_list(*, search: str = "") -> QuerySet[MemberState]:
    states = MemberState.objects.all()
    if search:
        states = states.filter(Q(name__icontains=search) | Q(country__iexact=search))
    return states


def organisations_for_list(*, search: str = "", kind: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("member_state")
    if search:
        organisations = organisations.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


def people_for_list(*, search: str = "") -> QuerySet[Person]:
    people = Person.objects.select_related("organisation", "member_state")
    for word in search.split():
        people = people.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(position__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__acronym__iexact=word)
            | Q(member_state__name__icontains=word)
        )
    return people


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


def delegation_of(user: User) -> QuerySet[Person]:
    """The people of the user's member state, for a focal point's delegation page."""
    affiliation = user.affiliations.filter(status=Affiliation.Status.APPROVED).first()
    if affiliation is None:
        return Person.objects.none()
    return Person.objects.filter(member_state=affiliation.member_state).select_related("organisation", "user")
