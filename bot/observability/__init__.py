"""Traces, logs, metrics and the KPI report: the SDK set-up lives here, never in bot/core."""
