"""What reading a plan's Word text proposes, before anything is matched against the database.

plans.imports.word_text reads a document's text into a ProposedPlan; the Word import's preview
(plans.imports.word_import) resolves its names to committees and reporting bodies, links matters other
plans already hold, lets the clerk correct any field, and commits it all or nothing. Every proposed
field keeps the sentence it came from, so the preview can show the two side by side.
"""

from dataclasses import dataclass, field

# The fields of a proposed item, in the order the preview shows them (and the accuracy table counts them).
ITEM_FIELDS = ("title", "focus", "forms", "timing", "meetings", "leads", "helpers", "reporting_bodies")


@dataclass
class ProposedItem:
    number: str  # as written: （一）, 1., (1) …
    title: str  # the first sentence, without its number
    text: str  # the item's whole text, as written
    focus: str = ""  # what follows 重点是…
    forms: list[str] = field(default_factory=list)  # SupervisionForm values, the main one first
    # timing_kind, start_month, end_month, quarter (None where the kind has none) and timing_note
    timing: dict = field(default_factory=lambda: {"timing_kind": "undetermined", "start_month": None,
                                                  "end_month": None, "quarter": None, "timing_note": ""})
    to_standing_meeting: bool = False
    to_chairpersons_meeting: bool = False
    leads: list[str] = field(default_factory=list)  # unit names as written (resolved by the preview)
    helpers: list[str] = field(default_factory=list)
    all_committees_help: bool = False  # 各（相关）工委分工落实
    # "由各对口联系工委负责": every working committee leads (leads then holds the words as written)
    all_committees_lead: bool = False
    reporting_bodies: list[str] = field(default_factory=list)  # names as written
    sources: dict[str, str] = field(default_factory=dict)  # field (ITEM_FIELDS) → the sentence it came from
    # Matters the text names ("听取和审议区政府关于 A、B 等报告"): {"wording", "title", "previous", "context"},
    # linked to matters other plans hold by word_text.find_links.
    mentions: list[dict] = field(default_factory=list)


@dataclass
class ProposedSection:
    heading: str  # without its number and count: 听取和审议“一府两院”专项工作报告
    number: str = ""  # 一、
    declared_count: int | None = None  # （共 N 项）
    items: list[ProposedItem] = field(default_factory=list)


@dataclass
class ProposedPlan:
    title: str = ""
    kind: str | None = None  # PlanKind value, when the text says (工作要点, 监督工作计划, …)
    year: int | None = None
    sections: list[ProposedSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read, for the clerk

    def items(self) -> list[ProposedItem]:
        return [item for section in self.sections for item in section.items]
