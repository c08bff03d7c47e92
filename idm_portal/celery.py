import os

from celery import Celery

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
