"""The sessions open in Django's table carried over to the portal's, each with its user's id, so that
nobody signed in is signed out by the change of table."""

from django.contrib.auth import SESSION_KEY
from django.db import migrations
from django.utils import timezone


def copy_sessions(apps, schema_editor):
    from django.contrib.sessions.backends.db import SessionStore

    old = apps.get_model("sessions", "Session")
    new = apps.get_model("idm_portal", "PortalSession")
    decoder = SessionStore()
    using = schema_editor.connection.alias
    kept = []
    for session in old.objects.using(using).filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000):
        user_id = decoder.decode(session.session_data).get(SESSION_KEY)
        kept.append(
            new(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                user_id=int(user_id) if user_id is not None and str(user_id).isdigit() else None,
            )
        )
        if len(kept) >= 1000:
            new.objects.using(using).bulk_create(kept, ignore_conflicts=True)
            kept = []
    new.objects.using(using).bulk_create(kept, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("idm_portal", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_sessions, migrations.RunPython.noop)]
