"""The document worker's task: thin. The claim, the render and the one file are in services.render_job.

Acknowledged late and rejected (so re-queued) when the worker process dies, retried with backoff on
database or storage trouble, time-limited. A message that arrives twice finds the job claimed or done.
"""

import logging

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import connections
from django.utils import timezone

from directory.broker import publish

from . import services

logger = logging.getLogger(__name__)

SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries exhausted (or an unexpected error): the job shows it instead of waiting forever."""
        job_id = (kwargs or {}).get("job_id")
        if job_id is not None:
            services.give_up_job(job_id=job_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(
    name=services.RENDER_TASK,
    bind=True,
    base=RenderTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def task_render_document(self, *, job_id: int) -> str:
    outcome = services.render_job(job_id=job_id)
    if outcome == services.Outcome.BUSY:
        # Another live process holds the claim: look again once it would have gone stale. A new
        # message, not a retry: waiting on a live worker must not use up the retries. A broker that
        # fails it loses only the look (the sweep requeues the job if that process dies), and must not
        # fail this task: on_failure would mark failed a job the other process is rendering.
        publish(task_render_document, countdown=services.STALE_AFTER.total_seconds(), job_id=job_id)
    logger.info("Document job %s: %s", job_id, outcome)
    return outcome


@shared_task(name="documents.tasks.task_requeue_stale_jobs", ignore_result=True)
def task_requeue_stale_jobs() -> None:
    """The periodic sweep (beat): jobs whose message was lost or whose worker died are announced again."""
    requeued = services.requeue_stale_jobs()
    if requeued:
        logger.warning("Document jobs queued again by the sweep: %s", requeued)


@worker_ready.connect
def _requeue_stale_jobs(sender=None, **kwargs) -> None:
    """A worker killed outright loses its message on some brokers, and a broker that was down lost the
    messages of the jobs asked for meanwhile: a starting worker announces every job still waiting."""
    try:
        requeued = services.requeue_stale_jobs(queued_since=timezone.now())
    except Exception:  # the worker must start even when the database is briefly unreachable
        logger.exception("Could not look for document jobs left by a dead worker")
        return
    finally:
        connections.close_all()  # no connection of the main process is handed down to pool processes
    if requeued:
        logger.warning("Document jobs queued again after a worker died: %s", requeued)
