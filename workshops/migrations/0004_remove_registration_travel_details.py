from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0003_attendance_and_badges"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="registration",
            name="travel_details",
        ),
    ]
