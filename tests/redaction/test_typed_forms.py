"""Names and passwords in the forms people type them in chat, and the ops questions that only look like them."""

from __future__ import annotations

import pytest

from redaction import Redactor

HIDDEN = [
    ("rohit says the ingress certs rotate at midnight", "rohit"),
    ("adebayo are you around? the pager is going off", "adebayo"),
    ("is rodrigo on call this week?", "rodrigo"),
    ("cc: kenta, ingeborg and Ana Souza", "kenta"),
    ("cc: kenta, ingeborg and Ana Souza", "ingeborg"),
    ("cc: kenta, ingeborg and Ana Souza", "Souza"),
    ("mot de passe : Lune2026!", "Lune2026"),
    ("Passwort Herbst2026?", "Herbst2026"),
    ("contraseña: Perro#Azul3", "Perro#Azul3"),
    ("senha: Praia2026!", "Praia2026"),
    ("I changed it to Winter#Storm8 as the new pw", "Winter#Storm8"),
    ("log in with svc_report and Rep0rt#2026", "Rep0rt#2026"),
    ("oc login -u kubeadmin -p Kube!adm1n https://api.ocp:6443", "Kube!adm1n"),
    ("pin 2468 for the printer", "2468"),
    ("passphrase: correct horse battery staple", "horse"),
    ("pass phrase is blue sky over lisbon", "lisbon"),
    ("psw: Psw!2026x", "Psw!2026x"),
    ("htpasswd -b .htpasswd admin Htp4ss!", "Htp4ss!"),
]
UNCHANGED = [
    "what's our password rotation policy?",
    "password expired, how do i reset it?",
    "cc legal, security and the on-call",
    "deploy is out, canary is back to normal",
    "Jenkins failed again on the payments-api pipeline",
    "the passphrase is required for the ssh key",
    "pin the chart version to 1.2.3",
    "the pass phrase policy changed",
    "htpasswd -c .htpasswd admin",
]


@pytest.mark.parametrize(("text", "value"), HIDDEN)
def test_typed_names_and_passwords_are_hidden(redactor: Redactor, text: str, value: str) -> None:
    """A lower-case name before a verb, every name of a cc list and a password named in another language are gone."""
    assert value not in redactor.redact(text).text


@pytest.mark.parametrize("text", UNCHANGED)
def test_questions_about_passwords_and_ops_words_stay(redactor: Redactor, text: str) -> None:
    """Asking about passwords, copying a team and tool names change nothing."""
    assert redactor.redact(text).text == text
