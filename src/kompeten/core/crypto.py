"""Encryption of personal data at rest (NIK, passport numbers) with a key from settings."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt(value: str) -> str:
    return _fernet(settings.KOMPETEN_FIELD_KEY).encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.KOMPETEN_FIELD_KEY).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError(
            "Personal data cannot be decrypted with the configured KOMPETEN_FIELD_KEY."
        ) from error
