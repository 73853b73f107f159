"""The marks of tests that need a real Redis (make test starts one): `broker`, and a skip without REDIS_URL."""

import os

import pytest


def needs_redis(what: str) -> list:
    """pytestmark for a module whose tests use Redis for `what`."""
    return [
        pytest.mark.broker,
        pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason=f"REDIS_URL is not set: no Redis {what} (make test starts one)"),
    ]
