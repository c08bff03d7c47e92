from celery import shared_task
from django.core.mail import EmailMessage


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_mail(*, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None) -> None:
    message = EmailMessage(subject=subject, body=body, to=to)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
