"""Every registration with funded participation approved gets its travel file; the free-text travel
details the workshops kept until now move onto it (and are erased with the other traveller details)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Registration = apps.get_model("workshops", "Registration")
    TravelFile = apps.get_model("travel", "TravelFile")
    for registration in Registration.objects.filter(funding="approved").exclude(status__in=["cancelled", "declined"]):
        TravelFile.objects.get_or_create(
            registration=registration,
            defaults={
                "funded": True,
                "departure_city": registration.travel_from[:200],
                "previous_details": registration.travel_details,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("travel", "0001_initial"), ("workshops", "0003_attendance_and_badges")]
    # Before workshops drops the column it reads (workshops itself never names travel).
    run_before = [("workshops", "0004_remove_registration_travel_details")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
