"""Who may confirm or cancel a pending action. Checked on the click, and again by the executor at run time.

    confirm_by=requester  only the person who asked may confirm.
    confirm_by=approvers  only a member of the approver group may confirm (the asker too, if a member).
    confirm_by=both       a member of the approver group other than the asker must confirm (four eyes).

Anyone who may confirm may cancel; the asker may always cancel their own request.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from actions.spec import ActionSpec, ConfirmBy


@dataclass(frozen=True)
class Policy:
    risk: str
    confirm_by: ConfirmBy
    approver_group: str | None

    @classmethod
    def of(cls, spec: ActionSpec) -> Policy:
        return cls(spec.risk, spec.confirm_by, spec.approver_group)

    def who_may_confirm(self) -> str:
        if self.confirm_by == "requester":
            return "the person who asked"
        other = " other than the person who asked" if self.confirm_by == "both" else ""
        return f"a member of {self.approver_group}{other}"


def refuse_confirm(policy: Policy, *, requester: str, actor: str, groups: Set[str]) -> str | None:
    """None if `actor` may confirm; otherwise the reason, in words for the person who clicked."""
    if policy.confirm_by == "requester":
        return None if actor == requester else "Only the person who asked for this can confirm it."
    if policy.approver_group not in groups:
        return f"This is a {policy.risk}-risk action: only a member of {policy.approver_group} can confirm it."
    if policy.confirm_by == "both" and actor == requester:
        return f"Someone else from {policy.approver_group} must confirm this: you asked for it yourself."
    return None


def refuse_cancel(policy: Policy, *, requester: str, actor: str, groups: Set[str]) -> str | None:
    """None if `actor` may cancel (the asker, or anyone who may confirm); otherwise the reason."""
    if actor == requester or refuse_confirm(policy, requester=requester, actor=actor, groups=groups) is None:
        return None
    approvers = f", or a member of {policy.approver_group}," if policy.approver_group else ""
    return f"Only the person who asked for this{approvers} can cancel it."
