"""A mail backend for worker processes that may be killed: each message takes FAULT_MAIL_SECONDS,
and the file FAULT_MAIL_LOG gets one JSON line when a message begins and one when it is delivered,
so the test can kill the worker while a message is on its way and count deliveries afterwards."""

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


def _write(line: dict) -> None:
    with open(os.environ["FAULT_MAIL_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(line, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            to = message.to[0].split("@")[0]
            _write({"event": "begin", "to": to})
            time.sleep(float(os.environ.get("FAULT_MAIL_SECONDS", "0.8")))
            titles = [line[2:] for line in message.body.splitlines() if line.startswith("· ")]
            _write({"event": "delivered", "to": to, "titles": titles})
        return len(messages)


def read(path) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]
