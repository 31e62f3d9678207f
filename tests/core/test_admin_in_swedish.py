"""The administration speaks Swedish, the third-party apps included."""

from __future__ import annotations

from django.urls import reverse

from apps.indicators.models import Indicator

ENGLISH = ["Periodic Tasks", "PERIODIC TASKS", "Clocked", "Crontabs", "Solar events",
           "Intervals", "Access attempts", "Access logs", "Access failures", ">Axes<"]  # fmt: skip


def test_the_admin_index_names_every_app_and_model_in_swedish(client_for, personas):
    page = client_for("admin").get(reverse("admin:index")).content.decode()

    for swedish in ["Schemalagda uppgifter", "Crontab-scheman", "Solhändelser", "Tidpunkt",
                    "Inloggningsskydd", "Inloggningsförsök", "Nyckeltal"]:  # fmt: skip
        assert swedish in page
    for english in ENGLISH:
        assert english not in page


def test_an_admin_history_page_says_what_happened_in_swedish(client_for, personas):
    indicator = Indicator.objects.create(code="egen-andel", source="own", title="Andel nöjda")

    page = (
        client_for("admin")
        .get(reverse("admin:indicators_indicator_history", args=[indicator.pk]))
        .content.decode()
    )

    assert "Skapad" in page
    assert "Ändrad av" in page
    for english in ["Created", "Changed by", "Date/time", "Change reason"]:
        assert english not in page
