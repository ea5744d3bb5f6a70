"""Settings: the only module that reads the environment.

Precedence, highest first: environment variables, the config file (`opsbot.yml`, path by `OPSBOT_CONFIG`),
defaults. Settings are grouped by concern (`settings.slack.bot_token`, `settings.llm.model`, ...); environment
variable names are what they always were, and the config file takes either the groups (`slack: {bot_token: ...}`)
or the flat names (`slack_bot_token: ...`). Every field is documented in `.env.example`; `opsbot config show`
prints the effective values with secrets masked.
"""

from bot.observability.prices import LlmPrice
from bot.settings.loading import CONFIG_ENV, load_settings
from bot.settings.masking import masked, secret_env
from bot.settings.schema import Settings

__all__ = ["CONFIG_ENV", "LlmPrice", "Settings", "load_settings", "masked", "secret_env"]
