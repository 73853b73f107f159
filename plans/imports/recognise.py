"""Names a clerk writes in running text, recognised: the reporting bodies a title or sentence names.

Used by every import that reads free text (the plan workbook's titles, a plan's Word document), so that
"听取和审议区法院关于…的报告" reaches the agenda with 汇报单位 区法院 whichever way the plan came in.
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
