"""Adaptive Cards built by pure functions from neutral replies; nothing here talks to Teams.

Confirmations use Universal Actions (`Action.Execute`, card version 1.5). The posted card has no Confirm/Cancel:
its `refresh` names the people who may decide (`refresh.userIds`, at most 60), and their Teams clients ask the
bot for their own view, which has the buttons. Every button's data is the opaque id and nothing else; the verb is
the action's `verb`. Text that came from a person or the LLM (parameters, descriptions) goes into TextRuns,
which Teams does not read as markdown, so a parameter cannot render as a link or a heading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from microsoft_teams.api.models.attachment.attachment import Attachment
from microsoft_teams.cards import (
    ActionSet,
    AdaptiveCard,
    CardElement,
    ExecuteAction,
    RefreshDefinition,
    RichTextBlock,
    TextRun,
)

from bot.core.card_values import shortened_note, shown_value
from model.replies import ActionCard, Choice, Verb

Card = dict[str, Any]
CARD_VERSION = "1.5"  # Action.Execute needs 1.4; Teams renders 1.5
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_REFRESH_USERS = 60  # Teams gives user-specific views to at most 60 users
MAX_PARAMS = 40
VALUE_CHARS = 1000
FULL_VALUE_CHARS = 12_000  # a card must stay under Teams' 28 KB
TITLE_CHARS = 40
REFRESH = "refresh"
DECISION_VERBS = frozenset({Verb.CONFIRM, Verb.CANCEL})  # shown only in the deciders' own view
_STYLES = {"primary": "positive", "danger": "destructive"}


def build_confirmation(card: ActionCard, choices: Sequence[Choice], viewers: Sequence[str]) -> Card:
    """The card everyone sees: the action and its exact parameters, no Confirm/Cancel, a refresh for `viewers`."""
    shared = [c for c in choices if c.verb not in DECISION_VERBS]
    return _card([*_describe(card)], shared, refresh=_refresh(card.pending_id, viewers))


def build_confirmation_view(card: ActionCard, choices: Sequence[Choice], viewers: Sequence[str]) -> Card:
    """The view a person who may decide gets when their client refreshes the card: the same, with the buttons."""
    return _card([*_describe(card)], choices, refresh=_refresh(card.pending_id, viewers))


def build_decided(card: ActionCard | None, outcome: str, note: str, keep: Sequence[Choice] = ()) -> Card:
    """After a decision, for everyone: what ran (or not), the outcome and who decided; no refresh, no Confirm."""
    body = [*(_describe(card) if card is not None else []), _plain(outcome, weight="Bolder"), _plain(note)]
    return _card(body, [c for c in keep if c.verb not in DECISION_VERBS])


def build_choices(choices: Sequence[Choice]) -> Card | None:
    """A card holding only buttons (Talk to a human, Hand back), or None when there are none."""
    return _card([], choices) if choices else None


def build_button(choice: Choice) -> ExecuteAction:
    verb, target = str(choice.verb), choice.target
    title = choice.label if len(choice.label) <= TITLE_CHARS else choice.label[: TITLE_CHARS - 1] + "…"
    style = _STYLES.get(choice.style, "default")
    return ExecuteAction(title=title, verb=verb, data={"id": target}, style=style)  # type: ignore[arg-type]


def attachment(card: Card) -> Attachment:
    return Attachment(contentType=CARD_CONTENT_TYPE, content=card)


def invoke_card(card: Card) -> dict[str, Any]:
    """The HTTP 200 body answering an Action.Execute with a card: the clicker's card is replaced at once."""
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": card}


def invoke_message(text: str) -> dict[str, Any]:
    """The HTTP 200 body answering an Action.Execute with a message only the clicker sees; the card stays."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text}


def _describe(card: ActionCard) -> Iterable[CardElement]:
    yield _plain(f"Action: {card.action}", weight="Bolder")
    if card.destination:
        yield _plain(f"Sends: {card.destination}", weight="Bolder")
    yield _plain(card.description)
    shown = list(card.params.items())[:MAX_PARAMS]
    yield _plain("Parameters", weight="Bolder") if shown else _plain("Parameters: none")
    values = {name: shown_value(value, limit=VALUE_CHARS) for name, value in shown}
    for name, value in values.items():
        line = [TextRun(text=f"{name}: ", weight="Bolder"), TextRun(text=value.line)]
        cut = [TextRun(text=shortened_note(value), isSubtle=True)] if value.shortened else []  # type: ignore[arg-type]
        yield RichTextBlock(inlines=[*line, *cut])
    if len(card.params) > MAX_PARAMS:
        yield _plain(f"…and {len(card.params) - MAX_PARAMS} more parameters (too many for one card)")
    for name, value in values.items():
        if value.shortened:
            yield from _full_value(name, value.full)
    expires = f"{card.expires_at:%Y-%m-%d %H:%M} UTC"
    yield _plain(f"Risk: {card.risk} · May confirm: {card.who_may_confirm} · Expires {expires}", subtle=True)


def _card(body: Sequence[CardElement], choices: Sequence[Choice], refresh: RefreshDefinition | None = None) -> Card:
    elements = list(body)
    buttons = [build_button(c) for c in choices if c.value]
    if buttons:
        elements.append(ActionSet(actions=buttons))  # type: ignore[arg-type]
    card = AdaptiveCard(version=CARD_VERSION, body=elements, refresh=refresh)  # type: ignore[arg-type]
    return card.model_dump(by_alias=True, exclude_none=True)


def _refresh(pending_id: str, viewers: Sequence[str]) -> RefreshDefinition:
    users = list(dict.fromkeys(v for v in viewers if v))[:MAX_REFRESH_USERS]
    action = ExecuteAction(title="Refresh", verb=REFRESH, data={"id": pending_id})
    return RefreshDefinition(action=action, userIds=users)


def _plain(text: str, *, weight: str = "Default", subtle: bool = False) -> RichTextBlock:
    return RichTextBlock(inlines=[TextRun(text=_bounded(text), weight=weight, isSubtle=subtle or None)])  # type: ignore[arg-type]


def _full_value(name: str, full: str) -> Iterable[CardElement]:
    """The whole of a value its line had to cut, in runs of VALUE_CHARS, up to FULL_VALUE_CHARS per card."""
    yield _plain(f"Full value of {name}:", weight="Bolder")
    runs = [TextRun(text=full[i : i + VALUE_CHARS]) for i in range(0, min(len(full), FULL_VALUE_CHARS), VALUE_CHARS)]
    yield RichTextBlock(inlines=runs)  # type: ignore[arg-type]
    if len(full) > FULL_VALUE_CHARS:
        yield _plain(f"…(the last {len(full) - FULL_VALUE_CHARS} characters are too long for one card)", subtle=True)


def _bounded(text: str) -> str:
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"
