#!/usr/bin/env python3
"""Container health check for the web service: GET /accounts/login/ on the local gunicorn.

Exits 0 when the app answers. It sends the first concrete host of ALLOWED_HOSTS as the Host
header (so Django does not reject the request as a disallowed host) and, when BEHIND_PROXY is on,
X-Forwarded-Proto: https, as the TLS-terminating proxy would. With HTTPS on and no proxy header
Django answers the plain-HTTP request with a redirect to https://, which also counts as up.
Standard library only.
"""

import http.client
import os
import sys

PORT = int(os.environ.get("HEALTHCHECK_PORT", "8000"))
PATH = "/accounts/login/"


def host_header() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip()
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def main() -> int:
    headers = {"Host": host_header(), "User-Agent": "renda-healthcheck"}
    if os.environ.get("BEHIND_PROXY", "").strip().lower() in {"1", "true", "yes", "on"}:
        headers["X-Forwarded-Proto"] = "https"
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    try:
        conn.request("GET", PATH, headers=headers)
        response = conn.getresponse()
        location = response.getheader("Location", "")
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if response.status == 200:
        return 0
    if response.status in (301, 302, 307, 308) and location.startswith("https://"):
        return 0  # SECURE_SSL_REDIRECT answered: the app is up
    print(f"unhealthy: HTTP {response.status} {location}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
