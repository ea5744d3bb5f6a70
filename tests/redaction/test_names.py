"""The allow-list keeps tool names; the name list (user directory, names file) catches people NER misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction import RedactionConfig, Redactor


@pytest.mark.parametrize("tool", ["Jenkins", "Grafana", "Kafka", "Terraform", "Splunk"])
def test_allow_listed_tools_are_not_people(redactor: Redactor, tool: str) -> None:
    """Tool names the NER model tags as PERSON are kept by the default allow-list."""
    text = f"{tool} paged us again at 03:12, {tool} is flaky"
    assert redactor.redact(text).text == text


def test_allow_list_is_configurable() -> None:
    """A configured allow-list replaces the default one."""
    text = "ask Jenkins to rebuild"
    assert Redactor(RedactionConfig()).redact(text).text == text
    assert Redactor(RedactionConfig(allow_list=[])).redact(text).text == "ask <PERSON_1> to rebuild"


def test_allow_listed_surname_still_matches_in_a_full_name(redactor: Redactor) -> None:
    """Laura Jenkins is a person even though Jenkins alone is a tool."""
    assert redactor.redact("hi Laura Jenkins, the Jenkins agent is out of disk").text == (
        "hi <PERSON_1>, the Jenkins agent is out of disk"
    )


def test_directory_names_match_in_any_case(redactor: Redactor) -> None:
    """A full name from the directory is found lower-cased, where NER finds nothing."""
    assert redactor.redact("pls ask priya natarajan").text == "pls ask <PERSON_1>"


def test_first_names_from_the_directory_match(redactor: Redactor) -> None:
    """A first name on its own is found, capitalised or in lower case."""
    assert redactor.redact("ping Priya, or ask wei").text == "ping <PERSON_1>, or ask <PERSON_2>"


def test_possessive_names_from_the_directory_match(redactor: Redactor) -> None:
    """A directory name before a possessive ("Priya's mobile") is hidden; the 's stays, as for NER names."""
    assert redactor.redact("Priya's mobile is off; ask priya natarajan’s manager").text == (
        "<PERSON_1>'s mobile is off; ask <PERSON_2>’s manager"
    )


def test_names_that_are_words_need_a_capital_mid_sentence(redactor: Redactor) -> None:
    """'mark' (a directory first name) is a verb in lower case and at the start of a sentence."""
    assert redactor.redact("Mark the alert as flapping and mark it resolved").findings == []
    assert redactor.redact("Mark Davies said ok, thanks Mark").text == "<PERSON_1> said ok, thanks <PERSON_2>"


def test_names_file_is_read(tmp_path: Path) -> None:
    """Names come from the file named by OPSBOT_REDACTION_NAMES_FILE, one per line, # for comments."""
    names = tmp_path / "names.txt"
    names.write_text("# exported from HR\nOluwaseun Adebayo-Quist\n\n", encoding="utf-8")
    redactor = Redactor(RedactionConfig(names_file=names))
    assert redactor.redact("oluwaseun adebayo-quist is out").text == "<PERSON_1> is out"


def test_add_names_extends_the_list() -> None:
    """Names added at run time (the Slack user directory) are found from the next message on."""
    redactor = Redactor(RedactionConfig())
    assert redactor.redact("the laptop for zeynep is ready").findings == []
    redactor.add_names(["Zeynep Kaya"])
    assert redactor.redact("the laptop for zeynep is ready").text == "the laptop for <PERSON_1> is ready"
