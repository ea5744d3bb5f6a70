"""Confirmation of proposed actions, one feature: propose, decide, run, sweep, replies, audit."""

from bot.core.confirmation.service import PENDING_ID, ConfirmationService

__all__ = ["PENDING_ID", "ConfirmationService"]
