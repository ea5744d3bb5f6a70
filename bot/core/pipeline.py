"""The road every message travels: dedupe, redact, load the thread, run the agent, route its outcome, persist.

Chat adapters call `handle` for a message and `choose` for a click (or a numbered choice in the console).
Only redacted text goes past `_redact`; placeholders are restored in the reply for the people in the thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import timedelta
from functools import partial

from opentelemetry import trace
from opentelemetry.context import Context

from bot.core import feedback
from bot.core.audience import Audiences
from bot.core.escalation import EscalationService
from bot.core.freshness import with_freshness
from bot.core.intents import wants_human
from bot.core.render import PRIVATELY, combined, offer_privately, render_answer, with_notice
from bot.core.telemetry import REFERENCE, TurnObserver, TurnStats, current_reference, tracer
from model.errors import UserFacingError, new_reference, something_went_wrong
from model.messages import InboundMessage, Person, ThreadRef
from model.outcomes import AgentResult, Answer, Info, NeedsHuman, Outcome, ProposedAction
from model.ports import Agent, AgentRequest, CommandRouter, Confirmations, HistoryTurn, Redactor
from model.replies import ActionCard, Citation, Reply, ReplyKind, Verb, parse_choice
from store import conversations, escalations, events
from store.db import Database

log = logging.getLogger(__name__)
NOTHING_ASKED = (
    'Hi! Ask me a question about our runbooks or past tickets (say, "my VPN keeps disconnecting"), or ask me to '
    "do something, such as opening a ticket: `/ops help` lists what I can do."
)


STALE_AFTER = timedelta(days=180)


@dataclass(frozen=True)
class _Loaded:
    human_owned: bool
    misses: int
    history: tuple[HistoryTurn, ...]


class Pipeline:
    def __init__(
        self,
        *,
        database: Database,
        redactor: Redactor,
        agent: Agent,
        confirmations: Confirmations | None = None,
        commands: CommandRouter | None = None,
        escalation: EscalationService | None = None,
        observer: TurnObserver | None = None,
        audiences: Audiences | None = None,
        stale_after: timedelta = STALE_AFTER,
    ) -> None:
        self._audiences = audiences  # None: every message is answered with the asker's rights (tests of the road)
        self._stale_after = stale_after
        self._escalation = escalation
        self._observer = observer
        self._db = database
        self._commands = commands
        self._redactor = redactor
        self._agent = agent
        self._confirmations = confirmations

    async def handle(self, message: InboundMessage) -> Reply | None:
        """Answer one message; None when there is nothing to say (a redelivery, or a human owns the thread)."""
        reference = new_reference()
        token = current_reference.set(reference)  # every log line of this turn carries it
        attributes = {REFERENCE: reference, "opsbot.platform": message.thread.platform}
        try:  # a fresh context: one trace per turn, whatever the caller had open
            with tracer().start_as_current_span("turn", context=Context(), attributes=attributes):
                return await self._handle(message, reference)
        finally:
            current_reference.reset(token)

    async def _handle(self, message: InboundMessage, reference: str) -> Reply | None:
        started = time.perf_counter()
        with tracer().start_as_current_span("receive") as span:
            if message.event_id and not await asyncio.to_thread(self._claim, message.event_id):
                log.info("duplicate event ignored", extra={"ref": reference})
                span.set_attribute("opsbot.duplicate", True)
                return None
        with tracer().start_as_current_span("redact"):
            redacted = await asyncio.to_thread(self._redact, message.text, message.thread.key)
        loaded = await asyncio.to_thread(self._load, message, redacted)
        if loaded.human_owned:
            trace_outcome("human_owned")
            return None
        error = False
        try:
            with tracer().start_as_current_span("decide"):
                result = await self._decide(redacted, message, loaded)
            with tracer().start_as_current_span("route"):
                reply = with_notice(await self._route(result.outcome, message, loaded), result.usage.notice)
                reply = offer_privately(reply, result.private)
        except UserFacingError as exc:
            result, reply = AgentResult(NeedsHuman(exc.user_text)), Reply(ReplyKind.ERROR, exc.user_text)
        except Exception:
            log.exception("turn failed", extra={"ref": reference})
            error = True
            result = AgentResult(NeedsHuman("internal error"))
            reply = Reply(ReplyKind.ERROR, something_went_wrong(reference), reference=reference)
        elapsed_ms = (time.perf_counter() - started) * 1000
        with tracer().start_as_current_span("reply"):
            stored_reply = await asyncio.to_thread(self._redact, reply.said, message.thread.key)
            turn_id = await asyncio.to_thread(
                self._persist,
                message,
                redacted,
                result,
                replace(reply, text=stored_reply),
                elapsed_ms,
                reference,
            )
            restored = replace(await asyncio.to_thread(self._restore, reply, message.thread), turn_id=turn_id)
        outcome = "error" if error else _outcome_name(result.outcome)
        trace_outcome(outcome, reply.kind.value, elapsed_ms)
        if self._observer is not None:
            stats = TurnStats(outcome, reply.kind.value, elapsed_ms, result.usage)
            await asyncio.to_thread(self._observer.turn_finished, stats)
        return restored

    async def choose(self, *, actor: Person, thread: ThreadRef, value: str, message_id: str | None = None) -> Reply:
        """A click on a choice a reply offered (`Choice.value`, as the platform gave it back) on the message
        `message_id` (when the platform has one); others are refused."""
        verb, target = parse_choice(value) or (None, "")
        if verb in (Verb.CONFIRM, Verb.CANCEL) and target and self._confirmations is not None:
            reply = await self._confirmations.decide(pending_id=target, actor=actor, choice=verb)
            if reply.decision is not None:  # the thread's history says what became of the request
                await asyncio.to_thread(self._record_action, thread, actor, f"{reply.decision.status}: {reply.text}")
        elif verb is Verb.HUMAN:
            reply = await self._escalate(thread, actor, "asked for a human with the button")
        elif verb is Verb.HANDBACK and self._escalation is not None:
            reply = await self._escalation.hand_back(thread=thread, actor=actor)
        elif verb is Verb.FEEDBACK and target in ("up", "down"):
            up = target == "up"
            record = partial(feedback.record, self._db, thread=thread, actor=actor, up=up, message_id=message_id)
            given = await asyncio.to_thread(record)
            text = feedback.THANKS if up else feedback.ASK_REASON
            reply = Reply(ReplyKind.NOTICE, text, ephemeral=True, asks_reason=None if up else given)
        else:
            reply = Reply(ReplyKind.NOTICE, "That button is not valid any more. Ask me again.", ephemeral=True)
        return await asyncio.to_thread(self._restore, reply, thread)

    async def explain(self, *, actor: Person, thread: ThreadRef, feedback_id: int, reason: str) -> bool:
        """The "what was wrong?" a person gave with their 👎; False when it is not theirs or empty."""
        explain = partial(feedback.explain, self._db, self._redactor, thread=thread, actor=actor)
        return await asyncio.to_thread(explain, feedback_id=feedback_id, reason=reason)

    async def posted(self, *, reply: Reply, message_id: str) -> None:
        """The platform posted `reply` as `message_id`: clicks, edits and deletes on that message find its turn."""
        turn_id = reply.turn_id
        if turn_id is None:
            return

        def link() -> None:
            with self._db.transaction() as session:
                conversations.set_message_id(session, turn_id=turn_id, message_id=message_id)

        await asyncio.to_thread(link)

    async def answer_to(self, thread: ThreadRef, message_id: str) -> str | None:
        """The posted message of the bot's answer to the question sent as `message_id`; None if there is none."""

        def find() -> str | None:
            with self._db.transaction() as session:
                conv = conversations.find_conversation(session, key=thread.key)
                if conv is None:
                    return None
                asked = conversations.turn_of_message(session, conversation_id=conv.id, message_id=message_id)
                if asked is None or asked.role != "user":
                    return None
                answer = conversations.latest_answer(session, conversation_id=conv.id, after=asked.id)
                return answer.message_id if answer is not None else None

        return await asyncio.to_thread(find)

    async def restore(self, reply: Reply, thread: ThreadRef) -> Reply:
        """A reply built outside `handle` (a corrected card) with the thread's real values, for its people."""
        return await asyncio.to_thread(self._restore, reply, thread)

    async def knows(self, thread: ThreadRef) -> bool:
        """Whether the bot has a conversation in this thread (so a follow-up there is for it)."""

        def known() -> bool:
            with self._db.transaction() as session:
                return conversations.find_conversation(session, key=thread.key) is not None

        return await asyncio.to_thread(known)

    async def _decide(self, redacted: str, message: InboundMessage, loaded: _Loaded) -> AgentResult:
        """Explicit commands and requests for a human are handled by the system; everything else by the agent."""
        if not redacted.strip():  # a bare mention: there is nothing for an agent (or an LLM) to answer
            return AgentResult(Info(NOTHING_ASKED))
        if wants_human(redacted):
            return AgentResult(NeedsHuman("the person asked for a human"))
        if self._commands is not None and (outcome := self._commands.route(redacted, message.user)) is not None:
            return AgentResult(outcome)
        audience = self._audiences.of(message) if self._audiences is not None else None
        request = AgentRequest(redacted, message.thread, message.user, loaded.history, audience)
        result = await self._agent.respond(request)
        if audience is None or not isinstance(result.outcome, Answer) or self._audiences is None:
            return result
        if not await asyncio.to_thread(self._audiences.withholds, redacted, message.user, audience):
            return result
        mine = await self._agent.respond(replace(request, audience=None))
        if not isinstance(mine.outcome, Answer) or not mine.outcome.relevant:
            return result
        outcome = result.outcome if result.outcome.relevant else Info(PRIVATELY)
        return AgentResult(outcome, combined(result.usage, mine.usage), private=mine.outcome)

    async def _route(self, outcome: Outcome, message: InboundMessage, loaded: _Loaded) -> Reply:
        if isinstance(outcome, Answer):
            if not outcome.relevant and loaded.misses >= 1:  # policy: nothing relevant twice in a row
                return await self._escalate(message.thread, message.user, "no relevant knowledge twice in a row")
            return with_freshness(render_answer(outcome), stale_after=self._stale_after)
        if isinstance(outcome, Info):
            return Reply(ReplyKind.NOTICE, outcome.text)
        if isinstance(outcome, ProposedAction):
            if self._confirmations is None:
                return Reply(ReplyKind.NOTICE, "Actions are not available here.")
            reply = await self._confirmations.propose(proposal=outcome, requester=message.user, thread=message.thread)
            card = reply.card
            if card and card.needs_approval_from and self._escalation is not None:  # policy: a request for approvers
                reason = f"{card.action} needs approval from {card.needs_approval_from}"
                asked = await self._escalation.escalate(
                    thread=message.thread, requester=message.user, reason=reason, topic=card.action
                )
                return replace(reply, follow_up=asked)
            return reply
        return await self._escalate(message.thread, message.user, outcome.reason)

    async def _escalate(self, thread: ThreadRef, person: Person, reason: str) -> Reply:
        if self._escalation is None:
            return Reply(ReplyKind.ESCALATION, f"I can't bring in a human from here ({reason}). Please ask on-call.")
        return await self._escalation.escalate(thread=thread, requester=person, reason=reason)

    def _claim(self, event_id: str) -> bool:
        with self._db.transaction() as session:
            return events.claim_event(session, key=event_id)

    def _redact(self, text: str, scope: str) -> str:
        return self._redactor.redact(text, scope=scope).text

    def _load(self, message: InboundMessage, redacted: str) -> _Loaded:
        """The thread as it stands (read only); a human-owned thread keeps the message for the humans."""
        with self._db.transaction() as session:
            conv = conversations.find_conversation(session, key=message.thread.key)
            if conv is None:
                return _Loaded(False, 0, ())
            history = tuple(
                HistoryTurn(t.role, t.text, stored_citations(t.citations))
                for t in conversations.recent_turns(session, conversation_id=conv.id)
            )
            human_owned = conv.state == "escalated"
            if human_owned:  # the turn's only write: keep the transcript for the humans, say nothing
                conversations.add_turn(session, conversation=conv, role="user", text=redacted, user_id=message.user.id)
                escalations.mark_human_reply(session, conversation_id=conv.id, author=message.user.id)
            return _Loaded(human_owned, conv.misses, history)

    def _persist(
        self,
        message: InboundMessage,
        redacted: str,
        result: AgentResult,
        reply: Reply,
        elapsed_ms: float,
        reference: str,
    ) -> int:
        """The turn's one commit: the conversation (new on the first turn), the message, the reply and its outcome."""
        usage, thread = result.usage, message.thread
        with self._db.transaction() as session:
            conv = conversations.get_or_create_conversation(
                session,
                platform=thread.platform,
                channel=thread.channel,
                thread=thread.thread,
                started_by=message.user.id,
            )
            if isinstance(result.outcome, Answer):
                conv.misses = 0 if result.outcome.relevant else conv.misses + 1
            conversations.add_turn(
                session,
                conversation=conv,
                role="user",
                text=redacted,
                user_id=message.user.id,
                message_id=message.message_id,
            )
            answer = conversations.add_turn(
                session,
                conversation=conv,
                role="assistant",
                text=reply.text,  # redacted by the caller: the vault write must not nest in this transaction
                outcome=_outcome_name(result.outcome),
                grounded=result.outcome.grounded if isinstance(result.outcome, Answer) else None,
                citations=[asdict(c) for c in reply.citations],
                tool_calls=usage.tool_calls,
                latency_ms=elapsed_ms,
                llm_ms=usage.llm_ms,
                retrieval_ms=usage.retrieval_ms,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                cached_tokens=usage.cached_tokens,
                prompt_version=usage.prompt_version,
                model=usage.model,
                reference=reference,
            )

            if reply.card is not None:
                text = proposed(reply.card)
                conversations.add_turn(session, conversation=conv, role="action", text=text, user_id=message.user.id)
            return answer.id

    def _record_action(self, thread: ThreadRef, actor: Person, text: str) -> None:
        """An action's decision or result, as a turn of its own (redacted like every stored text)."""
        redacted = self._redact(text, thread.key)
        with self._db.transaction() as session:
            conv = conversations.find_conversation(session, key=thread.key)
            if conv is not None:
                conversations.add_turn(session, conversation=conv, role="action", text=redacted, user_id=actor.id)

    def _restore(self, reply: Reply, thread: ThreadRef) -> Reply:
        """Real values back for the people in this thread: the text, the parameters on a card, the citations (whose
        stored placeholders stay inert, shown in the one style the text uses)."""
        restore = partial(self._redactor.restore, scope=thread.key)
        cited = tuple(replace(c, title=restore(c.title), section=restore(c.section)) for c in reply.citations)
        card = reply.card
        if card is not None:
            params = {k: restore(v) if isinstance(v, str) else v for k, v in card.params.items()}
            card = replace(card, params=params, description=restore(card.description))
        follow_up = self._restore(reply.follow_up, thread) if reply.follow_up is not None else None
        private = self._restore(reply.private, thread) if reply.private is not None else None
        return replace(
            reply, text=restore(reply.text), card=card, follow_up=follow_up, citations=cited, private=private
        )


