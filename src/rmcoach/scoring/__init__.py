"""Session scorecard from per-turn analyses; optional LLM judge."""

from rmcoach.scoring.models import Advice, Evidence, Score, Scorecard
from rmcoach.scoring.scorecard import goal_met, scorecard

__all__ = ["Advice", "Evidence", "Score", "Scorecard", "goal_met", "scorecard"]
