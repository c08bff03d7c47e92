"""Demo data: the Ninety-eighth Session of the IOM Council as IC/2010/1 tells it (paragraphs 3–11), from
``data.json`` beside this file.

Names, positions, titles and summaries are the discussion note's own words. The people come from the
directory's demo (looked up by given and family name). The session's dates are its real ones (Geneva,
23–26 November 2009). The note dates only the keynote (the afternoon of the first day), so only the IDM
panel has a date; the other two show "during the session". The summaries and conclusions stay in
English, to be translated (/staff/translations/ lists them). ``load()`` is idempotent.
"""

import datetime
import json
from pathlib import Path

from directory.models import Organisation, Person
from workshops.models import DialogueYear

from ..models import CouncilSession, Panel, Participation

DATA = Path(__file__).with_name("data.json")


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load() -> dict[str, int]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    year, _created = DialogueYear.objects.get_or_create(year=data["year"]["year"], defaults=data["year"])
    session_row = data["session"]
    session_row |= {"start_date": _date(session_row["start_date"]), "end_date": _date(session_row["end_date"])}
    session, _created = CouncilSession.objects.update_or_create(number=session_row.pop("number"), defaults=session_row)
    speakers = 0
    for order, row in enumerate(data["panels"]):
        participants = row.pop("speakers")
        row |= {"year": year, "order": order, "date": _date(row["date"])}
        row |= {"summary": "\n\n".join(row["summary"]), "key_conclusions": "\n".join(row["key_conclusions"])}
        panel, _created = Panel.objects.update_or_create(
            session=session, kind=row.pop("kind"), title=row.pop("title"), defaults=row
        )
        for speaking_order, speaker in enumerate(participants):
            speaker["order"] = speaking_order
            if "organisation" in speaker:
                organisation = Organisation.objects.get(name=speaker.pop("organisation"), member_state=None)
                Participation.objects.update_or_create(
                    panel=panel, organisation=organisation, person=None, defaults=speaker
                )
            else:
                person = Person.objects.get(
                    given_name=speaker.pop("given_name"), family_name=speaker.pop("family_name")
                )
                Participation.objects.update_or_create(panel=panel, person=person, defaults=speaker)
            speakers += 1
    return {"Council sessions": 1, "Council panels": len(data["panels"]), "Council speakers": speakers}
