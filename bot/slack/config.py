"""The Slack adapter's settings (the `slack:` group of bot.settings), with today's environment variable names."""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, Field, SecretStr

from bot.core.channels import ChannelRules


def _names(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class SlackSettings(BaseModel):
    model_config = {"extra": "forbid", "populate_by_name": True}

    bot_token: SecretStr | None = Field(None, validation_alias=_names("SLACK_BOT_TOKEN", "slack_bot_token"))
    app_token: SecretStr | None = Field(None, validation_alias=_names("SLACK_APP_TOKEN", "slack_app_token"))
    signing_secret: SecretStr | None = Field(
        None, validation_alias=_names("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    api_url: str = Field("https://slack.com/api/", validation_alias=_names("SLACK_API_URL", "slack_api_url"))
    escalation_channel: str | None = Field(
        None, validation_alias=_names("SLACK_ESCALATION_CHANNEL", "slack_escalation_channel")
    )
    oncall_group: str | None = Field(None, validation_alias=_names("SLACK_ONCALL_GROUP", "slack_oncall_group"))
    # channel id, topic or action name -> on-call user group
    oncall_groups: dict[str, str] = Field(default_factory=dict, validation_alias=_names("slack_oncall_groups"))
    directory_refresh_minutes: int = Field(
        60, ge=1, validation_alias=_names("SLACK_DIRECTORY_REFRESH_MINUTES", "slack_directory_refresh_minutes")
    )
    channels: dict[str, ChannelRules] = Field(default_factory=dict, validation_alias=_names("slack_channels"))

    @property
    def signing_key(self) -> str:
        """The signing secret as the verifiers take it ("" in Socket Mode, which signs nothing)."""
        return self.signing_secret.get_secret_value() if self.signing_secret else ""

    @property
    def configured(self) -> bool:
        return self.bot_token is not None
