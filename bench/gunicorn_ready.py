"""gunicorn settings of the benchmarks (``-c bench/gunicorn_ready.py``): each worker, once it has loaded
the application, leaves a file named by its pid in BENCH_READY_DIR, so that bench/harness.py starts
measuring only when every worker is ready. gunicorn opens its port before its workers have imported
the application (the portal's take seconds of CPU: Django, WeasyPrint, openpyxl...); measured from the
first answer, the first seconds would time workers still booting beside the ones answering."""

import contextlib
import os
from pathlib import Path


def post_worker_init(worker) -> None:
    with contextlib.suppress(KeyError, OSError):  # a worker started again later: nobody waits for it
        Path(os.environ["BENCH_READY_DIR"], str(worker.pid)).touch()
