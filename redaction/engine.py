"""The Presidio engines, built once per process and shared by every Redactor.

`analyzer(model)` runs the spaCy NER model (loaded with only its `ner` component: the tagger, parser and
lemmatizer cost half the time and nothing here needs them) plus the pattern recognizers. `pattern_analyzer()` is the
no-model fast path for log scrubbing. Neither ever downloads anything: a missing model is an error.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable

import tldextract.tldextract
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NoOpNlpEngine, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.tokens import Doc

from redaction.pattern_recognizers import pattern_recognizers
from redaction.spacy_model import dictionary, load_ner

_PERSON_LABELS = frozenset({"PERSON", "PER"})


def _offline_tldextract() -> None:
    """Presidio imports tldextract, whose default extractor would fetch the public suffix list on first use. Replace
    it with one that has no list to fetch and uses the snapshot tldextract ships, without touching the process
    environment. Opsbot never calls tldextract (e-mail uses its own pattern, which also takes internal domains);
    Presidio's e-mail recognizer would."""
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


_offline_tldextract()


class NerOnlySpacyEngine(SpacyNlpEngine):
    """spaCy with the NER component only; lower-cased words stand in for lemmas in context matching."""

    def load(self) -> None:
        self.nlp = {model["lang_code"]: load_ner(model["model_name"]) for model in self.models}  # type: ignore[assignment]

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """The NER model only runs on text with a capital letter: its names in lower case are dropped anyway
        (whole_names.py), and tokens are all the context words need."""
        nlp = self.nlp[language]  # type: ignore[index]
        doc = nlp(text) if any(ch.isupper() for ch in text) else nlp.make_doc(text)
        return self._doc_to_nlp_artifact(doc, language)

    def words(self) -> frozenset[str]:
        """The loaded model's dictionary (spacy_model.dictionary)."""
        return dictionary(self.nlp["en"]) if self.nlp else frozenset()

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        doc.ents = [ent for ent in doc.ents if ent.label_ in _PERSON_LABELS]  # the rest would only log warnings
        artifacts: NlpArtifacts = super()._doc_to_nlp_artifact(doc, language)
        artifacts.lemmas = [token.lower_ for token in doc]
        return artifacts


class SharedAnalyzer:
    """One AnalyzerEngine behind a lock: spaCy and the recognizers are not documented as thread-safe."""

    def __init__(self, engine: AnalyzerEngine, words: frozenset[str] = frozenset()) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self.supported = frozenset(engine.get_supported_entities("en"))
        self.words = words  # the model's dictionary: what a one-word "name" from the model may really be

    def analyze(
        self, text: str, entities: list[str], threshold: float, extra: Iterable[EntityRecognizer] = ()
    ) -> list[RecognizerResult]:
        with self._lock:
            results: list[RecognizerResult] = self._engine.analyze(
                text, language="en", entities=entities, score_threshold=threshold, ad_hoc_recognizers=list(extra)
            )
        return results


@functools.cache
def analyzer(model: str) -> SharedAnalyzer:
    """The full engine (NER + patterns) for a spaCy model, loaded on first use and kept for the process."""
    nlp = NerOnlySpacyEngine(models=[{"lang_code": "en", "model_name": model}])
    recognizers = [SpacyRecognizer(supported_entities=["PERSON"]), *pattern_recognizers()]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    return SharedAnalyzer(engine, nlp.words())


class NoContext(ContextAwareEnhancer):
    """Without a model there are no words to find context in; Presidio's enhancer would log that on every call."""

    def __init__(self) -> None:
        super().__init__(0, 0, context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


@functools.cache
def pattern_analyzer() -> SharedAnalyzer:
    """The fast engine without a model: patterns, checksums and the name list only (for log scrubbing)."""
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
    registry = RecognizerRegistry(recognizers=pattern_recognizers(), supported_languages=["en"])
    engine = AnalyzerEngine(
        registry=registry, nlp_engine=nlp, supported_languages=["en"], context_aware_enhancer=NoContext()
    )
    return SharedAnalyzer(engine)
