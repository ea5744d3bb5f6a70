"""`opsbot report --html`: one self-contained page (inline CSS, inline SVG; no scripts, nothing fetched)."""

from __future__ import annotations

from html import escape

from bot.observability.kpis import Day, Kpis

CSS = """
body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.4rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.8rem}
.kpi{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.7rem}
.kpi b{display:block;font-size:1.5rem}.kpi span{color:#5b6472;font-size:.85rem}
.kpi small{display:block;color:#5b6472;font-size:.75rem;margin-top:.3rem}
.legend{font-size:.85rem;margin:.3rem 0}.legend i{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem}
figure{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.8rem;margin:1rem 0}
"""


def render(kpis: Kpis) -> str:
    cards = "".join(
        f'<div class="kpi"><span>{escape(k)}</span><b>{escape(v)}</b><small>{escape(DEFINITIONS[k])}</small></div>'
        for k, v in rows(kpis)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opsbot report</title>'
        f"<style>{CSS}</style></head><body><h1>Opsbot report since {escape(kpis.since)}</h1>"
        f'<section class="grid" id="kpis">{cards}</section>'
        f'<figure id="trend-replies"><figcaption>Replies, completed tasks and escalations per day</figcaption>'
        f"{legend()}{bars(kpis.daily)}</figure>"
        f'<figure id="trend-latency"><figcaption>p95 latency per day (ms)</figcaption>{line(kpis.daily)}</figure>'
        "</body></html>"
    )


def rows(k: Kpis) -> list[tuple[str, str]]:
    return [
        ("Replies", str(k.replies)),
        ("Task completion rate", pct(k.completion_rate)),
        ("Escalation rate", pct(k.escalation_rate)),
        ("Tool-call success rate", pct(k.tool_success_rate)),
        ("Tool-argument validity rate", pct(k.tool_validity_rate)),
        ("Ungrounded-answer rate", pct(k.ungrounded_rate)),
        ("Thumbs up / down", f"{k.thumbs_up} / {k.thumbs_down}"),
        ("PII caught by the safety net", str(sum(k.pii_caught.values()))),
        ("Latency p50 / p95", f"{ms(k.latency_p50_ms)} / {ms(k.latency_p95_ms)}"),
        ("Tokens per successful task", num(k.tokens_per_success)),
        ("Cost per successful task", num(k.cost_per_success, 4)),
        ("Top runbook gaps", ", ".join(f"{topic} ({n}×)" for topic, n in k.top_gaps) or "none"),
    ]


DEFINITIONS = {  # what counts, over what: shown under each figure (and by `opsbot report` as text)
    "Replies": "messages the bot answered in the period",
    "Task completion rate": "answers not handed to a human + actions that ran successfully, over replies",
    "Escalation rate": "threads handed to a human, over replies",
    "Tool-call success rate": "LLM tool calls and action runs (/ops, plain words, LLM) that succeeded, over all",
    "Tool-argument validity rate": "LLM tool calls whose arguments were valid, over all LLM tool calls",
    "Ungrounded-answer rate": "answers shown as unverified (no supporting source), over answers",
    "Thumbs up / down": "feedback buttons clicked under answers",
    "PII caught by the safety net": "personal data scrubbed from logs and traces after redaction missed it",
    "Latency p50 / p95": "time from message to reply, median and 95th percentile",
    "Tokens per successful task": "LLM tokens (prompt + completion), over completed tasks",
    "Cost per successful task": "estimated LLM cost (llm_prices), over completed tasks",
    "Top runbook gaps": "topics of questions no runbook answered in the period, with how often each was asked",
}


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def num(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


W, H, PAD = 640, 200, 28
SERIES = (("replies", "#4062bb"), ("completed", "#2a9d5b"), ("escalated", "#d1495b"))


def legend() -> str:
    keys = "".join(f'<i style="background:{colour}"></i>{name}' for name, colour in SERIES)
    return f'<div class="legend" id="legend-replies">{keys}</div>'


def bars(days: list[Day]) -> str:
    top = max([1, *(d.replies for d in days), *(d.escalated for d in days)])
    slot = (W - 2 * PAD) / max(1, len(days))
    width = slot / (len(SERIES) + 1)
    shapes = []
    for i, day in enumerate(days):
        for j, (name, colour) in enumerate(SERIES):
            value = getattr(day, name)
            height = (H - 2 * PAD) * value / top
            x, y = PAD + i * slot + j * width, H - PAD - height
            shapes.append(
                f'<rect class="{name}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{escape(day.day)} {name}: {value}</title></rect>'
            )
        shapes.append(f'<text x="{PAD + i * slot:.1f}" y="{H - 8}" font-size="10">{escape(day.day[5:])}</text>')
    return _svg("".join(shapes), "daily replies, completed tasks and escalations", f"{top}", "count")


def line(days: list[Day]) -> str:
    """p95 per day: a line with a dot and its value on each day, so a single day is a visible, labelled point."""
    top = max([1.0, *(d.p95_ms for d in days)])
    step = (W - 2 * PAD) / max(1, len(days) - 1)
    centre = len(days) == 1
    xy = [(W / 2 if centre else PAD + i * step, H - PAD - (H - 2 * PAD) * d.p95_ms / top) for i, d in enumerate(days)]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    body = f'<polyline points="{points}" fill="none" stroke="#4062bb" stroke-width="2"/>'
    for (x, y), day in zip(xy, days, strict=True):
        body += f'<circle class="p95" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#4062bb"/>'
        body += f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="10">{day.p95_ms:.0f} ms</text>'
        body += f'<text x="{x - 12:.1f}" y="{H - 8}" font-size="10">{escape(day.day[5:])}</text>'
    return _svg(body, "daily p95 latency", f"{top:.0f} ms", "p95 latency")


def _svg(body: str, label: str, top: str, unit: str) -> str:
    """The chart with both axes: days along the bottom, `unit` up the side from 0 to `top`."""
    axes = (
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#8892a0"/>'
        f'<line class="y-axis" x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="#8892a0"/>'
        f'<text x="2" y="{PAD + 4}" font-size="10">{escape(top)}</text>'
        f'<text x="2" y="{H - PAD}" font-size="10">0</text>'
        f'<text x="{PAD + 4}" y="{PAD - 10}" font-size="10">{escape(unit)}</text>'
        f'<text x="{W - PAD - 20}" y="{H - 8}" font-size="10">day</text>'
    )
    box = f'viewBox="0 0 {W} {H}" role="img" aria-label="{label}"'
    return f'<svg xmlns="http://www.w3.org/2000/svg" {box}>{axes}{body}</svg>'
