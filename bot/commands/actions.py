"""`opsbot actions` (list, and the runtime kill switch) and `opsbot audit` (the append-only audit log)."""

from __future__ import annotations

import argparse
import json
import os
import pwd
from typing import TYPE_CHECKING, Any

from bot.commands.common import container

if TYPE_CHECKING:
    from store.models import AuditEvent


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("actions", help="list the actions, or switch one off or on for every process")
    parser.add_argument("--json", action="store_true", help="print JSON, with each action's parameter schema")
    parser.set_defaults(func=run_list)
    verbs = parser.add_subparsers(dest="actions_command", metavar="VERB", help="with no VERB, list the actions")
    for verb, text in (("disable", "switch an action off (kill switch)"), ("enable", "switch an action back on")):
        switch = verbs.add_parser(verb, help=text + "; takes effect on the next message, no restart")
        switch.add_argument("name", help="the action's name (see `opsbot actions`)")
        switch.add_argument("--reason", default=None, help="why, for the audit log")
        switch.set_defaults(func=run_switch, enabled=verb == "enable")
    audit = sub.add_parser("audit", help="print the newest audit events (proposals, confirmations, runs)")
    audit.add_argument("--json", action="store_true", help="print JSON lines")
    audit.add_argument("--limit", type=int, default=50, help="how many events, newest last (default 50)")
    audit.set_defaults(func=run_audit)


def run_list(args: argparse.Namespace) -> int:
    with container() as box:
        schemas = box.action_registry.json_schemas(include_disabled=True)
    if args.json:
        print(json.dumps(schemas, indent=2))
        return 0
    for s in schemas:
        who = "requester" if s["confirm_by"] == "requester" else f"{s['confirm_by']} ({s['approver_group']})"
        who = "- (read-only)" if s["kind"] == "read" else who
        state = "on " if s["enabled"] else "OFF"
        print(f"{state} {s['name']:<22} {s['kind']:<5} {s['risk']:<4} confirm: {who:<18} {s['description']}")
    return 0


def run_switch(args: argparse.Namespace) -> int:
    from bot.core.admin import switch_problem
    from store.kill_switch import record_switch

    with container() as box:
        registry = box.action_registry
        problem = switch_problem(registry, args.name, args.enabled)
        if problem:
            print(f"opsbot: {problem}")
            return 1
        with box.database.transaction() as session:
            record_switch(session, action=args.name, enabled=args.enabled, actor=_operator(), detail=args.reason)
    print(f"{args.name} is now {'on' if args.enabled else 'off'} for every Opsbot process (from the next message).")
    return 0


def _operator() -> str:
    """Who ran the command, for the audit log (the OS account; no environment variables read)."""
    try:
        return "cli:" + pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"cli:uid{os.getuid()}"


def run_audit(args: argparse.Namespace) -> int:
    from store.audit_tail import latest_audit

    with container() as box, box.database.transaction() as session:
        events = [_event(e) for e in latest_audit(session, limit=max(1, args.limit))]
    for e in events:
        print(json.dumps(e) if args.json else _line(e))
    return 0


def _event(entry: AuditEvent) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "event": entry.event,
        "actor": entry.actor,
        "action": entry.action,
        "pending_action_id": entry.pending_action_id,
        "outcome": entry.outcome,
        "duration_ms": round(entry.duration_ms, 1) if entry.duration_ms is not None else None,
        "params": entry.params,
        "detail": entry.detail,
    }


def _line(e: dict[str, Any]) -> str:
    took = f" {e['duration_ms']} ms" if e["duration_ms"] is not None else ""
    detail = f" - {e['detail']}" if e["detail"] else ""
    return f"{e['at']} {e['event']:<15} {e['action'] or '-':<20} by {e['actor']}{took}{detail}"
