"""The indicators domain: key figures and their values, goals, assessments and comments."""

from .goals import (
    Assessment,
    Comment,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Signal,
    Target,
)
from .values import CommitteeIndicator, Indicator, IndicatorValue

__all__ = [
    "Assessment",
    "Comment",
    "CommitteeIndicator",
    "FollowUpPeriod",
    "Goal",
    "GoalIndicator",
    "Indicator",
    "IndicatorValue",
    "Signal",
    "Target",
]
