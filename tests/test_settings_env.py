import pytest
from django.core.exceptions import ImproperlyConfigured

from renda.env import env_bool, env_int, env_list


def test_bool_accepts_common_spellings_and_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_missing_bool_uses_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG") is False
    assert env_bool("FLAG", True) is True


def test_int_is_strict_and_checks_minimum(monkeypatch):
    monkeypatch.setenv("PORT_X", "12")
    assert env_int("PORT_X", 1) == 12
    monkeypatch.setenv("PORT_X", "12a")
    with pytest.raises(ImproperlyConfigured, match="PORT_X must be an integer"):
        env_int("PORT_X", 1)
    monkeypatch.setenv("PORT_X", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("PORT_X", 1, minimum=0)


def test_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", ["x"]) == ["x"]


def test_settings_module_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.SECRET_KEY"],
        env={**env, "DJANGO_SETTINGS_MODULE": "renda.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
