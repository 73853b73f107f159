#!/usr/bin/env python
"""Audit the locked dependencies (constraints.txt) for known vulnerabilities with pip-audit.

    .venv/bin/python scripts/audit_dependencies.py            # what `make audit` and `make test` run
    RENDA_AUDIT_REQUIRED=1 .venv/bin/python scripts/audit_dependencies.py   # fail when nothing could be checked
    RENDA_AUDIT_SERVICE=osv ...                                # ask OSV instead of PyPI

Exit 1 when any locked version has a known vulnerability (each is listed with its fix versions).
pip-audit asks a vulnerability service on the network (PyPI's JSON API by default). Where that
service cannot be reached, as on an intranet or a registry mirror that serves packages but not
advisories, every package comes back "could not be audited": that is reported in capitals and is
a failure only with RENDA_AUDIT_REQUIRED=1, because the suite must run offline.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"


def run_pip_audit(service: str) -> dict:
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(LOCK), "--no-deps", "--disable-pip",
        "--vulnerability-service", service, "--format", "json", "--progress-spinner", "off", "--timeout", "20",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pip-audit did not answer (exit {result.returncode}):\n{result.stderr[-2000:]}") from None


def summarise(report: dict) -> tuple[list[str], list[str], int]:
    """(lines naming each vulnerable package, names that could not be audited, packages audited)."""
    vulnerable, skipped, audited = [], [], 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped.append(dependency["name"])
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            vulnerable.append(
                f"{dependency['name']}=={dependency['version']}: {vuln['id']}"
                + (f" ({aliases})" if aliases else "") + f"; fixed in {fixes}"
            )
    return vulnerable, skipped, audited


def main() -> int:
    service = os.environ.get("RENDA_AUDIT_SERVICE", "pypi")
    required = os.environ.get("RENDA_AUDIT_REQUIRED", "") in {"1", "true", "yes"}
    vulnerable, skipped, audited = summarise(run_pip_audit(service))
    print(f"    {audited} locked packages audited against {service}, {len(skipped)} could not be audited")
    for line in vulnerable:
        print(f"    VULNERABLE: {line}")
    if vulnerable:
        return 1
    if skipped and not audited:
        print(f"    WARNING: THE VULNERABILITY SERVICE ({service}) COULD NOT BE REACHED: NOTHING WAS AUDITED.")
        print("    Run `make audit` where it can be reached (RENDA_AUDIT_SERVICE=osv to use OSV).")
        return 1 if required else 0
    if skipped:
        print(f"    not audited: {', '.join(skipped)}")
        return 1 if required else 0
    print("    no known vulnerabilities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
