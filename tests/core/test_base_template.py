"""The base template is accessible: language, landmarks, skip link; static files are served."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_declare_swedish_and_have_landmarks_and_a_skip_link(client):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="sv">' in page
    assert 'class="skip-link" href="#innehall"' in page
    assert '<main id="innehall"' in page
    assert "<header" in page
    assert "<footer" in page
    assert 'aria-label="Huvudmeny"' in page
    assert 'name="viewport"' in page


def test_no_page_loads_anything_from_another_host(client_for):
    page = client_for("admin").get(reverse("organisations:home")).content.decode()

    assert "https://" not in page.replace("https://www.kolada.se", "")
    assert "//cdn" not in page


def test_logging_in_and_out_works_in_swedish(client, personas):
    response = client.post(
        reverse("login"), {"username": "politiker-a", "password": "fel"}, follow=True
    )
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()

    from tests.factories import TEST_PASSWORD

    response = client.post(
        reverse("login"), {"username": "politiker-a", "password": TEST_PASSWORD}, follow=True
    )
    assert personas.committee_a.name in response.content.decode()

    response = client.post(reverse("logout"), follow=True)
    assert "Logga in" in response.content.decode()
    assert client.get(reverse("organisations:committee", args=["namnd-a"])).status_code == 302


def test_the_stylesheet_has_visible_focus_and_is_found_by_staticfiles():
    path = finders.find("css/app.css")

    assert path is not None
    css = Path(path).read_text(encoding="utf-8")
    assert ":focus-visible" in css
    assert "@media (max-width: 480px)" in css


def test_the_footer_claims_no_source_for_every_figure(client):
    """'Källa: Kolada' stands on raw Kolada values only, never on every page (issue 14)."""
    page = client.get(reverse("login")).content.decode()

    assert "Källa: Kolada" not in page
    assert "Varje nyckeltal anger sin källa" in page
