"""The pseudonym vault is encrypted, keyed from settings, expires, and never holds a clear value."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from redaction import MemoryVaultStore, RedactionConfig, Redactor
from redaction.pseudonyms import Pseudonyms
from redaction.vault import Vaults, fernet_for


def test_blob_contains_no_clear_value(vaulted: Redactor, store: MemoryVaultStore) -> None:
    """What the store receives is a Fernet token: no name, address or number appears in it."""
    vaulted.redact("Priya Natarajan, priya@corp.internal, +1 415 555 0132", scope="v1")
    blob = store.load("v1")
    assert blob is not None
    for clear in (b"Priya", b"priya", b"corp.internal", b"415", b"PERSON"):
        assert clear not in blob


def test_passphrase_key_survives_a_restart(store: MemoryVaultStore) -> None:
    """A passphrase (not a Fernet key) is stretched; a new Redactor with the same key reads the old vault."""
    config = RedactionConfig(vault_key=SecretStr("correct horse battery staple"))
    Redactor(config, vault_store=store).redact("Tom Becker", scope="v2")
    assert Redactor(config, vault_store=store).restore("<PERSON_1>", scope="v2") == "Tom Becker"


def test_wrong_key_starts_an_empty_vault(vaulted: Redactor, store: MemoryVaultStore) -> None:
    """A vault written under another key cannot be read: placeholders stay unresolved."""
    vaulted.redact("Tom Becker", scope="v3")
    other = Redactor(RedactionConfig(vault_key=SecretStr(Fernet.generate_key().decode())), vault_store=store)
    assert other.restore("<PERSON_1>", scope="v3") == "<PERSON_1>"


def test_a_rotated_key_keeps_threads_readable(store: MemoryVaultStore) -> None:
    """With the old key as OPSBOT_VAULT_PREVIOUS_KEY, a thread started before the rotation keeps its placeholders;
    its next write uses the new key, so dropping the old key later loses nothing."""
    old, new = SecretStr("the old passphrase"), SecretStr("the new passphrase")
    Redactor(RedactionConfig(vault_key=old), vault_store=store).redact("mail tom@corp.internal", scope="v5")
    rotated = Redactor(RedactionConfig(vault_key=new, vault_previous_key=old), vault_store=store)
    assert rotated.restore("<EMAIL_ADDRESS_1>", scope="v5") == "tom@corp.internal"
    assert rotated.redact("and ana@corp.internal", scope="v5").text == "and <EMAIL_ADDRESS_2>"
    after = Redactor(RedactionConfig(vault_key=new), vault_store=store)
    assert after.restore("<EMAIL_ADDRESS_1> <EMAIL_ADDRESS_2>", scope="v5") == "tom@corp.internal ana@corp.internal"
    without_rotation = Redactor(RedactionConfig(vault_key=new), vault_store=store)
    Redactor(RedactionConfig(vault_key=old), vault_store=store).redact("mail eve@corp.internal", scope="v6")
    assert without_rotation.restore("<EMAIL_ADDRESS_1>", scope="v6") == "<EMAIL_ADDRESS_1>"


def test_expired_vault_reads_as_empty(store: MemoryVaultStore) -> None:
    """A vault not written within the retention limit opens empty."""
    fernet = fernet_for(SecretStr("k"))
    pseudonyms = Pseudonyms()
    pseudonyms.placeholder_for("PERSON", "Tom Becker")
    store.save("old", fernet.encrypt_at_time(pseudonyms.to_json(), int(time.time()) - 31 * 86_400))
    vaults = Vaults(store, fernet, retention_seconds=30 * 86_400)
    assert vaults.read("old").value_of("<PERSON_1>") is None


def test_a_persistent_store_requires_a_key() -> None:
    """Without vault_key a vault could not be read after a restart, so a store without a key is refused."""
    with pytest.raises(ValueError, match="vault_key"):
        Redactor(RedactionConfig(), vault_store=MemoryVaultStore())


def test_without_a_key_vaults_live_in_memory() -> None:
    """With no key and no store (the CLI), placeholders are still stable within the process."""
    redactor = Redactor(RedactionConfig())
    redactor.redact("Tom Becker", scope="cli")
    assert redactor.restore("<PERSON_1>", scope="cli") == "Tom Becker"
