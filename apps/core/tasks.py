"""Thin Celery tasks of the core app: liveness of the background stack."""

from __future__ import annotations

from celery import shared_task

from apps.core.services import heartbeat_record


@shared_task(time_limit=30, soft_time_limit=25)
def ping() -> str:
    """Answer through the broker and the result backend; used by the stack test and ops."""
    return "pong"


@shared_task(time_limit=30, soft_time_limit=25, ignore_result=True)
def record_heartbeat(name: str) -> None:
    """Sent by beat on a schedule; /health/ shows when it last arrived."""
    heartbeat_record(name=name)
