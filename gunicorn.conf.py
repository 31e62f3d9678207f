"""gunicorn's settings, read from the working directory wherever Nämndkollen is served with
gunicorn (docker-compose.yml's web service, tests/test_production_stack.py, make bench).
Workers, bind address and logging stay on the command line."""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """The application is loaded: its modules, settings and templates are moved out of the
    garbage collector's sight (gc.freeze), so that a full collection during a request walks
    only what requests made, not the whole application (on the budget page such a
    collection took about 100 ms)."""
    gc.freeze()
