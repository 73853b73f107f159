#!/usr/bin/env python
"""How well the Word reader proposes a plan: the four Baiyun 2023 plans, read from .docx, against the demo fixtures.

    DEBUG=true .venv/bin/python manage.py migrate && DEBUG=true .venv/bin/python manage.py load_demo --if-empty
    DEBUG=true .venv/bin/python bench/word_plans.py            # the accuracy table
    DEBUG=true .venv/bin/python bench/word_plans.py -v         # and every wrong field, with its sentence
    DEBUG=true .venv/bin/python bench/word_plans.py --out DIR  # keep the .docx files in DIR
    DEBUG=true .venv/bin/python bench/word_plans.py --lines    # one Word paragraph per PDF line (a PDF pasted)

What it does. The seed (fixtures/baiyun-2023/seed-000.txt, text extracted from the PDF the office issued) is split
into its plans (word_text.split_documents), each plan's lines joined back into paragraphs as the Word original
has them (word_text.paragraphs: title, adoption note, headings, items, arrangements), and each written as a .docx
(python-docx, one paragraph each). Each file is then read as an upload is: docx_text → parse_plan_text, with the
demo body's reporting bodies; committee names are resolved by preview.CommitteeResolver against the demo body's
committees. The plans are read in the fixtures' order of definition — 监督工作计划 first — and each item is linked
(word_text.find_links) to the matters of the plans read before it, as an import links to matters already held.

Each fixture entry is matched with the parsed item of the same section (by position) and number. What is right:

- title: equal after removing whitespace and a closing 。 (for an entry that is another plan's matter, `item =
  key` as in 讨论决定重大事项工作计划, compared with the entry's `wording`).
- section: the item sits in a section whose heading (without its number and "（共 N 项）") and declared count are
  the fixture's.
- focus: equal after removing whitespace and a closing 。.
- form: the main form (the first proposed) is the fixture's `form`, and the other forms proposed are its
  `extra_forms` (as a set).
- timing: the same kind and the same months/quarter ("5月", "7月底", "全年", "待定"); for 待定 the note must be read.
- meeting kind: to_standing_meeting and to_chairpersons_meeting both as in the fixture.
- leads: the same set of committees (names resolved; "由各对口联系工委负责" = every working committee; a name that
  does not resolve is wrong).
- helpers: the same set of helping committees and the same all_committees_help (各（相关）工委分工落实).
- reporting bodies: the same set of reporting bodies.
- cross-plan links: each fixture entry `item = key` is right when the parsed item of that number is linked to
  that matter (as the same matter, or as a matter its text names); every link the reader makes that the fixture
  does not have adds one wrong to the total.

Fields are compared for every item a plan defines (`key`). An entry that is another plan's matter and has no item
of its own under that number (the paragraph restates the matter, as in 讨论决定重大事项工作计划) is compared on its
title (with `wording`) and section; its other fields only when the reader did not link it to that matter (the
import would then create an item from them, so they are compared with the matter's values; when linked, the
matter is listed and what was read is not used). A fixture entry with no parsed item counts as wrong in each of
its fields; a parsed item with no fixture entry counts as one wrong title.
Target (issue 20): ≥ 95 % of all fields right, every field ≥ 90 %.
"""

import argparse
import os
import re
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIR = ROOT / "fixtures" / "baiyun-2023"
SEED = FIXTURE_DIR / "seed-000.txt"
# Read in this order: a plan's items link to the matters of the plans before it (the fixtures define them so).
PLAN_FILES = {
    "supervision": "plan-supervision.toml",
    "work_points": "plan-work-points.toml",
    "major_matters": "plan-major-matters.toml",
    "deputy_work": "plan-deputy-work.toml",
}
FIELDS = ("title", "section", "focus", "form", "timing", "meeting kind", "leads", "helpers", "reporting bodies",
          "cross-plan links")
TARGET_OVERALL, TARGET_FIELD = 95.0, 90.0


# --- building the Word files ---------------------------------------------------------------------------------


def build_docx_files(out_dir: Path, seed: Path = SEED, lines: bool = False) -> dict[str, Path]:
    """The seed's plans as .docx files in out_dir, by plan kind: one Word paragraph per paragraph of the original,
    or (`lines`) per line of the PDF's text, as when the PDF's text is pasted into Word."""
    from docx import Document

    from plans.imports.word_text import clean_lines, paragraphs, parse_plan_text, split_documents

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for text in split_documents(seed.read_text(encoding="utf-8")):
        paras = [line for line in text.split("\n") if line.strip()] if lines else paragraphs(text)
        paras = clean_lines(paras[0]) + paras[1:] if lines and paras else paras
        kind = parse_plan_text(paras[0]).kind if paras else None
        if kind not in PLAN_FILES:
            continue
        document = Document()
        document.add_paragraph(paras[0], style="Title")
        for para in paras[1:]:
            document.add_paragraph(para)
        path = out_dir / f"{kind}.docx"
        document.save(path)
        files[kind] = path
    return files


