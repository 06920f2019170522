"""Per-turn analysis of the learner's words: acts, clarity and listening features."""

from rmcoach.analysis.analyze import analyze_turn
from rmcoach.analysis.models import ACTS, SUBTYPES, TurnAnalysis, TurnContext

__all__ = ["ACTS", "SUBTYPES", "TurnAnalysis", "TurnContext", "analyze_turn"]
