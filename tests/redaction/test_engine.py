"""The engine loads once per process, offline, from an installed model package."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redaction import RedactionConfig, Redactor
from redaction.engine import analyzer
from redaction.spacy_model import ModelNotInstalledError

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter without the suite's TLDEXTRACT setting, counting every outbound connection attempt.
NETWORK_PROBE = """
import socket
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network disabled in this probe")
socket.socket.connect = refuse
socket.getaddrinfo = refuse
from redaction import RedactionConfig, Redactor
print(Redactor(RedactionConfig()).redact("mail jane@corp.example.co.uk or a@b.io").text)
import tldextract
tldextract.extract("www.example.co.uk")
from tldextract.tldextract import TLD_EXTRACTOR
print(len(attempts), list(TLD_EXTRACTOR.suffix_list_urls))
"""


def test_engine_is_shared(redactor: Redactor, config: RedactionConfig) -> None:
    """A second Redactor reuses the loaded model, so building one per request is cheap."""
    started = time.perf_counter()
    Redactor(RedactionConfig(names=["Someone Else"]))
    assert time.perf_counter() - started < 0.5
    assert analyzer(config.spacy_model) is analyzer(config.spacy_model)


def test_missing_model_fails_without_downloading() -> None:
    """A model that is not installed is an error, never a download."""
    with pytest.raises(ModelNotInstalledError, match="not installed"):
        analyzer("en_core_web_not_installed")


def test_nothing_is_fetched_at_run_time() -> None:
    """Loading and running redaction opens no connection, and tldextract has no suffix-list URL to fetch."""
    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    done = subprocess.run(
        [sys.executable, "-c", NETWORK_PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stdout.splitlines() == ["mail <EMAIL_ADDRESS_1> or <EMAIL_ADDRESS_2>", "0 []"]


ENVIRONMENT_PROBE = """
import os
before = dict(os.environ)
from redaction import RedactionConfig, Redactor
print(Redactor(RedactionConfig()).redact("mail priya@corp.internal").text)
print(dict(os.environ) == before)
"""


def test_environment_is_left_alone() -> None:
    """Importing and running redaction writes nothing into the process environment, and internal domains still match."""
    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    done = subprocess.run(
        [sys.executable, "-c", ENVIRONMENT_PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stdout.splitlines() == ["mail <EMAIL_ADDRESS_1>", "True"]
