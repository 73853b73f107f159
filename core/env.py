"""Strict readers for settings taken from environment variables.

A value that is present but malformed stops start-up with a message naming the
variable, instead of silently falling back to a default.
"""

import os
from datetime import date

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file NAME_FILE points at (Docker and systemd credentials).

    Files keep secrets out of the process environment and `docker inspect`; the trailing newline that
    editors and `echo` leave is dropped.
    """
    file_name = f"{name}_FILE"
    path = os.environ.get(file_name, "").strip()
    if not path:
        return os.environ.get(name, default)
    if os.environ.get(name):
        raise ImproperlyConfigured(f"Set {name} or {file_name}, not both.")
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read()
    except OSError as error:
        raise ImproperlyConfigured(f"{file_name} points at {path!r}, which cannot be read: {error.strerror}") from None
    value = value.rstrip("\r\n")
    if not value.strip():
        raise ImproperlyConfigured(f"{file_name} points at {path!r}, which is empty.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE - {''})}, got {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    return _env_number(name, default, minimum, int, "an integer")


def env_float(name: str, default: float, minimum: float | None = None) -> float:
    return _env_number(name, default, minimum, float, "a number")


def _env_number(name, default, minimum, parse, what):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = parse(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, got {raw!r}") from None
    if value != value:  # NaN
        raise ImproperlyConfigured(f"{name} must be {what}, got {raw!r}")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int_list(name: str, default: list[int], minimum: int = 0) -> list[int]:
    """A comma-separated list of whole numbers, e.g. REMINDER_MATERIAL_DAYS=7,3,1 (sorted, largest first)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return sorted(default, reverse=True)
    values = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            value = int(part)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be comma-separated integers, got {raw!r}") from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name} values must be at least {minimum}, got {value}")
        values.append(value)
    return sorted(set(values), reverse=True)


def env_time(name: str, default: str) -> tuple[int, int]:
    """A time of day "HH:MM" as (hour, minute)."""
    raw = os.environ.get(name) or default
    try:
        hour_text, minute_text = raw.strip().split(":")
        hour, minute = int(hour_text), int(minute_text)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a time of day like 07:30, got {raw!r}") from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ImproperlyConfigured(f"{name} must be a time of day like 07:30, got {raw!r}")
    return hour, minute


def env_date(name: str) -> date | None:
    """A calendar date "YYYY-MM-DD", or None when the variable is unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date like 2023-06-15, got {raw!r}") from None
