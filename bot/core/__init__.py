"""The platform- and framework-neutral core: no Slack, no LlamaIndex imports here."""
