"""Who reads an answer. In a shared channel everyone does, so retrieval uses what the channel's audience may read
(bot.core.channels); when the asker's own rights would find more, the fuller answer goes to the asker alone and the
thread gets a one-line note. In a private conversation (a DM, the console, `opsbot ask`) the asker's rights count.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.core.channels import ChannelPolicy
from model.access import Readable, may_read
from model.errors import UserFacingError
from model.messages import InboundMessage, Person

if TYPE_CHECKING:
    from bot.core.knowledge_access import KnowledgeAccess

log = logging.getLogger(__name__)


class Audiences:
    def __init__(self, channels: ChannelPolicy, knowledge: KnowledgeAccess | None = None) -> None:
        self._channels = channels
        self._knowledge = knowledge

    def of(self, message: InboundMessage) -> frozenset[str] | None:
        """The groups an answer to `message` may draw on; None in a private conversation (the asker's own)."""
        return None if message.direct else self._channels.audience(message.user, message.thread.channel)

    def withholds(self, query: str, person: Person, audience: frozenset[str]) -> bool:
        """Whether the asker's own rights find relevant documents that the audience may not read."""
        if self._knowledge is None or person.groups <= audience:
            return False
        try:
            found = self._knowledge.search(query, groups=sorted(person.groups))
        except UserFacingError:
            return False  # the turn itself already said what went wrong with the search
        everyone = Person("", audience)
        restricted = [hit for hit in found.hits if not may_read(everyone, Readable.document(hit.source, hit.acl))]
        return found.relevant and bool(restricted)