# --- what the fixtures say -------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One fixture entry: an item defined here (key) or another plan's matter listed here (ref)."""

    plan: str
    section: int  # position of its section in the plan (0 when the plan has none)
    section_heading: str
    declared_count: int | None
    number: str
    key: str = ""
    ref: str = ""
    wording: str = ""
    values: dict = field(default_factory=dict)


def _number(text: str) -> str:
    return re.sub(r"[\s、.．]", "", text or "")


def _bare_heading(heading: str) -> str:
    from plans.imports.word_text import COUNT_RE, LEVELS

    flat = COUNT_RE.sub("", heading or "").strip()
    for pattern in LEVELS:
        if m := pattern.match(flat):
            return flat[m.end():].strip()
    return flat


def fixture_entries(fixture_dir: Path = FIXTURE_DIR) -> tuple[dict[str, list[Entry]], dict[str, dict]]:
    """Entries by plan kind, and every defined item's values by key."""
    from reports.demo import _SUPERVISION_FORMS, parse_timing

    entries, items = {}, {}
    for kind, name in PLAN_FILES.items():
        data = tomllib.loads((fixture_dir / name).read_text(encoding="utf-8"))
        sections = data.get("sections") or [{"heading": "", "items": data.get("items", [])}]
        entries[kind] = []
        for position, section in enumerate(sections):
            for raw in section.get("items", []):
                entry = Entry(kind, position, _bare_heading(section.get("heading", "")), section.get("declared_count"),
                              _number(raw.get("number", "")), raw.get("key", ""), raw.get("item", ""),
                              raw.get("wording", ""))
                if not entry.ref:
                    timing = parse_timing(raw.get("timing", "待定"), name)
                    entry.values = {
                        "title": raw["title"], "focus": raw.get("focus", ""),
                        "form": _SUPERVISION_FORMS[raw["form"]],
                        "extra_forms": {_SUPERVISION_FORMS.get(f, f) for f in raw.get("extra_forms", [])},
                        "timing": {**timing, "timing_kind": str(timing["timing_kind"]),
                                   "timing_note": raw.get("timing_note", "")},
                        "meetings": (raw.get("to_standing_meeting", False), raw.get("to_chairpersons_meeting", False)),
                        "leads": list(raw.get("leads", [])), "helpers": list(raw.get("helpers", [])),
                        "all_committees_help": raw.get("all_committees_help", False),
                        "reporting_bodies": list(raw.get("reporting_bodies", [])),
                    }
                    items[entry.key or f"{kind}-{position}-{entry.number}"] = entry.values
                entries[kind].append(entry)
    return entries, items


# --- reading the Word files ------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A matter read from an earlier plan, for linking: its title and the fixture key it stands for."""

    title: str
    key: str


@dataclass
class Parsed:
    plan: str
    section: int
    section_heading: str
    declared_count: int | None
    item: object  # ProposedItem
    links: dict  # find_links' answer, with keys


def read_plans(files: dict[str, Path], reporting_bodies, entries: dict[str, list[Entry]]) -> dict[str, list[Parsed]]:
    """Each .docx read (docx_text → parse_plan_text) and linked to the matters of the plans read before it."""
    from plans.imports.word_text import docx_text, find_links, parse_plan_text

    read, candidates = {}, []
    for kind in PLAN_FILES:
        if kind not in files:
            read[kind] = []
            continue
        plan = parse_plan_text(docx_text(files[kind].read_bytes()), reporting_bodies=reporting_bodies)
        read[kind] = []
        for position, section in enumerate(plan.sections):
            for item in section.items:
                links = find_links(item, candidates)
                read[kind].append(Parsed(kind, position, section.heading, section.declared_count, item, links))
        # This plan's own matters become candidates for the plans after it, under their fixture keys.
        by_place = {(e.section, e.number): e for e in entries.get(kind, []) if e.key}
        for parsed in read[kind]:
            entry = by_place.get((parsed.section, _number(parsed.item.number)))
            if parsed.links["same"] is None:
                candidates.append(Candidate(parsed.item.title, entry.key if entry else f"?{kind}-{parsed.item.number}"))
    return read


