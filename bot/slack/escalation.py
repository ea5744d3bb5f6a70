"""Escalation on Slack: the core's Notifier posts to the escalation channel, mentioning the on-call user group,
with the redacted summary and a link to the thread; the group router picks the group per channel or topic."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.escalation import EscalationNotice, GroupRouter
from bot.settings import Settings
from bot.slack.blocks import build_escalation_notice
from bot.slack.client import SLACK_ERRORS, error_code
from bot.slack.inbound import PLATFORM
from model.errors import DeliveryError
from model.messages import ThreadRef

log = logging.getLogger(__name__)
ARCHIVE = "https://slack.com/archives/{channel}/p{ts}"


class SlackNotifier:
    """Implements bot.core.escalation.Notifier."""

    def __init__(self, client: AsyncWebClient, *, channel: str | None) -> None:
        self._client = client
        self._channel = channel

    async def notify(self, notice: EscalationNotice) -> None:
        if not self._channel:
            raise DeliveryError("SLACK_ESCALATION_CHANNEL is not set, so on-call cannot be told.")
        link = await self.link_to(notice.thread)
        message = build_escalation_notice(notice, link)
        await self._client.chat_postMessage(channel=self._channel, unfurl_links=False, **message.as_kwargs())

    async def link_to(self, thread: ThreadRef) -> str | None:
        """The thread's permalink, or its archive URL if Slack cannot give one; None outside Slack."""
        if thread.platform != PLATFORM:
            return None
        try:
            response = await self._client.chat_getPermalink(channel=thread.channel, message_ts=thread.thread)
            return str(response["permalink"])
        except SLACK_ERRORS as exc:
            log.info("chat.getPermalink failed (%s); using the archive URL", error_code(exc))
            return ARCHIVE.format(channel=thread.channel, ts=thread.thread.replace(".", ""))


def build_group_router(settings: Settings) -> GroupRouter:
    """On-call group per channel id or topic (`slack_oncall_groups:`), else SLACK_ONCALL_GROUP."""
    overrides = dict(settings.slack_oncall_groups)
    default = settings.slack_oncall_group

    def group_for(thread: ThreadRef, topic: str) -> str | None:
        return overrides.get(thread.channel) or (overrides.get(topic) if topic else None) or default

    return group_for
