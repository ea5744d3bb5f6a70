"""Who is who: Slack user groups and the config decide a person's groups; the workspace's names reach redaction."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.slack.client import build_client
from bot.slack.directory import Directory
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import slack_settings


class Names:
    def __init__(self) -> None:
        self.names: list[str] = []

    def add_names(self, names: Iterable[str]) -> None:
        self.names += names


def people(count: int) -> list[dict[str, object]]:
    return [
        {"id": f"U{i:04d}", "real_name": f"Person Number{i}", "profile": {"display_name": f"p{i}"}}
        for i in range(count)
    ]


async def test_groups_come_from_slack_user_groups_the_config_and_the_defaults(tmp_path: Path) -> None:
    """A member of the Slack group 'sre' has sre; the config's user_groups and default_groups add theirs."""
    fake = FakeSlack(users=people(3), usergroups=[{"id": "S1", "handle": "sre", "users": ["U0001"]}])
    await fake.start()
    client = build_client(slack_settings(tmp_path, fake.base_url).slack)
    directory = Directory(client, user_groups={"U0002": ["network"]}, default_groups=["everyone"])
    await directory.refresh()
    await fake.close()
    assert directory.groups_of("U0001") == {"everyone", "sre"}
    assert directory.groups_of("U0002") == {"everyone", "network"}
    assert directory.person("U0000").display_name == "p0"


async def test_every_page_of_the_directory_feeds_the_redactor_but_not_bots(tmp_path: Path) -> None:
    """All 450 people (three pages) reach the name list; bots and deleted users do not."""
    bots = [
        {"id": "U9BOT", "real_name": "Deploy Bot", "is_bot": True},
        {"id": "U9OLD", "real_name": "Gone Person", "deleted": True},
    ]
    fake = FakeSlack(users=[*people(450), *bots])
    await fake.start()
    client = build_client(slack_settings(tmp_path, fake.base_url).slack)
    names = Names()
    await Directory(client, user_groups={}, default_groups=["everyone"], names=names).refresh()
    await fake.close()
    assert len(fake.calls_to("users.list")) == 3
    assert {"Person Number0", "p0", "Person Number449"} <= set(names.names)
    assert "Deploy Bot" not in names.names and "Gone Person" not in names.names


async def test_without_slack_user_groups_the_config_groups_still_apply(tmp_path: Path) -> None:
    """A workspace where usergroups.list fails (free plan, missing scope) still gets the config's groups."""
    fake = FakeSlack(users=people(1))
    fake.fail_next("usergroups.list", error="missing_scope")
    await fake.start()
    client = build_client(slack_settings(tmp_path, fake.base_url).slack)
    directory = Directory(client, user_groups={"U0000": ["sre"]}, default_groups=["everyone"])
    await directory.refresh()
    await fake.close()
    assert directory.groups_of("U0000") == {"everyone", "sre"}