# --- comparing ---------------------------------------------------------------------------------------------------


@dataclass
class Score:
    right: dict = field(default_factory=lambda: defaultdict(int))
    total: dict = field(default_factory=lambda: defaultdict(int))
    wrong: list = field(default_factory=list)  # (plan, number, field, expected, got, source)

    def add(self, name, ok, where=None, expected=None, got=None, source=""):
        self.total[name] += 1
        if ok:
            self.right[name] += 1
        elif where:
            self.wrong.append((*where, name, expected, got, source))

    def percent(self, name=None) -> float:
        right = sum(self.right.values()) if name is None else self.right[name]
        total = sum(self.total.values()) if name is None else self.total[name]
        return 100.0 * right / total if total else 100.0


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "").rstrip("。")


def _timing_key(timing: dict) -> tuple:
    kind = timing["timing_kind"]
    months = {"month": ("start_month",), "range": ("start_month", "end_month"), "deadline": ("end_month",),
              "quarter": ("quarter",)}.get(kind, ())
    return (kind, *(timing.get(m) for m in months), kind == "undetermined" and bool(timing.get("timing_note")))


class Names:
    """The demo body's committees and reporting bodies, to resolve names as the import does."""

    def __init__(self, committees, reporting_bodies):
        from plans.imports.preview import CommitteeResolver

        self.resolver = CommitteeResolver(committees)
        self.working = {c.pk for c in committees if c.kind == "working"}
        self.bodies = list(reporting_bodies)
        self.body_names = {re.sub(r"\s+", "", n): b for b in self.bodies for n in (b.name, *b.aliases)}

    def committees(self, names) -> frozenset:
        found = set()
        for name in names:
            _, committee = self.resolver.resolve(name)
            found.add(committee.pk if committee else f"?{name}")
        return frozenset(found)

    def reporting(self, names) -> frozenset:
        from plans.imports.recognise import reporting_bodies_in

        found = set()
        for name in names:
            exact = self.body_names.get(re.sub(r"\s+", "", name))
            matches = [exact] if exact else reporting_bodies_in(name, self.bodies)
            found |= {b.pk for b in matches} or {f"?{name}"}
        return frozenset(found)


def _linked_to(parsed: Parsed | None, key: str) -> bool:
    if parsed is None:
        return False
    return any(c.key == key for c in [parsed.links["same"], *(c for _, c in parsed.links["mentioned"])] if c)


def _compare_fields(score: Score, names: Names, parsed: Parsed | None, entry: Entry, expected: dict):
    where = (entry.plan, entry.number or entry.section_heading[:12])
    fields = FIELDS[:-1]
    if parsed is None:
        for name in fields:
            score.add(name, False, where, "(条目)", "(未读到)")
        return
    item, src = parsed.item, parsed.item.sources
    title = entry.wording if entry.ref else expected["title"]
    score.add("title", _flat(item.title) == _flat(title), where, title, item.title, src.get("title", ""))
    heading_ok = (_flat(parsed.section_heading) == _flat(entry.section_heading)
                  and parsed.declared_count == entry.declared_count)
    score.add("section", heading_ok, where, (entry.section_heading, entry.declared_count),
              (parsed.section_heading, parsed.declared_count))
    if entry.ref and _linked_to(parsed, entry.ref):
        return  # the matter is listed as it is; what was read is not used
    score.add("focus", _flat(item.focus) == _flat(expected["focus"]), where, expected["focus"], item.focus,
              src.get("focus", ""))
    forms = (item.forms[0], set(item.forms[1:])) if item.forms else (None, set())
    want_forms = (expected["form"], expected["extra_forms"])
    score.add("form", forms == want_forms, where, want_forms, forms, src.get("forms", ""))
    score.add("timing", _timing_key(item.timing) == _timing_key(expected["timing"]), where,
              _timing_key(expected["timing"]), _timing_key(item.timing), src.get("timing", ""))
    meetings = (item.to_standing_meeting, item.to_chairpersons_meeting)
    score.add("meeting kind", meetings == tuple(expected["meetings"]), where, expected["meetings"], meetings,
              src.get("meetings", ""))
    leads = frozenset(names.working) if item.all_committees_lead else names.committees(item.leads)
    score.add("leads", leads == names.committees(expected["leads"]), where, expected["leads"], item.leads,
              src.get("leads", ""))
    helpers = (names.committees(item.helpers), item.all_committees_help)
    want = (names.committees(expected["helpers"]), expected["all_committees_help"])
    score.add("helpers", helpers == want, where, (expected["helpers"], expected["all_committees_help"]),
              (item.helpers, item.all_committees_help), src.get("helpers", ""))
    bodies_ok = names.reporting(item.reporting_bodies) == names.reporting(expected["reporting_bodies"])
    score.add("reporting bodies", bodies_ok, where, expected["reporting_bodies"], item.reporting_bodies,
              src.get("reporting_bodies", ""))


