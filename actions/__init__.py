"""Actions: declared once (name, params model, kind, risk, who confirms, timeout, retries), validated in our code,
run by the executor after confirmation (bot.core.confirmation) or at once for reads (`run_read_action`).

Built-ins: create_ticket, add_ticket_comment, update_ticket_status, get_ticket, list_my_tickets, restart_service.
Declarative HTTP actions come from the config file (`http_actions:`, see actions.http_spec).
"""

from actions.authority import Policy
from actions.build import build_registry
from actions.commands import ParsedCommand, parse_command, render_help
from actions.decorator import action
from actions.errors import (
    AccessDenied,
    ActionDisabled,
    ActionError,
    ActionFailed,
    ArgumentProblem,
    InvalidArguments,
    InvalidCommand,
    NeedsConfirmation,
    UnknownAction,
)
from actions.executor import Execution, run_action, run_read_action
from actions.http_spec import HttpActionSpec, HttpParam
from actions.registry import ActionRegistry, tool_schema
from actions.spec import ActionContext, ActionResult, ActionSpec, ConfirmBy, Kind, Risk
from actions.switches import DatabaseSwitches
from actions.validation import validate_arguments

__all__ = [
    "AccessDenied",
    "ActionContext",
    "ActionDisabled",
    "ActionError",
    "ActionFailed",
    "ActionRegistry",
    "ActionResult",
    "ActionSpec",
    "ArgumentProblem",
    "ConfirmBy",
    "DatabaseSwitches",
    "Execution",
    "HttpActionSpec",
    "HttpParam",
    "InvalidArguments",
    "InvalidCommand",
    "Kind",
    "NeedsConfirmation",
    "ParsedCommand",
    "Policy",
    "Risk",
    "UnknownAction",
    "action",
    "build_registry",
    "parse_command",
    "render_help",
    "run_action",
    "run_read_action",
    "tool_schema",
    "validate_arguments",
]
