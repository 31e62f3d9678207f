from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_interruptions_from_decisions")]

    operations = [
        migrations.RemoveField(
            model_name="decision",
            name="interrupted",
        ),
        migrations.RemoveField(
            model_name="decision",
            name="resumed",
        ),
        migrations.RemoveField(
            model_name="historicaldecision",
            name="interrupted",
        ),
        migrations.RemoveField(
            model_name="historicaldecision",
            name="resumed",
        ),
    ]
