"""Settings from the environment and an optional `.env`, built when asked, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.delivery.transport import Pacing, Rate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PARTNERSHIP = PROJECT_ROOT / "examples" / "partnership.example.yaml"
SLACK_DEFAULT_API_URL = "https://slack.com/api/"


class SlackSettings(BaseModel):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_url: str = SLACK_DEFAULT_API_URL

    @property
    def configured(self) -> bool:
        return self.bot_token is not None and self.signing_secret is not None


class DeliverySettings(BaseModel):
    max_attempts: int = 8
    first_retry_seconds: float = 2.0
    max_retry_seconds: float = 900.0
    lease_seconds: float = 60.0
    batch_size: int = 200  # rows claimed at once (and marked sent together)
    poll_seconds: float = 1.0
    concurrency: int = 8  # recipients served at once
    # Slack: about one message per second per channel, short bursts allowed.
    recipient_per_second: float = 1.0
    recipient_burst: int = 3
    # Slack keeps a workspace-wide limit it does not publish: None paces by its 429s alone.
    workspace_per_second: float | None = None
    workspace_burst: int = 20

    # Teams (Bot Framework): per conversation about 7 in a second and 1 a second sustained;
    # 50 requests a second per app per tenant.
    teams_conversation_per_second: float = 1.0
    teams_conversation_burst: int = 7
    teams_tenant_per_second: float = 50.0
    teams_tenant_burst: int = 50

    def teams_pacing(self) -> Pacing:
        """The pacing these settings ask of the Teams transport."""
        return Pacing(
            per_recipient=Rate(self.teams_conversation_per_second, self.teams_conversation_burst),
            per_workspace=Rate(self.teams_tenant_per_second, self.teams_tenant_burst),
            concurrency=self.concurrency,
        )

    def pacing(self) -> Pacing:
        """The pacing these settings ask of a transport."""
        workspace = (
            Rate(self.workspace_per_second, self.workspace_burst)
            if self.workspace_per_second
            else None
        )
        return Pacing(
            per_recipient=Rate(self.recipient_per_second, self.recipient_burst),
            per_workspace=workspace,
            concurrency=self.concurrency,
        )


class Settings(BaseSettings):
    """Everything configurable about one running bot; secrets are `SecretStr`, never logged."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///mashbot.db",
        validation_alias=AliasChoices("MASHBOT_DATABASE_URL", "database_url"),
    )
    partnership_file: Path = Field(
        default=EXAMPLE_PARTNERSHIP,
        validation_alias=AliasChoices("MASHBOT_PARTNERSHIP_FILE", "partnership_file"),
    )
    auto_migrate: bool = Field(
        default=True, validation_alias=AliasChoices("MASHBOT_AUTO_MIGRATE", "auto_migrate")
    )
    log_level: str = Field(
        default="INFO", validation_alias=AliasChoices("MASHBOT_LOG_LEVEL", "log_level")
    )
    actor_cache_seconds: float = Field(
        default=60.0,
        validation_alias=AliasChoices("MASHBOT_ACTOR_CACHE_SECONDS", "actor_cache_seconds"),
    )
    clock_lease_seconds: float = Field(
        default=15.0,
        validation_alias=AliasChoices("MASHBOT_CLOCK_LEASE_SECONDS", "clock_lease_seconds"),
    )
    clock_stale_minutes: float = Field(
        default=10.0,
        validation_alias=AliasChoices("MASHBOT_CLOCK_STALE_MINUTES", "clock_stale_minutes"),
    )
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=SLACK_DEFAULT_API_URL, validation_alias="SLACK_API_URL")
    audit_key: SecretStr | None = Field(default=None, validation_alias="MASHBOT_AUDIT_KEY")
    audit_key_file: Path | None = Field(default=None, validation_alias="MASHBOT_AUDIT_KEY_FILE")
    data_key: SecretStr | None = Field(default=None, validation_alias="MASHBOT_DATA_KEY")
    data_key_file: Path | None = Field(default=None, validation_alias="MASHBOT_DATA_KEY_FILE")
    audit_checkpoints: Path | None = Field(
        default=None, validation_alias="MASHBOT_AUDIT_CHECKPOINTS"
    )
    audit_checkpoint_hours: float = Field(
        default=24.0, gt=0, validation_alias="MASHBOT_AUDIT_CHECKPOINT_HOURS"
    )
    delivery: DeliverySettings = DeliverySettings()

    @property
    def slack(self) -> SlackSettings:
        url = self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"
        return SlackSettings(
            bot_token=self.slack_bot_token,
            signing_secret=self.slack_signing_secret,
            app_token=self.slack_app_token,
            api_url=url,
        )
