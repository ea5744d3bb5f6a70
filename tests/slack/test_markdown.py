"""The neutral text's Markdown becomes Slack mrkdwn, and nothing in it can forge other markup."""

from __future__ import annotations

from bot.slack.blocks import build_sections


def shown(text: str) -> str:
    return str(build_sections(text)[0]["text"]["text"])


def test_bold_headings_and_links_become_mrkdwn() -> None:
    """`**x**`, `# Title` and `[label](https://…)` read as Slack shows them."""
    assert shown("# Steps\n**Renew** the cert, see [the runbook](https://wiki.corp/vpn)") == (
        "*Steps*\n*Renew* the cert, see <https://wiki.corp/vpn|the runbook>"
    )


def test_code_is_left_as_written() -> None:
    """Inside code spans and blocks, `**` and links stay literal."""
    assert shown("run `a**b**c` then\n```\n**not bold** [x](https://a.io)\n```") == (
        "run `a**b**c` then\n```\n**not bold** [x](https://a.io)\n```"
    )


def test_text_cannot_forge_links_or_mass_mentions() -> None:
    """Raw `<!channel>` or `<https://evil|bank>` in the text is escaped; only Markdown links become links."""
    assert shown("<!channel> <https://evil.example|your bank> [ok](javascript:alert)") == (
        "&lt;!channel&gt; &lt;https://evil.example|your bank&gt; [ok](javascript:alert)"
    )
