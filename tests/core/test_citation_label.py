"""How a citation reads to the person who asked."""

from model.replies import Citation


def test_label_does_not_repeat_the_title() -> None:
    """A section path that starts with the title is shown once: 'Title › Symptoms', not 'Title › Title › Symptoms'."""
    cite = Citation("runbooks/vpn/x.md", "VPN drops", "VPN drops › Symptoms", "runbook")
    assert cite.label == "VPN drops › Symptoms"


def test_label_joins_title_and_a_foreign_section() -> None:
    """A ticket's section is shown after its title, and a missing section shows the title alone."""
    assert Citation("OPS-1", "VPN down", "Resolution", "ticket").label == "VPN down › Resolution"
    assert Citation("OPS-1", "VPN down", "", "ticket").label == "VPN down"
