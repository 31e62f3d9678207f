"""Helpers for tests that run on the demo data (`manage.py load_demo`)."""

from __future__ import annotations

from django.test import Client

from apps.organisations.demo import DEMO_PASSWORD


def login(username: str) -> Client:
    """A test client logged in as one of the demo users."""
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client
