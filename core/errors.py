"""The shopbot exception tree. Library code raises these; only the CLI and the adapters'
error hooks turn them into messages for people (never a traceback).

    ShopbotError
    ├── ConfigError          config.yaml invalid or a secret missing (names file and key)
    ├── PromptError          a prompt file does not parse or uses an unknown variable (file, line)
    ├── ImportRowError       a catalogue/orders file has a bad row (file, line); nothing imported
    ├── StoreError           the SQLite store cannot be opened or migrated
    ├── ModelError           a model cannot be loaded or run (names the install command)
    └── DeliveryError        a platform refused or failed to take a reply (retryable flag)
"""

from __future__ import annotations


class ShopbotError(Exception):
    """Base class: the message is written for the person who has to act on it."""


class ConfigError(ShopbotError):
    def __init__(self, message: str, *, file: str | None = None, key: str | None = None):
        self.file, self.key = file, key
        where = ", ".join(p for p in (file, f"key {key!r}" if key else None) if p)
        super().__init__(f"{where}: {message}" if where else message)


class PromptError(ShopbotError):
    def __init__(self, message: str, *, file: str, line: int | None = None):
        self.file, self.line = file, line
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


class ImportRowError(ShopbotError):
    def __init__(self, message: str, *, file: str, line: int):
        self.file, self.line = file, line
        super().__init__(f"{file}:{line}: {message} (nothing was imported)")


class StoreError(ShopbotError):
    pass


class ModelError(ShopbotError):
    pass


class DeliveryError(ShopbotError):
    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None):
        self.retryable, self.retry_after = retryable, retry_after
        super().__init__(message)
