"""Within one thread the same value always gets the same placeholder; threads never share numbering."""

from __future__ import annotations

import threading

from redaction import Redactor
from redaction.pseudonyms import Pseudonyms


def test_same_value_same_placeholder_across_messages(vaulted: Redactor) -> None:
    """A value seen again later in the thread reuses its placeholder."""
    first = vaulted.redact("ping Priya Natarajan about 10.0.3.17", scope="t1").text
    second = vaulted.redact("did Priya Natarajan fix 10.0.3.17?", scope="t1").text
    assert first == "ping <PERSON_1> about <IP_ADDRESS_1>"
    assert second == "did <PERSON_1> fix <IP_ADDRESS_1>?"


def test_case_and_whitespace_do_not_matter(vaulted: Redactor) -> None:
    """Case and runs of whitespace do not make a value new; nor does phone formatting."""
    vaulted.redact("Priya Natarajan, Jane.Doe@Corp.Internal, +1 415 555 0132", scope="t2")
    again = vaulted.redact("priya   natarajan, jane.doe@corp.internal, (415) 555-0132 ext", scope="t2").text
    assert again == "<PERSON_1>, <EMAIL_ADDRESS_1>, <PHONE_NUMBER_1> ext"


def test_numbers_count_per_type(vaulted: Redactor) -> None:
    """Each entity type has its own counter."""
    text = "Tom Becker and Wei Zhang wrote from a@corp.internal and b@corp.internal"
    assert vaulted.redact(text, scope="t3").text == (
        "<PERSON_1> and <PERSON_2> wrote from <EMAIL_ADDRESS_1> and <EMAIL_ADDRESS_2>"
    )


def test_scopes_are_independent(vaulted: Redactor) -> None:
    """Another thread starts its own numbering, so a placeholder means nothing outside its thread."""
    vaulted.redact("Tom Becker is on call", scope="ta")
    assert vaulted.redact("Wei Zhang is on call", scope="tb").text == "<PERSON_1> is on call"


def test_without_scope_numbering_is_per_text(redactor: Redactor) -> None:
    """Without a scope, placeholders are numbered within the one text and nothing is remembered."""
    assert redactor.redact("Wei Zhang and Tom Becker").text == "<PERSON_1> and <PERSON_2>"
    assert redactor.redact("Tom Becker").text == "<PERSON_1>"


def test_concurrent_messages_in_one_thread_agree(vaulted: Redactor) -> None:
    """Messages of one thread redacted at the same time never hand one number to two values."""
    names = ["Priya Natarajan", "Tom Becker", "Wei Zhang", "Mark Davies", "Laura Jenkins"]
    results: dict[str, str] = {}

    def work(name: str) -> None:
        results[name] = vaulted.redact(f"{name} joined", scope="busy").text

    threads = [threading.Thread(target=work, args=(n,)) for n in names * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [f"<PERSON_{i}> joined" for i in range(1, 6)]


def test_repr_shows_counts_not_values() -> None:
    """A vault that ends up in a log line or a traceback shows how many values, never which."""
    pseudonyms = Pseudonyms()
    pseudonyms.placeholder_for("PERSON", "Priya Natarajan")
    assert repr(pseudonyms) == "Pseudonyms({'PERSON': 1})"
