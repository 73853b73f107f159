"""The demo as of a day inside its year (issue 21, 22): DEMO_TODAY moves every "today" of the app, each page
says 演示日期, and production refuses it."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import demo_clock
from tests.conftest import ROOT, client_for

TODAY_SCRIPT = """
import datetime, time
from django.utils import timezone
print(timezone.localdate(), datetime.date.today(), datetime.date.fromtimestamp(time.time()))
"""


def test_demo_today_moves_every_clock_of_the_process(tmp_path):
    env = {**os.environ, "DEMO_TODAY": "2023-07-03", "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", TODAY_SCRIPT], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=120).stdout.split()
    assert out[-3:] == ["2023-07-03"] * 3


def test_a_malformed_demo_today_stops_start_up(tmp_path):
    env = {**os.environ, "DEMO_TODAY": "2023-02-30", "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0 and "DEMO_TODAY must be a date like 2023-06-15" in result.stderr


def test_production_settings_refuse_a_demo_clock(settings):
    settings.DEBUG = False
    settings.DEMO_TODAY = date(2023, 7, 3)
    with pytest.raises(SystemCheckError, match="renda.E101"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
    settings.DEMO_TODAY = None
    assert demo_clock.demo_clock_not_in_production(None) == []


@pytest.fixture
def demo_day(settings):
    settings.DEMO_TODAY = date(2023, 7, 3)
    demo_clock.start(settings.DEMO_TODAY, settings.TIME_ZONE)
    yield settings.DEMO_TODAY
    demo_clock.stop()


def test_every_page_says_it_shows_a_demo_date(baiyun, demo_day):
    page = client_for("office").get("/").content.decode()
    assert "演示日期" in page and "2023年7月3日" in page


def test_without_a_demo_date_no_page_mentions_one(baiyun):
    assert "演示日期" not in client_for("office").get("/").content.decode()


def _dashboard_2023():
    return client_for("director").get("/dashboard/?year=2023").context["d"]


def test_on_the_demo_day_the_dashboard_shows_the_year_as_it_stood(baiyun, settings):
    """On the real date every open matter of 2023 is long overdue and no meeting is next; on 3 July 2023 only
    what was due by then and still open is late (nothing yet), and the 27 July meeting is next."""
    today = _dashboard_2023()
    settings.DEMO_TODAY = date(2023, 7, 3)
    demo_clock.start(settings.DEMO_TODAY, settings.TIME_ZONE)
    try:
        on_the_day = _dashboard_2023()
    finally:
        demo_clock.stop()
    assert today["today"] > "2026" and on_the_day["today"] == "2023-07-03"
    assert on_the_day["overdue"]["count"] < today["overdue"]["count"]
    assert on_the_day["next_meeting"] and "2023-07-27" in str(on_the_day["next_meeting"])
