"""A Celery worker process, once started, keeps what its start made out of the garbage collector's
walks (idm_portal/celery.py): the objects alive then are frozen, those a task makes later are not."""

import gc

from celery.signals import worker_process_init


def test_a_started_worker_process_freezes_what_its_start_made():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        worker_process_init.send(sender=None)
        frozen = gc.get_freeze_count()
        made_by_a_task = [object() for _ in range(1000)]
        assert frozen > 10_000
        assert gc.get_freeze_count() == frozen  # a task's objects stay in the collector's sight
        assert len(made_by_a_task) == 1000
    finally:
        gc.unfreeze()
