from celery import shared_task
from django.core.mail import send_mail


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def task_send_mail(*, subject: str, body: str, to: list[str]) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
