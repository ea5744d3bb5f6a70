"""Errors of the actions package; every one carries text that is safe to show to the user and to the LLM.

ActionError (model.errors.UserFacingError)
├── UnknownAction       no action has that name (the message suggests the closest one and `/ops help`)
├── ActionDisabled      the kill switch is on for that action
├── InvalidArguments    the arguments do not fit the action's parameters (one line per problem)
├── InvalidCommand      an `/ops ...` line could not be parsed
├── NeedsConfirmation   a write action was called as if it were a read
└── ActionFailed        the action ran and failed; `retryable` asks the executor for another attempt
    └── AccessDenied    the person may not see (or change) what they asked about: "you can't see OPS-12"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.errors import UserFacingError

HELP_HINT = "Type /ops help to see the actions I can run."


class ActionError(UserFacingError):
    """An action could not be proposed, confirmed or run."""


class UnknownAction(ActionError):
    def __init__(self, name: str, closest: str | None = None) -> None:
        guess = f" Did you mean {closest}?" if closest else ""
        super().__init__(f"I don't know an action called '{name}'.{guess} {HELP_HINT}")
        self.name = name
        self.closest = closest


class ActionDisabled(ActionError):
    def __init__(self, name: str) -> None:
        super().__init__(f"The action {name} is switched off right now, so I can't run it. Ask an admin.")
        self.name = name


@dataclass(frozen=True)
class ArgumentProblem:
    """One thing wrong with the arguments: which field, what is wrong, what was expected."""

    field: str
    problem: str
    expected: str

    def render(self) -> str:
        return f"- {self.field}: {self.problem}; expected {self.expected}"


class InvalidArguments(ActionError):
    def __init__(self, action: str, problems: Sequence[ArgumentProblem]) -> None:
        lines = [f"The arguments for {action} are not valid:", *(p.render() for p in problems)]
        lines.append(f"Fix these and try {action} again.")
        super().__init__("\n".join(lines))
        self.action = action
        self.problems = tuple(problems)


class InvalidCommand(ActionError):
    """An `/ops` line that cannot be parsed."""


class NeedsConfirmation(ActionError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} changes something, so it must be proposed and confirmed, not run directly.")
        self.name = name


class ActionFailed(ActionError):
    """The action ran and failed. `changed` is False when nothing happened, None when nobody can tell."""

    def __init__(self, user_text: str, *, retryable: bool = False, changed: bool | None = None) -> None:
        super().__init__(user_text)
        self.retryable = retryable
        self.changed = changed


class AccessDenied(ActionFailed):
    """A refused read or write (model.access): nothing was shown or changed, and the text says so plainly."""

    def __init__(self, user_text: str) -> None:
        super().__init__(user_text, changed=False)
