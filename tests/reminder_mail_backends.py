"""E-mail backends that fail, die half way, or record what they deliver, for the reminder tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

# One entry per delivered message: [(username, title), ...] for each reminder it lists.
DELIVERED: list[list[tuple[str, str]]] = []


def reset():
    DELIVERED.clear()


def _record(message):
    username = message.to[0].split("@")[0]
    titles = [line[2:] for line in message.body.splitlines() if line.startswith("· ")]
    DELIVERED.append([(username, title) for title in titles])


class AlwaysFailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("SMTP server went away")


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            _record(message)
        return len(messages)


class DiesAfterTwoBackend(BaseEmailBackend):
    """Delivers two messages, then the process is killed (SystemExit is not an ordinary error)."""

    def send_messages(self, messages):
        for message in messages:
            if len(DELIVERED) >= 2:
                raise SystemExit("killed")
            _record(message)
        return len(messages)
