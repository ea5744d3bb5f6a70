"""Shared test data: the directory names, the vault key, and token-shaped values built at run time."""

from __future__ import annotations

from cryptography.fernet import Fernet

DIRECTORY = ["Priya Natarajan", "Tom Becker", "Laura Jenkins", "Mark Davies", "Wei Zhang"]
KEY = Fernet.generate_key().decode()


def fake(prefix: str, body: str, times: int) -> str:
    """Token-shaped values are assembled at run time so that secret scanners do not flag this repository."""
    return prefix + body * times
