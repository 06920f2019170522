"""The simulated counterpart: a director decides what to do, a realizer says it."""

from rmcoach.partner.models import Move, PartnerState

__all__ = ["Move", "PartnerState"]
