"""axe-core in the browser tests: the copy bundled with axe-playwright-python (no CDN), run with the
WCAG 2.1 A and AA rules only, and a readable report of what it found."""

import re

from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# The bundled file starts with "/*! axe v4.x.y"; the report names the version that ran.
AXE_VERSION = re.search(r"axe v([\d.]+)", AXE_SCRIPT[:200]).group(1)

_axe = Axe()


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now; injects the bundled axe.min.js through evaluate()."""
    results = _axe.run(page, options=OPTIONS)
    return results.response["violations"]


def report(where: str, found: list[dict]) -> str:
    """One line per rule and up to 5 offending elements under it, e.g. for an assertion message."""
    lines = []
    for v in found:
        lines.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}) {v['help']}")
        for node in v["nodes"][:5]:
            why = "; ".join(c["message"] for c in node["any"] + node["all"] + node["none"])
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]} — {why[:200]}")
    return "\n".join(lines)


def page_checks(page) -> list[str]:
    """What axe 4.12 no longer reports under the WCAG tags: ids used twice (they break label `for=` and
    aria references); and the page's title, returned to be compared across pages (WCAG 2.4.2)."""
    duplicates = page.evaluate(
        "() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
        " return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]; }"
    )
    return [f"ids used more than once: {', '.join(duplicates)}"] if duplicates else []
