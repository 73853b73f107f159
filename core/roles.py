"""The roles of the system, as auth groups, and how to ask what role a user has."""

from django.contrib.auth.models import Group

OFFICE = "办公室"
COMMITTEE_MEMBER = "委员会成员"
DIRECTOR = "主任会议成员"
ADMINISTRATOR = "系统管理员"
# Parties outside the standing committee's staff, with accounts of their own (issue 7): they see
# only the portal pages and API answers about what is theirs (core/external.py confines them).
DEPUTY = "人大代表"
UNIT_CONTACT = "承办单位联系人"

# Not a group: a superuser without a body (core.roles.is_platform_admin).
PLATFORM_ADMINISTRATOR = "平台管理员"

ROLES = [OFFICE, COMMITTEE_MEMBER, DIRECTOR, ADMINISTRATOR, DEPUTY, UNIT_CONTACT]
# The standing committee's own staff (the rest are parties outside it).
STAFF_ROLES = (OFFICE, COMMITTEE_MEMBER, DIRECTOR, ADMINISTRATOR)
EXTERNAL_ROLES = (DEPUTY, UNIT_CONTACT)

# Model permissions each role gets, by model (the action prefix makes the codename).
_WRITE = ("add", "change", "delete", "view")
_ROLE_PERMISSIONS = {
    OFFICE: {
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
    },
    COMMITTEE_MEMBER: {
        "planitem": ("change", "view"),
        "statuschange": ("add", "view"),
        "meeting": ("view",),
        "agendaitem": ("view",),
        "annualplan": ("view",),
        "committee": ("view",),
        "reportingbody": ("view",),
    },
    DIRECTOR: {
        name: ("view",)
        for name in ("meeting", "agendaitem", "annualplan", "planitem", "statuschange", "committee", "reportingbody")
    },
    # A body's administrator works as the office does, and also sets up the body (/settings/):
    # core.roles.is_office and is_body_admin decide, not model permissions.
    ADMINISTRATOR: {},
    DEPUTY: {},  # no model permissions: the portal pages decide (deputies/permissions.py)
    UNIT_CONTACT: {},
}
# A model's permissions are found by its name in any of the apps that have held it: the data migration
# renda 0004 runs before meetings and the organisation left `plans`, and the content types follow a move.
_PERMISSION_APPS = ("plans", "meetings", "core")


def apply_roles(Group, Permission) -> dict:
    """Create each role group and give it exactly its permissions; the model classes are passed in
    so the data migration (renda/migrations/0004_roles.py) runs this on its historical models."""
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        codenames = [f"{action}_{model}" for model, actions in _ROLE_PERMISSIONS[role].items() for action in actions]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=_PERMISSION_APPS, codename__in=codenames)
        )
        groups[role] = group
    return groups


def ensure_roles() -> dict[str, Group]:
    """Create the role groups with their permissions (idempotent)."""
    from django.contrib.auth.models import Permission

    return apply_roles(Group, Permission)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate: keep the groups' permissions in step with _ROLE_PERMISSIONS after every migrate
    (and after a test flush), so a changed permission reaches every deployment."""
    ensure_roles()


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return role in names


def is_office(user) -> bool:
    """The office's work: the office, and the body's administrators (who may do all of it)."""
    return user.is_authenticated and (user.is_superuser or has_role(user, OFFICE) or has_role(user, ADMINISTRATOR))


def is_body_admin(user) -> bool:
    """A body's administrator: sets up its committees, users, tokens and rules (/settings/), only its own."""
    return user.is_authenticated and has_role(user, ADMINISTRATOR)


def is_platform_admin(user) -> bool:
    """A platform administrator: a superuser who belongs to no body; creates bodies and appoints
    their administrators (/platform/), and is the only one who works across bodies."""
    from core.bodies import body_for_user

    return user.is_authenticated and user.is_active and user.is_superuser and body_for_user(user) is None


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
    if any(has_role(user, role) for role in STAFF_ROLES):
        return False
    return any(has_role(user, role) for role in EXTERNAL_ROLES)


def role_labels(user) -> list[str]:
    if not user.is_authenticated:
        return []
    if is_platform_admin(user):
        return [PLATFORM_ADMINISTRATOR]
    labels = [role for role in ROLES if has_role(user, role)]
    if user.is_superuser and ADMINISTRATOR not in labels:
        labels.append(ADMINISTRATOR)
    return labels
