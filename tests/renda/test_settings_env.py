from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_float, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


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


def test_float_is_strict_and_checks_minimum(monkeypatch):
    monkeypatch.setenv("COST_X", "1.5")
    assert env_float("COST_X", 4.0) == 1.5
    for bad in ("fast", "nan"):
        monkeypatch.setenv("COST_X", bad)
        with pytest.raises(ImproperlyConfigured, match="COST_X must be"):
            env_float("COST_X", 4.0, minimum=0.1)
    monkeypatch.setenv("COST_X", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 0.1"):
        env_float("COST_X", 4.0, minimum=0.1)


def test_postgresql_connections_plan_for_cached_data(tmp_path):
    """random_page_cost 1.1 (not PostgreSQL's 4) on every connection, overridable, strict."""
    import subprocess
    import sys

    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='renda.settings'; django.setup();"
            "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}).get('options'))")
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "DATABASE_URL": "postgres://u@db.invalid/renda"}
    run = lambda **extra: subprocess.run([sys.executable, "-c", code], env={**env, **extra},  # noqa: E731
                                         capture_output=True, text=True, cwd=ROOT)
    assert run().stdout.strip() == "-c random_page_cost=1.1"
    assert run(DATABASE_RANDOM_PAGE_COST="4").stdout.strip() == "-c random_page_cost=4.0"
    bad = run(DATABASE_RANDOM_PAGE_COST="low")
    assert bad.returncode != 0 and "DATABASE_RANDOM_PAGE_COST must be a number" in bad.stderr
    assert run(DATABASE_URL=f"sqlite:///{tmp_path}/x.db").stdout.strip() == "None"


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


def test_reminder_day_lists_and_times_are_strict(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from core.env import env_int_list, env_time

    monkeypatch.setenv("REMINDER_MATERIAL_DAYS", "1, 7,3")
    assert env_int_list("REMINDER_MATERIAL_DAYS", [9]) == [7, 3, 1]
    monkeypatch.setenv("REMINDER_MATERIAL_DAYS", "7,three")
    with pytest.raises(ImproperlyConfigured, match="REMINDER_MATERIAL_DAYS"):
        env_int_list("REMINDER_MATERIAL_DAYS", [7])
    monkeypatch.setenv("REMINDERS_DAILY_AT", "6:05")
    assert env_time("REMINDERS_DAILY_AT", "07:30") == (6, 5)
    for bad in ("25:00", "7.30", "noon"):
        monkeypatch.setenv("REMINDERS_DAILY_AT", bad)
        with pytest.raises(ImproperlyConfigured, match="REMINDERS_DAILY_AT"):
            env_time("REMINDERS_DAILY_AT", "07:30")


def test_beat_schedule_follows_the_environment(tmp_path):
    import subprocess
    import sys

    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='renda.settings'; django.setup();"
            "from django.conf import settings as s; b=s.CELERY_BEAT_SCHEDULE;"
            "print(sorted(b), b.get('daily-reminders', {}).get('schedule'), s.REMINDERS['off'])")
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "REMINDERS_DAILY_AT": "06:45", "REMINDERS_OFF": "digest"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "['daily-reminders', 'deliver-reminder-emails']" in out.stdout
    assert "<crontab: 45 6 * * * (m/h/dM/MY/d)>" in out.stdout and "['digest']" in out.stdout
    off = subprocess.run([sys.executable, "-c", code], env={**env, "REMINDERS_ENABLED": "false"},
                         capture_output=True, text=True, cwd=ROOT)
    assert off.stdout.startswith("[] None")
    bad = subprocess.run([sys.executable, "-c", code], env={**env, "REMINDERS_OFF": "birthdays"},
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode != 0 and "REMINDERS_OFF" in bad.stderr
