"""Counting tokens offline: o200k_base (GPT-4o's encoding), read from the BPE file llama-index-core ships.

tiktoken would download its BPE files on first use; llama-index-core carries cl100k_base and o200k_base under
`llama_index/core/_static/tiktoken_cache/` (named by the SHA-1 of their download URL), so we load that file
ourselves, check its SHA-256, and never touch the network or `os.environ`. Other models tokenise differently;
o200k is the yardstick for budgets and benchmarks, within a few per cent for most chat models.

A request's size follows OpenAI's published recipe for chat messages (3 tokens per message, 3 to prime the
reply) plus the tool schemas as compact JSON: an approximation of how the provider renders tools, close enough
for budgets. The provider's own `usage` figures are what we meter and bill.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any
from unittest import mock

import tiktoken
from tiktoken_ext import openai_public  # type: ignore[import-untyped]  # ships no py.typed

ENCODING = "o200k_base"
_URL = f"https://openaipublic.blob.core.windows.net/encodings/{ENCODING}.tiktoken"
_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
PER_MESSAGE = 3
REPLY_PRIMING = 3


def _ranks(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
    name = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
    data = resources.files("llama_index.core").joinpath("_static", "tiktoken_cache", name).read_bytes()
    if expected_hash and hashlib.sha256(data).hexdigest() != expected_hash:
        raise RuntimeError(f"the packaged {ENCODING} file does not match its checksum")
    return {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in data.splitlines() if line)}


@cache
def encoding() -> tiktoken.Encoding:
    """The o200k_base encoding, built from the packaged file (tiktoken's own loader would download it)."""
    with mock.patch.object(openai_public, "load_tiktoken_bpe", _ranks):
        spec = openai_public.o200k_base()
    return tiktoken.Encoding(**spec)


def count(text: str) -> int:
    """Tokens in `text` (special-token look-alikes count as plain text)."""
    return len(encoding().encode(text, disallowed_special=()))


def message_tokens(message: Mapping[str, Any]) -> int:
    """One OpenAI chat message: its role, text and tool calls, plus the per-message overhead."""
    content = message.get("content")
    text = content if isinstance(content, str) else json.dumps(content or "", ensure_ascii=False)
    calls = message.get("tool_calls") or []
    called = sum(count(c["function"]["name"]) + count(c["function"]["arguments"] or "") for c in calls)
    return PER_MESSAGE + count(str(message.get("role", ""))) + count(text) + called


def tools_tokens(tools: Iterable[Mapping[str, Any]]) -> int:
    """The tool schemas as the request carries them (compact JSON)."""
    listed = list(tools)
    return count(json.dumps(listed, separators=(",", ":"), ensure_ascii=False)) if listed else 0


def request_tokens(body: Mapping[str, Any]) -> int:
    """The prompt tokens of one /v1/chat/completions request body: messages, tools and the reply priming."""
    messages = body.get("messages") or []
    return sum(message_tokens(m) for m in messages) + tools_tokens(body.get("tools") or []) + REPLY_PRIMING
