from django.db import migrations


def interruptions_from_decisions(apps, schema_editor):
    """Each decision's single avbrott (interrupted/resumed) becomes an Interruption row. An
    avbrott follows a carried-out insats: where no verkställt date was stored, the avbrott
    day is taken as the day it was carried out at the latest."""
    Decision = apps.get_model("decisions", "Decision")
    Interruption = apps.get_model("decisions", "Interruption")
    for decision in Decision.objects.exclude(interrupted=None):
        Interruption.objects.create(
            decision=decision, interrupted=decision.interrupted, resumed=decision.resumed
        )
        if decision.carried_out is None or decision.carried_out > decision.interrupted:
            decision.carried_out = decision.interrupted
            decision.save(update_fields=["carried_out"])


def serials(apps, schema_editor):
    """Give every existing episode its löpnummer (start year and running number per
    committee, in start-date order), as services.assign_serials does from now on."""
    Decision = apps.get_model("decisions", "Decision")
    Interruption = apps.get_model("decisions", "Interruption")
    episodes = [(d.committee_id, d.decided, 0, d.pk, d) for d in Decision.objects.all()]
    episodes += [
        (i.decision.committee_id, i.interrupted, 1, i.pk, i)
        for i in Interruption.objects.select_related("decision")
    ]
    counters: dict = {}
    for committee_id, start, _, _, episode in sorted(episodes, key=lambda e: e[:4]):
        key = (committee_id, start.year)
        counters[key] = counters.get(key, 0) + 1
        episode.serial = f"{start.year}-{counters[key]:03d}"
        episode.save(update_fields=["serial"])


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_episodes")]

    operations = [
        migrations.RunPython(interruptions_from_decisions, migrations.RunPython.noop),
        migrations.RunPython(serials, migrations.RunPython.noop),
    ]