def compare(read: dict[str, list[Parsed]], entries: dict[str, list[Entry]], items: dict[str, dict],
            names: Names) -> Score:
    """Field by field, as the module's docstring defines right."""
    score = Score()
    for kind, plan_entries in entries.items():
        parsed_at = {(p.section, _number(p.item.number)): p for p in read.get(kind, [])}
        groups = defaultdict(list)
        for entry in plan_entries:
            groups[(entry.section, entry.number)].append(entry)
        for place, group in groups.items():
            parsed = parsed_at.pop(place, None)
            own = next((e for e in group if not e.ref), None)
            refs = [e for e in group if e.ref]
            if own is not None:
                _compare_fields(score, names, parsed, own, own.values)
            elif len(refs) == 1:
                _compare_fields(score, names, parsed, refs[0], items[refs[0].ref])
            _compare_links(score, parsed, refs, own, kind, place)
        for place, parsed in parsed_at.items():  # read, but in no fixture entry
            score.add("title", False, (kind, parsed.item.number), "(无此条目)", parsed.item.title)
    return score


def _compare_links(score: Score, parsed: Parsed | None, refs: list[Entry], own, kind, place):
    linked = {}
    if parsed is not None:
        if parsed.links["same"] is not None:
            linked[parsed.links["same"].key] = "(同一事项)"
        for wording, candidate in parsed.links["mentioned"]:
            linked.setdefault(candidate.key, wording)
    wanted = {e.ref: e.wording for e in refs}
    where = (kind, place[1] or "")
    for key, wording in wanted.items():
        score.add("cross-plan links", key in linked, where, f"{key}：{wording}", sorted(linked))
    for key, wording in linked.items():
        if key not in wanted:
            score.add("cross-plan links", False, where, "(无关联)", f"{key}：{wording}")


# --- the run -----------------------------------------------------------------------------------------------------


def measure(out_dir: Path, body, lines: bool = False) -> Score:
    """Build, read and compare, for the given body (the demo body); returns the Score."""
    from core.models import Committee, ReportingBody

    committees = list(Committee.objects.filter(body=body))
    reporting_bodies = list(ReportingBody.objects.filter(body=body))
    entries, items = fixture_entries()
    files = build_docx_files(out_dir, lines=lines)
    read = read_plans(files, reporting_bodies, entries)
    return compare(read, entries, items, Names(committees, reporting_bodies))


def table(score: Score) -> str:
    lines = [f"{'field':<18} {'right':>6} {'total':>6} {'%':>7}"]
    for name in FIELDS:
        lines.append(f"{name:<18} {score.right[name]:>6} {score.total[name]:>6} {score.percent(name):>6.1f}%")
    overall = sum(score.right.values()), sum(score.total.values())
    lines.append(f"{'overall':<18} {overall[0]:>6} {overall[1]:>6} {score.percent():>6.1f}%")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the .docx files here (default: a temporary directory)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong field")
    parser.add_argument("--lines", action="store_true",
                        help="one Word paragraph per line of the PDF's text (a PDF pasted into Word)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    import django

    django.setup()
    from django_scopes import scopes_disabled

    from core.models import Body
    from reports.demo import demo_body_name

    with scopes_disabled():
        body = Body.objects.filter(name=demo_body_name()).first()
        if body is None:
            print("没有演示数据：先运行 manage.py migrate 和 manage.py load_demo --if-empty。", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            score = measure(Path(args.out or tmp), body, lines=args.lines)
    print(table(score))
    if args.verbose:
        for plan, number, name, expected, got, source in score.wrong:
            print(f"\n[{plan} {number}] {name}\n  expected: {expected}\n  got:      {got}"
                  + (f"\n  source:   {source}" if source else ""))
    ok = score.percent() >= TARGET_OVERALL and all(score.percent(f) >= TARGET_FIELD for f in FIELDS)
    print(("PASS" if ok else "FAIL") + f": overall ≥ {TARGET_OVERALL:.0f} %, every field ≥ {TARGET_FIELD:.0f} %")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
