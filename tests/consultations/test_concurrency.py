"""One ballot per member state under concurrency, on PostgreSQL: threads with their own connections."""

import itertools
import threading
import time

import pytest
from django.db import connection

from consultations import services
from consultations.models import Ballot, BallotThemeRank, Consultation

from .factories import ConsultationFactory, focal_point, state, themes, topics

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def cast_concurrently(consultation, submissions) -> tuple[list[Ballot], list[Exception]]:
    """Each submission (user, ranking, topics) in its own thread; all start together behind a barrier."""
    barrier = threading.Barrier(len(submissions))
    results, errors, lock = [], [], threading.Lock()

    def work(user, ranking, chosen):
        try:
            barrier.wait()
            try:
                cast = services.cast_ballot(consultation=consultation, by=user, ranking=ranking, topics=chosen)
            except Exception as error:  # noqa: BLE001 - every error is collected and asserted on
                with lock:
                    errors.append(error)
            else:
                with lock:
                    results.append(cast)
        finally:
            connection.close()  # this thread's own connection

    workers = [threading.Thread(target=work, args=submission) for submission in submissions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


@pytest.fixture
def survey():
    consultation = ConsultationFactory()
    candidates = themes(consultation, "Social change", "Environment", "Health", "Economic crisis")
    return consultation, candidates, topics(consultation, "Transnationalism", "Societies", "Labour")


def submissions_of(users, candidates, chosen) -> dict:
    """A different complete ranking for each user, to tell afterwards whose ballot stands."""
    rankings = itertools.permutations([theme.pk for theme in candidates])
    return {user: (user, list(next(rankings)), [chosen[i % len(chosen)].pk]) for i, user in enumerate(users)}


def assert_one_whole_ballot(consultation, member_state, submitted) -> Ballot:
    """Exactly one ballot, and its ranking and topics are all those of the user it says cast it."""
    (row,) = Ballot.objects.filter(consultation=consultation, member_state=member_state)
    _user, ranking, chosen = submitted[row.cast_by]
    assert (
        list(BallotThemeRank.objects.filter(ballot=row).order_by("rank").values_list("theme_id", flat=True)) == ranking
    )
    assert list(row.topics.values_list("pk", flat=True)) == chosen
    return row


def test_focal_points_of_one_state_submitting_at_once_leave_one_ballot(survey):
    consultation, candidates, chosen = survey
    senegal = state("SN", name="Senegal")
    users = [focal_point(senegal, email="focal%d@senegal.example" % i) for i in range(8)]
    submitted = submissions_of(users, candidates, chosen)

    results, errors = cast_concurrently(consultation, list(submitted.values()))

    assert errors == []
    assert len(results) == 8
    row = assert_one_whole_ballot(consultation, senegal, submitted)
    assert row.revision == 8
    assert sorted(cast.revision for cast in results) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_without_the_row_lock_the_unique_constraint_still_leaves_one_ballot(survey, monkeypatch):
    """The second line of defence: with the consultation unlocked, the state's ballot is still one row."""

    def unlocked(consultation_id: int) -> Consultation:
        consultation = Consultation.objects.get(pk=consultation_id)  # no SELECT ... FOR UPDATE
        time.sleep(0.1)  # both submissions look for the state's ballot before either has written it
        return consultation

    monkeypatch.setattr(services, "lock_consultation", unlocked)
    consultation, candidates, chosen = survey
    senegal = state("SN", name="Senegal")
    users = [focal_point(senegal, email="focal%d@senegal.example" % i) for i in range(2)]
    submitted = submissions_of(users, candidates, chosen)

    results, errors = cast_concurrently(consultation, list(submitted.values()))

    assert errors == []
    assert len(results) == 2
    assert assert_one_whole_ballot(consultation, senegal, submitted).revision == 2


def test_many_states_at_once_each_get_their_ballot(survey):
    consultation, candidates, chosen = survey
    codes = ["SN", "KE", "GH", "EC", "CO", "MX", "BD", "NP", "TH", "PH", "SE", "CH"]
    users = []
    for code in codes:
        member_state = state(code)
        users += [focal_point(member_state), focal_point(member_state, email="second-%s@state.example" % code)]
    submitted = submissions_of(users, candidates, chosen)

    results, errors = cast_concurrently(consultation, list(submitted.values()))

    assert errors == []
    assert len(results) == 24
    assert Ballot.objects.filter(consultation=consultation).count() == 12
    for member_state in {user.affiliations.get().member_state for user in users}:
        assert assert_one_whole_ballot(consultation, member_state, submitted).revision == 2
