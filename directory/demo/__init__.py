"""Demo data for the directory: every member state, organisation and person named in IC/2010/1, from
``data.json`` beside this file (names and positions exactly as in the discussion note, with their French
and Spanish). ``load()`` is idempotent: update_or_create on the natural keys."""

import json
from pathlib import Path

from django.contrib.auth.models import Group

from ..models import MemberState, Organisation, Person
from ..roles import SECRETARIAT_GROUP

DATA = Path(__file__).with_name("data.json")


def load() -> dict[str, int]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    states = {}
    for row in data["member_states"]:
        code = row.pop("country")
        states[code], _ = MemberState.objects.update_or_create(country=code, defaults=row)
    organisations = {}
    for row in data["organisations"]:
        name, code = row.pop("name"), row.pop("member_state")
        organisations[(name, code)], _ = Organisation.objects.update_or_create(
            name=name, member_state=states.get(code), defaults=row
        )
    for row in data["people"]:
        organisation, code = row.pop("organisation"), row.pop("member_state")
        given, family = row.pop("given_name"), row.pop("family_name")
        row |= {"organisation": organisations.get(tuple(organisation or ())), "member_state": states.get(code)}
        Person.objects.update_or_create(given_name=given, family_name=family, defaults=row)
    return {"member states": len(states), "organisations": len(organisations), "people": len(data["people"])}
