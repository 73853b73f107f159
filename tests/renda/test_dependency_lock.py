"""The locked dependencies: constraints.txt pins everything installed, and the audit fails on a known vulnerability."""

import importlib.util
import re
import tomllib
from importlib.metadata import distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line).groups()
            pins[canonicalize_name(name)] = version
    return pins


def _audit_module():
    spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_declared_dependency_is_locked_to_one_version_that_satisfies_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = _locked()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared in pyproject.toml but not locked in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} breaks {text}"


def test_the_environment_runs_the_locked_versions():
    pins = _locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    differing = {n: (installed[n], v) for n, v in pins.items() if n in installed and installed[n] != v}
    missing = sorted(set(pins) - set(installed))
    assert not differing, f"installed versions differ from constraints.txt (installed, locked): {differing}"
    assert not missing, f"locked but not installed: {missing}"


REPORT = {
    "dependencies": [
        {"name": "django", "version": "5.2.1", "vulns": [
            {"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": ["CVE-2025-0001"], "description": "x"}]},
        {"name": "openpyxl", "version": "3.1.5", "vulns": []},
        {"name": "celery", "skip_reason": "Dependency not found on PyPI and could not be audited: celery (5.7.0)"},
    ],
    "fixes": [],
}


def test_a_known_vulnerability_fails_the_audit_and_is_named(monkeypatch, capsys):
    audit = _audit_module()
    monkeypatch.setattr(audit, "run_pip_audit", lambda service: REPORT)
    assert audit.main() == 1
    out = capsys.readouterr().out
    assert "VULNERABLE: django==5.2.1: PYSEC-2025-1 (CVE-2025-0001); fixed in 5.2.2" in out
    assert "2 locked packages audited against pypi, 1 could not be audited" in out


def test_an_unreachable_service_is_reported_and_fails_only_when_required(monkeypatch, capsys):
    audit = _audit_module()
    nothing = {"dependencies": [{"name": "django", "skip_reason": "not found"}], "fixes": []}
    monkeypatch.setattr(audit, "run_pip_audit", lambda service: nothing)
    monkeypatch.delenv("RENDA_AUDIT_REQUIRED", raising=False)
    assert audit.main() == 0
    assert "NOTHING WAS AUDITED" in capsys.readouterr().out
    monkeypatch.setenv("RENDA_AUDIT_REQUIRED", "1")
    assert audit.main() == 1
