"""Before drafts had tables of their own, "Spara utkast" wrote straight into the values,
comments and assessments that readers see. Move what an open (never marked ready) period
holds into drafts, so that readers see nothing of it until the period is marked ready."""

from __future__ import annotations

from django.db import migrations


def open_periods_to_drafts(apps, schema_editor):  # type: ignore[no-untyped-def]
    FollowUpPeriod = apps.get_model("indicators", "FollowUpPeriod")
    IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    Comment = apps.get_model("indicators", "Comment")
    Assessment = apps.get_model("indicators", "Assessment")
    DraftValue = apps.get_model("indicators", "DraftValue")
    DraftComment = apps.get_model("indicators", "DraftComment")
    DraftAssessment = apps.get_model("indicators", "DraftAssessment")
    for follow_up in FollowUpPeriod.objects.filter(status="open", marked_ready_at__isnull=True):
        committee = follow_up.committee
        values = IndicatorValue.objects.filter(
            municipality_id=committee.municipality_id,
            period=follow_up.period,
            source="own",
            indicator__committee_id=committee.pk,
        )
        for value in values:
            DraftValue.objects.get_or_create(
                follow_up=follow_up,
                indicator_id=value.indicator_id,
                period=value.period,
                gender=value.gender,
                defaults={"value": value.value},
            )
        values.delete()
        comments = Comment.objects.filter(committee_id=committee.pk, period=follow_up.period)
        for comment in comments:
            DraftComment.objects.get_or_create(
                follow_up=follow_up,
                indicator_id=comment.indicator_id,
                period=comment.period,
                defaults={"text": comment.text, "author_id": comment.author_id},
            )
        comments.delete()
        assessments = Assessment.objects.filter(
            goal__committee_id=committee.pk, period=follow_up.period, status="draft"
        )
        for assessment in assessments:
            DraftAssessment.objects.get_or_create(
                follow_up=follow_up,
                goal_id=assessment.goal_id,
                defaults={
                    "signal": assessment.signal,
                    "analysis": assessment.analysis,
                    "author_id": assessment.author_id,
                },
            )
        assessments.delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_drafts_frequency_owner_publishing")]

    operations = [migrations.RunPython(open_periods_to_drafts, migrations.RunPython.noop)]