def trace_outcome(outcome: str, reply_kind: str | None = None, latency_ms: float | None = None) -> None:
    """How the turn ended, on the turn's root span (the current span is a child: look it up by context)."""
    span = trace.get_current_span()
    span.set_attribute("opsbot.outcome", outcome)
    if reply_kind is not None:
        span.set_attribute("opsbot.reply_kind", reply_kind)
    if latency_ms is not None:
        span.set_attribute("opsbot.latency_ms", round(latency_ms, 1))


def proposed(card: ActionCard) -> str:
    """What the history keeps of a card: the action, its parameters as stored (redacted), who must confirm."""
    params = json.dumps(dict(card.params), ensure_ascii=False, default=str)
    return f"proposed {card.action} {params} (request {card.pending_id}); waiting for {card.who_may_confirm} to confirm"


def stored_citations(rows: Sequence[object]) -> tuple[Citation, ...]:
    """An answer's stored citations (older rows hold only the source)."""
    fields = {f.name for f in dataclass_fields(Citation)}
    citations = []
    for row in rows:
        if isinstance(row, dict):
            citations.append(Citation(**{k: v for k, v in row.items() if k in fields}))
        elif isinstance(row, str):
            citations.append(Citation(source=row, title=row, section="", kind=""))
    return tuple(citations)


def _outcome_name(outcome: Outcome) -> str:
    names = {Answer: "answer", ProposedAction: "proposed_action", NeedsHuman: "needs_human", Info: "info"}
    return names[type(outcome)]
