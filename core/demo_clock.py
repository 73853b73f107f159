"""The demo's clock: `make run` shows the demo (the real 2023 year) as of a day inside that year.

With DEMO_TODAY set, the whole process's clock starts on that day at the current time of day and runs on
from there, so every "today" in the app agrees: overdue items, deadlines and reminders, the next meeting,
the week's digest, the management commands. Each page says 演示日期 so nobody takes it for the real date.
Production never sets it: `manage.py check --deploy` refuses it with DEBUG off.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

_traveller = None


def start(demo_today: date | None, time_zone: str) -> None:
    """Move the process's clock to `demo_today` (the time of day kept); nothing when it is None."""
    global _traveller
    if demo_today is None or _traveller is not None:
        return
    try:
        import time_machine  # a development dependency, installed by `make venv` with the demo
    except ImportError:
        raise ImproperlyConfigured("DEMO_TODAY needs the development dependencies (pip install -e '.[dev]').") from None
    zone = ZoneInfo(time_zone)
    target = datetime.combine(demo_today, datetime.now(zone).time(), tzinfo=zone)
    _traveller = time_machine.travel(target, tick=True)
    _traveller.start()


def stop() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


@checks.register(checks.Tags.security, deploy=True)
def demo_clock_not_in_production(app_configs, **kwargs):
    from django.conf import settings

    if getattr(settings, "DEMO_TODAY", None) and not settings.DEBUG:
        return [checks.Error("DEMO_TODAY moves the whole clock for the demo; production must not set it.",
                             id="renda.E101")]
    return []
