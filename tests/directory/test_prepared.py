"""A read compiled once answers what the ORM answers, for each call's own ids."""

import pytest

from directory.models import Person
from directory.prepared import Prepared, instance
from tests import factories

pytestmark = pytest.mark.django_db


def _people_of(*, state: int, stop: int):
    return Person.objects.filter(member_state_id=state).order_by("family_name").values("id", "family_name")[:stop]


def test_each_call_reads_its_own_ids_as_the_orm_would(django_assert_num_queries):
    senegal, peru = factories.MemberStateFactory(name="Senegal"), factories.MemberStateFactory(name="Peru")
    for name in ("Diop", "Ba", "Sall"):
        factories.PersonFactory(family_name=name, member_state=senegal)
    factories.PersonFactory(family_name="Quispe", member_state=peru)
    people = Prepared(_people_of, ids=("state",))

    with django_assert_num_queries(3):
        first_two = people(state=senegal.pk, stop=2)
        peruvians = people(state=peru.pk, stop=2)
        all_three = people(state=senegal.pk, stop=3)

    assert first_two == list(_people_of(state=senegal.pk, stop=2))
    assert [row["family_name"] for row in first_two] == ["Ba", "Diop"]
    assert [row["family_name"] for row in peruvians] == ["Quispe"]
    assert [row["family_name"] for row in all_three] == ["Ba", "Diop", "Sall"]


def test_a_slice_of_no_rows_reads_none_as_the_orm_would(django_assert_num_queries):
    """[0:0] (the one page of a list that has no rows, or past its end) has no SQL: the ORM answers it
    without the database, and so does the compiled read (it was an EmptyResultSet, a 500)."""
    factories.PersonFactory(family_name="Diop", member_state=factories.MemberStateFactory(name="Senegal"))
    people = Prepared(lambda *, state, start, stop: _people_of(state=state, stop=stop)[start:], ids=("state",))

    with django_assert_num_queries(0):
        assert people(state=1, start=0, stop=0) == list(_people_of(state=1, stop=0)) == []


def test_an_id_the_query_does_not_use_is_an_error():
    people = Prepared(lambda *, state: Person.objects.values("id"), ids=("state",))

    with pytest.raises(ValueError, match="The query does not use state."):
        people(state=1)


def test_an_instance_holds_the_row_and_defers_the_rest(django_assert_num_queries):
    person = factories.PersonFactory(given_name="Aminata", family_name="Diop")
    row = {"id": 7, "rank": 3, "p__id": person.pk, "p__family_name": "Diop", "p__rank": 4}

    made = instance(Person, row, prefix="p__")
    annotated = instance(Person, row)

    with django_assert_num_queries(0):
        assert (made.pk, made.family_name, hasattr(made, "rank")) == (person.pk, "Diop", False)
        assert (annotated.pk, annotated.rank) == (7, 3)
    assert made.get_deferred_fields() == {f.attname for f in Person._meta.concrete_fields} - {"id", "family_name"}


def test_a_text_is_filled_in_at_each_call_as_the_orm_would(django_assert_num_queries):
    for name in ("Diop", "O'Brien", "Diop"):
        factories.PersonFactory(family_name=name)
    named = Prepared(
        lambda *, name: Person.objects.filter(family_name=name).order_by("pk").values("id", "family_name"),
        texts=("name",),
    )

    with django_assert_num_queries(3):
        diops, obriens, nobody = named(name="Diop"), named(name="O'Brien"), named(name="Ba")

    assert diops == list(Person.objects.filter(family_name="Diop").order_by("pk").values("id", "family_name"))
    assert [row["family_name"] for row in diops] == ["Diop", "Diop"]
    assert [row["family_name"] for row in obriens] == ["O'Brien"]
    assert nobody == []


def test_an_insert_writes_what_save_writes_with_its_signals(django_assert_num_queries):
    from django.db.models.signals import post_save, pre_save

    from directory.models import OutboxMail
    from directory.prepared import insert

    sent = []

    def heard(signal):
        return lambda sender, instance, **kwargs: sent.append((signal, sender, instance.pk, kwargs.get("created")))

    saved = OutboxMail(
        subject="Saved", body="Body", to=["a@example.org"], attachments=[["a.ics", "x", "text/calendar"]]
    )
    saved.save()
    made = OutboxMail(
        subject="Inserted", body="Body", to=["a@example.org"], attachments=[["a.ics", "x", "text/calendar"]]
    )
    before, after = heard("pre_save"), heard("post_save")
    pre_save.connect(before, sender=OutboxMail)
    post_save.connect(after, sender=OutboxMail)
    try:
        with django_assert_num_queries(1):
            insert(made)
    finally:
        pre_save.disconnect(before, sender=OutboxMail)
        post_save.disconnect(after, sender=OutboxMail)

    read = OutboxMail.objects.get(pk=made.pk)
    fields = [field.attname for field in OutboxMail._meta.concrete_fields if field.attname not in ("id", "subject")]
    assert made.pk == saved.pk + 1
    assert (made._state.adding, made._state.db, read.subject) == (False, "default", "Inserted")
    assert [getattr(read, name) for name in fields if name != "created_at"] == [
        getattr(saved, name) for name in fields if name != "created_at"
    ]
    assert read.created_at == made.created_at and read.created_at >= saved.created_at
    assert sent == [("pre_save", OutboxMail, None, None), ("post_save", OutboxMail, made.pk, True)]
    with pytest.raises(ValueError, match="save\\(\\) writes this one"):
        insert(made)
