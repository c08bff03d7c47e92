from django.core.management.base import BaseCommand
from django.db import transaction

from consultations import demo as consultations_demo
from directory import demo as directory_demo
from documents import demo as documents_demo
from funding import demo as funding_demo
from idm_portal import demo_accounts
from sessions_council import demo as sessions_council_demo
from travel import demo as travel_demo
from workshops import demo as workshops_demo


class Command(BaseCommand):
    help = "Load the demo data of IC/2010/1 and one demo log-in per role. Running it again changes nothing."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = directory_demo.load()
            counts.update(workshops_demo.load())
            counts.update(sessions_council_demo.load())
            counts.update(funding_demo.load())
            logins = demo_accounts.load()
            counts.update(consultations_demo.load())  # after the log-ins: Senegal's ballot is the focal point's
            counts.update(travel_demo.load())
            counts.update(documents_demo.load())  # IC/2010/1 from everything above, issued by the secretariat
        self.stdout.write("Demo data: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        self.stdout.write("Demo log-ins (password for all: %s):" % logins["password"])
        for role in ("secretariat", "delegate", "focal point", "donor contact"):
            self.stdout.write(f"  {role:<14} {logins[role]}")
        self.stdout.write(
            "  The secretariat log-in asks for a second factor: use the recovery code %s, or add the TOTP secret %s "
            "to an authenticator app." % (logins["recovery code"], logins["totp secret"])
        )
