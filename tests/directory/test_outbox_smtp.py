"""The outbox against a mail server that stops answering: a connection that never greets, or a server
that goes silent after one message. Each costs a sweep EMAIL_TIMEOUT (settings.py) once, not once per
e-mail, and never holds the worker for good; the rows not sent stay claimed with the error, for the
next attempt."""

import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail

from directory import outbox
from directory.models import OutboxMail
from tests.test_settings import _production_env, _run

pytestmark = pytest.mark.django_db


class SilentAfter:
    """A loopback SMTP server that accepts ``messages`` messages, then reads nothing and answers
    nothing more (a host that drops packets), until the test ends."""

    def __init__(self, messages: int) -> None:
        self.messages, self.accepted = messages, 0
        self.listening = socket.socket()
        self.listening.bind(("127.0.0.1", 0))
        self.listening.listen(4)
        self.port = self.listening.getsockname()[1]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _address = self.listening.accept()
        with connection, connection.makefile("rb") as reader:
            connection.sendall(b"220 test ready\r\n")
            while self.accepted < self.messages:
                line = reader.readline()
                if not line:
                    return
                command = line[:4].upper()
                if command == b"DATA":
                    connection.sendall(b"354 go on\r\n")
                    while reader.readline() not in (b".\r\n", b""):
                        pass
                    self.accepted += 1
                    connection.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:
                    connection.sendall(b"250 ok\r\n")
            self.done.wait(30)

    def close(self) -> None:
        self.done.set()
        self.thread.join(5)
        self.listening.close()


def _smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1.0


def _rows(n: int) -> list[int]:
    return [OutboxMail.objects.create(subject="S", body="b", to=["p%d@state.example" % i]).pk for i in range(n)]


def _timed_sweep():
    started = time.monotonic()
    result = outbox.sweep()
    return result, round(time.monotonic() - started)  # whole seconds: EMAIL_TIMEOUT is 1 s


def test_a_server_silent_after_one_message_costs_the_sweep_one_timeout_and_keeps_the_rest(settings):
    server = SilentAfter(messages=1)
    _smtp(settings, server.port)
    ids = _rows(3)
    try:
        result, seconds = _timed_sweep()
    finally:
        server.close()
    rows = list(OutboxMail.objects.filter(pk__in=ids).order_by("pk").values_list("sent_at", "last_error", "attempts"))

    assert (result, seconds, server.accepted) == (outbox.Dispatched(sent=1, failed=2), 1, 1)
    assert [(sent is not None, error, attempts) for sent, error, attempts in rows] == [
        (True, "", 1),
        (False, "SMTPServerDisconnected: Connection unexpectedly closed: timed out", 1),
        (False, "SMTPServerDisconnected: please run connect() first", 1),  # smtplib closed it: no wait
    ]


def test_a_server_that_never_greets_costs_the_sweep_one_timeout(settings, blackhole):
    _smtp(settings, urlsplit(blackhole).port)
    _rows(2)

    result, seconds = _timed_sweep()

    assert (result, seconds, len(mail.outbox)) == (outbox.Dispatched(failed=2), 1, 0)
    assert (
        list(OutboxMail.objects.values_list("last_error", flat=True))
        == ["SMTPServerDisconnected: Connection unexpectedly closed: timed out"] * 2
    )


def test_the_settings_give_smtp_a_timeout_that_the_environment_can_change():
    show = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_TIMEOUT)"

    default = _run("-c", show, env=_production_env(DJANGO_DEBUG="1"))
    changed = _run("-c", show, env=_production_env(DJANGO_DEBUG="1", EMAIL_TIMEOUT="2.5"))

    assert (default.stdout, changed.stdout) == ("10.0\n", "2.5\n")
