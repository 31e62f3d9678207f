"""The indicators domain: key figures and their values, goals, assessments and comments."""

from .drafts import DraftAssessment, DraftComment, DraftValue
from .goals import (
    Assessment,
    Comment,
    FollowUpPeriod,
    Goal,
    GoalIndicator,
    Signal,
    Target,
)
from .values import (
    DUE_IN_CHOICES,
    CommitteeIndicator,
    Frequency,
    Indicator,
    IndicatorValue,
    NewestValue,
)

__all__ = [
    "DUE_IN_CHOICES",
    "Assessment",
    "Comment",
    "CommitteeIndicator",
    "DraftAssessment",
    "DraftComment",
    "DraftValue",
    "FollowUpPeriod",
    "Frequency",
    "Goal",
    "GoalIndicator",
    "Indicator",
    "IndicatorValue",
    "NewestValue",
    "Signal",
    "Target",
]
