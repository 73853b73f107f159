"""Names a clerk writes in running text, recognised: the reporting bodies a title or sentence names.

Used by every import that reads free text (the plan workbook's titles, a plan's Word document), so that
"听取和审议区法院关于…的报告" reaches the agenda with 汇报单位 区法院 whichever way the plan came in; and by the
agenda for a matter entered without reporting bodies (matter_reporting_bodies).
"""

import re

from core.imports import norm

# Shorthands that name several bodies at once: 一府两院 = the government, the court and the procuratorate.
_GROUPS = {
    "一府一委两院": ("government", "supervisory", "court", "procuratorate"),
    "一府两院": ("government", "court", "procuratorate"),
    "两院": ("court", "procuratorate"),
}


def _names(body) -> list[str]:
    return [n for n in (body.name, *body.aliases) if n]


def reporting_bodies_in(text: str, reporting_bodies) -> list:
    """The reporting bodies `text` names, in the order they first appear; each at most once.

    A body is named by its name or one of its other spellings (区人民法院 for 区法院); the longest name
    wins where names overlap (区政府办 over 区政府). 一府两院 and its kin name the bodies of those kinds.
    """
    flat = norm(text or "")
    found: list[tuple[int, object]] = []
    taken: list[tuple[int, int]] = []  # spans already claimed by a longer name
    candidates = sorted(((norm(n), b) for b in reporting_bodies for n in _names(b)), key=lambda nb: -len(nb[0]))
    for name, body in candidates:
        for match in re.finditer(re.escape(name), flat) if name else ():
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            found.append((span[0], body))
    for shorthand, kinds in _GROUPS.items():
        position = flat.find(shorthand)
        if position >= 0 and not any(start <= position < end for start, end in taken):
            taken.append((position, position + len(shorthand)))
            found += [(position, b) for kind in kinds for b in reporting_bodies if b.kind == kind]
    ordered = []
    for _, body in sorted(found, key=lambda pb: pb[0]):
        if body not in ordered:
            ordered.append(body)
    return ordered


# 区政府工作部门 names the departments as a group, not the government: the office chooses them.
DEPARTMENTS_RE = re.compile(r"(?:人民)?政府(?:各)?(?:工作|组成)?部门")
# The verbs that open a matter put to a meeting: 听取和审议…的报告, 审查批准…决算, 审议《…（草案）》.
ACT_VERB_RE = re.compile(r"^(?:专题)?(?:听取和审议|听取|审议|审查和批准|审查批准|审查)")
# Matters the body's own organs bring (常委会工作报告, 执法检查组, a 工委's report, the congress's own drafts).
OWN_ORGAN_RE = re.compile(r"人大|常委会|委员会|工委|检查组|代表大会")
# Matters nobody outside reports: appointments, resignations, elections.
NOT_REPORTED_RE = re.compile(r"任免|任命|辞职|罢免|选举|代表资格")


def matter_reporting_bodies(title: str, reporting_bodies) -> list:
    """The bodies that report a matter: those its title names, else, for a matter put to a meeting that names
    none (审查批准2023年本级决算, 审议《…规划（草案）》), the government, which brings plans, budgets, final accounts
    and drafts unless the title says who reports. Neither for a matter the body's own organs bring, nor for
    appointments and resignations. Used by both plan imports' titles and by the agenda for a matter without any."""
    bodies = list(reporting_bodies)
    named = reporting_bodies_in(DEPARTMENTS_RE.sub("", title or ""), bodies)
    if named:
        return named
    flat = norm(title or "")
    if ACT_VERB_RE.match(flat) and not OWN_ORGAN_RE.search(flat) and not NOT_REPORTED_RE.search(flat):
        return [b for b in bodies if b.kind == "government"][:1]
    return []
