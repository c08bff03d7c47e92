import gc
import logging
import os

from celery import Celery
from celery.signals import worker_process_init
from kombu.transport import redis as kombu_redis

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

app = Celery("idm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_queue(sender: Celery, **kwargs) -> None:
    """The filesystem broker needs its folders before the first message is written."""
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = (sender.conf.broker_transport_options or {}).get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)


@worker_process_init.connect
def freeze_startup_objects(**_kwargs) -> None:
    """Each worker process, once started, moves what its start made (the modules, Django's settings,
    apps, templates' loaders) out of the garbage collector's sight: they live as long as the process,
    and every collection a render sets off (WeasyPrint makes millions of objects) would otherwise
    walk them all again. About a tenth of a 1,000-participant list's time (bench/participants_pdf_bench.py,
    which does the same before rendering). What a task makes is collected as before."""
    gc.freeze()


def _tolerate_a_detached_transport(restore_unacked):
    """Closing a Redis channel after the broker went away must not kill the worker.

    kombu's Redis QoS restores unacknowledged messages when its channel closes. After a lost
    connection the transport may already be detached from its client (``transport.client is None``),
    and building the restoring client then raises AttributeError, which the consumer does not treat
    as a connection error: "Unrecoverable error", and the worker process exits instead of
    reconnecting (seen with the broker stopped while a task was in hand). Nothing could be restored
    to a broker that is down anyway; the message stays in Redis's unacked index, and what it
    announced is found again by the periodic sweeps (``directory/broker.py``).
    """

    def restore(self, client=None):
        if client is None and getattr(self.channel.connection, "client", None) is None:
            logger.warning("Broker gone: %d unacknowledged message(s) left to the sweeps", len(self._delivered))
            self._delivered.clear()
            return None
        return restore_unacked(self, client)

    restore.__wrapped__ = restore_unacked
    return restore


kombu_redis.QoS.restore_unacked = _tolerate_a_detached_transport(kombu_redis.QoS.restore_unacked)
