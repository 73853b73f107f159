"""The roles of the system, as auth groups, and how to ask what role a user has."""

from django.contrib.auth.models import Group

OFFICE = "办公室"
COMMITTEE_MEMBER = "委员会成员"
DIRECTOR = "主任会议成员"
ADMINISTRATOR = "系统管理员"
# Parties outside the standing committee's staff, with accounts of their own (issue 7): they see
# only the portal pages and API answers about what is theirs (renda/external.py confines them).
DEPUTY = "人大代表"
UNIT_CONTACT = "承办单位联系人"

ROLES = [OFFICE, COMMITTEE_MEMBER, DIRECTOR, ADMINISTRATOR, DEPUTY, UNIT_CONTACT]
EXTERNAL_ROLES = (DEPUTY, UNIT_CONTACT)

# Model permissions each role gets ("app_label.codename" minus the action prefix is implied).
_WRITE = ("add", "change", "delete", "view")
_ROLE_PERMISSIONS = {
    OFFICE: {
        "plans": {
            "meeting": _WRITE,
            "agendaitem": _WRITE,
            "annualplan": _WRITE,
            "section": _WRITE,
            "planitem": _WRITE,
            "planentry": _WRITE,
            "itemcommittee": _WRITE,
            "statuschange": ("add", "view"),
            "committee": ("view",),
            "reportingbody": ("view",),
            "term": ("view",),
        }
    },
    COMMITTEE_MEMBER: {
        "plans": {
            "planitem": ("change", "view"),
            "statuschange": ("add", "view"),
            "meeting": ("view",),
            "agendaitem": ("view",),
            "annualplan": ("view",),
            "committee": ("view",),
            "reportingbody": ("view",),
        }
    },
    DIRECTOR: {
        "plans": {
            name: ("view",)
            for name in ("meeting", "agendaitem", "annualplan", "planitem", "statuschange", "committee", "reportingbody")
        }
    },
    ADMINISTRATOR: {},  # administrators are superusers of their body; see ensure_roles
    DEPUTY: {},  # no model permissions: the portal pages decide (deputies/permissions.py)
    UNIT_CONTACT: {},
}


def ensure_roles() -> dict[str, Group]:
    """Create the role groups with their permissions (idempotent)."""
    from django.contrib.auth.models import Permission

    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for app_label, models in _ROLE_PERMISSIONS[role].items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                perms += list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        group.permissions.set(perms)
        groups[role] = group
    return groups


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role in names


def is_office(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, OFFICE))


def is_director(user) -> bool:
    return has_role(user, DIRECTOR)


def is_deputy(user) -> bool:
    return has_role(user, DEPUTY)


def is_unit_contact(user) -> bool:
    return has_role(user, UNIT_CONTACT)


def is_external(user) -> bool:
    """A deputy or a handling unit's contact: confined to the portal, never to staff pages.

    Staff roles win: a staff member who is also a deputy works as staff.
    """
    if not user.is_authenticated or user.is_superuser:
        return False
    if any(has_role(user, role) for role in (OFFICE, COMMITTEE_MEMBER, DIRECTOR, ADMINISTRATOR)):
        return False
    return any(has_role(user, role) for role in EXTERNAL_ROLES)


def role_labels(user) -> list[str]:
    if not user.is_authenticated:
        return []
    labels = [role for role in ROLES if has_role(user, role)]
    if user.is_superuser and ADMINISTRATOR not in labels:
        labels.append(ADMINISTRATOR)
    return labels
