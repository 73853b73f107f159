"""Settings for the Celery worker processes the fault tests start and kill (tests/renda/test_faults.py).

The production settings, with: the test database the suite made (FAULT_DB_NAME), a mail backend
that is slow and writes what it delivers to a file (so a kill lands half way and the test can
count across processes), and short lease and visibility times so a killed run is taken up again
within seconds instead of the production 15 minutes and 1 hour.
"""

import os

from renda.settings import *  # noqa: F403
from renda.settings import DATABASES, REMINDERS

DATABASES["default"]["NAME"] = os.environ["FAULT_DB_NAME"]
EMAIL_BACKEND = "tests.fault_mail.SlowFileBackend"
REMINDERS = {**REMINDERS, "off": ["digest"], "email_lease_seconds": int(os.environ["FAULT_LEASE_SECONDS"])}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message taken by a worker that died is restored after this many seconds...
    "visibility_timeout": int(os.environ["FAULT_VISIBILITY_SECONDS"]),
    # ...checked every second (production keeps kombu's defaults).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
