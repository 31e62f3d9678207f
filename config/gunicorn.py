"""gunicorn's settings, named on its command line wherever Nämndkollen is served with
gunicorn (`--config python:config.gunicorn`: docker-compose.yml's web service, which
tests/test_production_stack.py starts, and make bench), so that they apply whatever the
working directory. Workers, bind address and logging stay on the command line."""

from __future__ import annotations

import gc
from typing import Any

# The application is loaded once, in the master, before the workers are forked: they share
# its memory until they write to it, a worker restarted by the master starts at once, and a
# start with three workers costs one load of Django and the app instead of three. Nothing
# connects at import (the database, Redis and the broker are reached on first use), so no
# connection is shared between the workers.
preload_app = True


def post_worker_init(worker: Any) -> None:
    """The application is loaded: its modules, settings and templates are moved out of the
    garbage collector's sight (gc.freeze), so that a full collection during a request walks
    only what requests made, not the whole application (on the budget page such a
    collection took about 100 ms)."""
    gc.freeze()
