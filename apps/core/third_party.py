"""Third-party apps under Swedish names in the administration.

Their model names come from the project's catalogue (locale/sv), which also translates
django_celery_beat's app name; axes names its app by its label, so it gets one here.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Inloggningsskydd"
