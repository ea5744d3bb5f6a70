"""`opsbot report --html`: one self-contained page (inline CSS, inline SVG; no scripts, nothing fetched)."""

from __future__ import annotations

from html import escape

from bot.observability.kpis import Day, Kpis

CSS = """
body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.4rem}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:.8rem}
.kpi{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.7rem}
.kpi b{display:block;font-size:1.5rem}.kpi span{color:#5b6472;font-size:.85rem}
figure{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.8rem;margin:1rem 0}
"""


def render(kpis: Kpis) -> str:
    cards = "".join(f'<div class="kpi"><span>{escape(k)}</span><b>{escape(v)}</b></div>' for k, v in rows(kpis))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opsbot report</title>'
        f"<style>{CSS}</style></head><body><h1>Opsbot report since {escape(kpis.since)}</h1>"
        f'<section class="grid" id="kpis">{cards}</section>'
        f'<figure id="trend-replies"><figcaption>Replies, completed tasks and escalations per day</figcaption>'
        f"{bars(kpis.daily)}</figure>"
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
        ("👍 / 👎", f"{k.thumbs_up} / {k.thumbs_down}"),
        ("PII caught by the safety net", str(sum(k.pii_caught.values()))),
        ("Latency p50 / p95", f"{ms(k.latency_p50_ms)} / {ms(k.latency_p95_ms)}"),
        ("Tokens per successful task", num(k.tokens_per_success)),
        ("Cost per successful task", num(k.cost_per_success, 4)),
        ("Top runbook gaps", ", ".join(f"{topic} ({n}×)" for topic, n in k.top_gaps) or "none"),
    ]


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def num(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


W, H, PAD = 640, 200, 28
SERIES = (("replies", "#4062bb"), ("completed", "#2a9d5b"), ("escalated", "#d1495b"))


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
    return _svg("".join(shapes), "daily replies, completed tasks and escalations")


def line(days: list[Day]) -> str:
    top = max([1.0, *(d.p95_ms for d in days)])
    step = (W - 2 * PAD) / max(1, len(days) - 1)
    points = " ".join(
        f"{PAD + i * step:.1f},{H - PAD - (H - 2 * PAD) * d.p95_ms / top:.1f}" for i, d in enumerate(days)
    )
    body = f'<polyline points="{points}" fill="none" stroke="#4062bb" stroke-width="2"/>'
    body += f'<text x="{PAD}" y="14" font-size="10">max {top:.0f} ms</text>'
    return _svg(body, "daily p95 latency")


def _svg(body: str, label: str) -> str:
    axis = f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#8892a0"/>'
    box = f'viewBox="0 0 {W} {H}" role="img" aria-label="{label}"'
    return f'<svg xmlns="http://www.w3.org/2000/svg" {box}>{axis}{body}</svg>'
