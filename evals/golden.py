"""Golden conversations: the YAML format, loaded into typed cases.

name: create-ticket-needs-confirmation
category: actions                # results are grouped by category in the report
modes: [scripted, offline]       # where this case applies (default: both)
user: {id: U_ALICE, groups: [everyone]}
channel: C0PUBLIC                # asked in a shared channel: answers use what everyone there may read
pii: ["Priya Natarajan"]         # must never reach the LLM or the database
turns:
  - say: "/ops create_ticket title=\"VPN down\""   # or free text
    llm: [{call: propose_create_ticket, args: {title: VPN down}}, {say: "..."}]   # scripted mode only
    expect: {kind: confirmation, card_action: create_ticket, llm_not_shown: ["..."], private_cites: "..."}
    expect_offline: {...}        # replaces expect in offline mode
  - say: "Our gateway logs say:"  # `attach` appends a file (under evals/) to the message: a pasted log
    attach: fixtures/vpn-gateway-20k.log
  - click: confirm               # the choice whose value starts with confirm:
    as: {id: U_BOB}              # someone else clicks (default: the user)
    expect: {kind: notice, ephemeral: true, contains: "Only"}
after: {tickets: 1, executed: 1}  # database state after the conversation
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["scripted", "offline", "live"]
GOLDENS = Path(__file__).parent / "goldens"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expect(Strict):
    kind: str | None = None
    silent: bool = False  # no reply at all (human-owned thread)
    contains: list[str] | str = Field(default_factory=list)
    not_contains: list[str] | str = Field(default_factory=list)
    cites: str | None = None  # a citation source containing this
    not_cites: str | None = None  # no citation source may contain this
    no_citations: bool = False
    card_action: str | None = None
    card_params: dict[str, Any] = Field(default_factory=dict)  # each must be on the card as given
    ephemeral: bool | None = None
    unverified: bool | None = None
    llm_not_shown: list[str] | str = Field(default_factory=list)  # scripted: never in what the model saw this turn
    private_cites: str | None = None  # the answer sent to the asker alone cites a source containing this
    no_private: bool = False  # nothing is sent to the asker alone

    def contains_list(self) -> list[str]:
        return [self.contains] if isinstance(self.contains, str) else self.contains

    def not_contains_list(self) -> list[str]:
        return [self.not_contains] if isinstance(self.not_contains, str) else self.not_contains

    def not_shown_list(self) -> list[str]:
        return [self.llm_not_shown] if isinstance(self.llm_not_shown, str) else self.llm_not_shown


class Who(Strict):
    id: str
    groups: list[str] = Field(default_factory=lambda: ["everyone"])


class Turn(Strict):
    say: str | None = None
    attach: str | None = None  # a file under evals/ appended to `say`
    click: str | None = None  # confirm | cancel | human | handback | feedback
    as_: Who | None = Field(None, alias="as")
    llm: list[dict[str, Any]] = Field(default_factory=list)
    expect: Expect = Field(default_factory=Expect)
    expect_offline: Expect | None = None

    def text(self) -> str | None:
        """What the user sends: `say`, with the attached file after it."""
        if self.say is None or self.attach is None:
            return self.say
        return f"{self.say}\n{(GOLDENS.parent / self.attach).read_text(encoding='utf-8')}"

    def expectation(self, mode: Mode) -> Expect:
        return self.expect_offline if mode == "offline" and self.expect_offline is not None else self.expect


class After(Strict):
    tickets: int | None = None
    executed: int | None = None
    escalations: int | None = None


class Golden(Strict):
    name: str
    category: str
    description: str = ""
    modes: list[Mode] = Field(default_factory=lambda: ["scripted", "offline", "live"])
    user: Who = Field(default_factory=lambda: Who(id="U_ALICE"))
    channel: str | None = None  # a shared channel (no slack_channels entry) instead of a direct conversation
    pii: list[str] = Field(default_factory=list)
    turns: list[Turn]
    after: After = Field(default_factory=After)


def load_goldens(folder: Path = GOLDENS) -> list[Golden]:
    """Every golden conversation in `folder`, sorted by name; a malformed file is an error naming it."""
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            cases.append(Golden.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except Exception as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
    return sorted(cases, key=lambda case: case.name)
