"""Redaction quality: recall, precision and values leaked per entity type, on held-in and held-out sets.

`python -m evals.redaction` (`make eval-redaction`) runs every set on the current code and prints the figures side
by side with every step recorded in evals/data/redaction_steps.json (today's first). The sets are described in
sets.py, the matching in scoring.py.
"""

from evals.redaction.sets import CUSTOM_PATTERNS, DIRECTORY, Sample, load_chat, load_opschat, load_synthetic

__all__ = ["CUSTOM_PATTERNS", "DIRECTORY", "Sample", "load_chat", "load_opschat", "load_synthetic"]
