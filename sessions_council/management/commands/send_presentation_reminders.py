import datetime

from django.core.management.base import BaseCommand

from sessions_council import services


class Command(BaseCommand):
    help = (
        "Remind speakers who have not uploaded their presentation, a set number of days before the panel's "
        "deadline (COUNCIL_PRESENTATION_REMINDER_DAYS). Each speaker is reminded once; running it again sends nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, today: datetime.date | None = None, **options) -> None:
        sent = services.send_presentation_reminders(today=today)
        self.stdout.write(f"Presentation reminders sent: {sent}")
