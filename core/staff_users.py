"""A body's staff users (办公室, 委员会成员, 主任会议成员, 系统管理员), managed by the body's administrator.

Deputies' and units' contacts' accounts have their own pages (core/views/accounts.py); this module
only reads and writes accounts with a staff role, and only of the given body:

    staff_users(body)          the body's staff users, with what the list shows (no query per row)
    get_staff_user(body, pk)   one of them, or Http404 (another body's user, or no such user);
                               NotStaffAccount for a deputy's or a unit contact's account of this body
    create_staff_user          a new account: name, username, roles, committees (with lead flags),
                               and its log-in issued by core.accounts.issue_login
    update_staff_user          name, roles, committees, active; never locks the body out
    reissue_staff_user         a new link or initial password
    STAFF_USER_IMPORT, check_import / import_staff_users
                               the bulk add from a workbook, declared to the import engine: every row
                               checked (the engine's preview), then all or none

Every change is recorded with core.change_log against the user.
"""

import hashlib
import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404

from core import change_log
from core.accounts import AccountError, Credentials, check_username, issue_login
from core.imports import ImportFileError
from core.imports.engine import Column, TableImport, norm, split_names
from core.models import AccountSetup, BodyMembership, Committee, CommitteeMembership
from core.roles import ADMINISTRATOR, COMMITTEE_MEMBER, DIRECTOR, EXTERNAL_ROLES, STAFF_ROLES, ensure_roles

LEAD, STAFF = CommitteeMembership.Role.LEAD, CommitteeMembership.Role.STAFF
METHOD_LABELS = dict(AccountSetup.Method.choices)

LABELS = {"name": "姓名", "username": "用户名", "roles": "角色", "committees": "委员会", "active": "状态"}
LAST_ADMIN = ("不能这样修改：{who}是本级唯一在用的系统管理员，取消其“系统管理员”角色或停用后，"
              "本级将没有人能管理用户和设置。请先为另一位用户设置“系统管理员”角色。")
SELF_DEACTIVATE = "不能停用自己正在使用的账号。如需停用，请由本级另一位系统管理员操作。"
PLATFORM_ACCOUNT = "该账号是平台管理员（超级用户）的账号，本级系统管理员不能修改或重新发放，请联系平台管理员。"
NOT_STAFF = ("该账号是人大代表或承办单位联系人的账号，不在这里管理，请到“代表账号”或“单位账号”页面处理。")


class NotStaffAccount(Exception):
    """An account of this body without a staff role: a deputy's or a unit contact's."""


# --- reading ---------------------------------------------------------------------------------------


def _body_member_ids(body):
    return BodyMembership.objects.filter(body=body).values("user_id")


def staff_users(body, *, role="", committee=None, active=None):
    """The body's staff users, each with roles, committee memberships (of this body) and account setup
    prefetched: a fixed number of queries for any number of rows. Filters: a role name, a committee, active."""
    User = get_user_model()
    # Superusers are the platform's, never a body administrator's to manage.
    users = User.objects.filter(pk__in=_body_member_ids(body), groups__name__in=STAFF_ROLES,
                                is_superuser=False, is_staff=False)
    if role:
        users = users.filter(pk__in=User.objects.filter(groups__name=role).values("pk"))
    if committee is not None:
        users = users.filter(pk__in=CommitteeMembership.objects.filter(committee=committee).values("user_id"))
    if active is not None:
        users = users.filter(is_active=active)
    memberships = (CommitteeMembership.objects.filter(committee__body=body).select_related("committee")
                   .order_by("committee__order", "committee_id"))
    return (users.distinct().select_related("account_setup")
            .prefetch_related(Prefetch("groups", queryset=Group.objects.only("id", "name")),
                              Prefetch("committee_memberships", queryset=memberships, to_attr="body_committees"))
            .order_by("-is_active", "username"))


def role_names(user) -> list[str]:
    """The user's staff roles in the order of STAFF_ROLES (from prefetched groups when there are)."""
    names = {g.name for g in user.groups.all()}
    return [r for r in STAFF_ROLES if r in names]


def committee_memberships(user, body) -> list:
    found = getattr(user, "body_committees", None)
    if found is None:
        found = list(CommitteeMembership.objects.filter(user=user, committee__body=body).select_related("committee")
                     .order_by("committee__order", "committee_id"))
        user.body_committees = found
    return found


def committees_text(memberships) -> list[str]:
    return [f"{m.committee.short_name}（{m.get_role_display()}）" for m in memberships]


def get_staff_user(body, pk):
    """A staff user of the body; Http404 for anyone else's, NotStaffAccount for this body's external accounts."""
    User = get_user_model()
    user = (User.objects.filter(pk__in=_body_member_ids(body), pk=pk).select_related("account_setup")
            .prefetch_related("groups").first())
    if user is None:
        raise Http404("没有这个用户。")
    if user.is_superuser or user.is_staff:
        raise NotStaffAccount(PLATFORM_ACCOUNT)
    if not role_names(user):
        raise NotStaffAccount(NOT_STAFF)
    return user


def state_of(user, body) -> dict:
    """What the edit form can change, as the history and the version marker see it."""
    return {
        "name": user.first_name,
        "roles": role_names(user),
        "committees": committees_text(committee_memberships(user, body)),
        "active": user.is_active,
    }


def version_marker(user, body) -> str:
    return change_log.version_marker(state_of(user, body))


# --- writing ---------------------------------------------------------------------------------------


def _check_roles(roles) -> list[str]:
    roles = [r for r in STAFF_ROLES if r in set(roles or ())]
    if not roles:
        raise AccountError("请至少选择一个角色：办公室、委员会成员、主任会议成员或系统管理员。", "roles")
    return roles


def _check_committees(body, committees) -> list[tuple]:
    """[(committee, lead?)] of this body only."""
    checked = []
    for committee, lead in committees or ():
        if committee.body_id != body.pk:
            raise AccountError(f"“{committee}”不是本级的委员会。", "committees")
        checked.append((committee, bool(lead)))
    return checked


def _role_groups() -> dict:
    groups = {g.name: g for g in Group.objects.filter(name__in=STAFF_ROLES)}
    return groups if len(groups) == len(STAFF_ROLES) else ensure_roles()


def _set_roles(user, roles, groups=None) -> None:
    groups = groups or _role_groups()
    keep = [g for g in user.groups.all() if g.name not in STAFF_ROLES]  # a deputy's role stays
    user.groups.set(keep + [groups[r] for r in roles])
    user._role_names = None
    if hasattr(user, "_prefetched_objects_cache"):
        user._prefetched_objects_cache.pop("groups", None)


def _set_committees(user, body, committees) -> None:
    wanted = {c.pk: (LEAD if lead else STAFF) for c, lead in committees}
    current = {m.committee_id: m for m in CommitteeMembership.objects.filter(user=user, committee__body=body)}
    for cid, membership in current.items():
        if cid not in wanted:
            membership.delete()
        elif membership.role != wanted[cid]:
            membership.role = wanted[cid]
            membership.save(update_fields=["role"])
    CommitteeMembership.objects.bulk_create(
        [CommitteeMembership(user=user, committee_id=cid, role=role) for cid, role in wanted.items()
         if cid not in current])
    user.__dict__.pop("body_committees", None)


def _active_admins(body):
    return get_user_model().objects.filter(pk__in=_body_member_ids(body), groups__name=ADMINISTRATOR, is_active=True)


def lockout_refusal(body, user, *, roles, active, by) -> str | None:
    """Why this change would lock the body (or the acting administrator) out; None when it may go ahead."""
    if user.pk == by.pk and not active and user.is_active:
        return SELF_DEACTIVATE
    was_admin = user.is_active and ADMINISTRATOR in role_names(user)
    stays_admin = active and ADMINISTRATOR in roles
    if was_admin and not stays_admin:
        # Lock the body's administrators first, then count afresh: two administrators taking the role
        # from each other at once are served one after the other, and the second is refused.
        admin_ids = _active_admins(body).values("pk")
        list(get_user_model().objects.select_for_update().filter(pk__in=admin_ids).values_list("pk", flat=True))
        if not _active_admins(body).exclude(pk=user.pk).exists():
            who = "您" if user.pk == by.pk else f"“{user.first_name or user.username}”"
            return LAST_ADMIN.format(who=who)
    return None


def _group_label(roles, committees) -> str:
    parts = ["、".join(roles)]
    if committees:
        parts.append("、".join(f"{c.short_name}{'负责人' if lead else ''}" for c, lead in committees))
    return " · ".join(parts)


def create_staff_user(body, *, name, username, roles, committees, method, by, request) -> Credentials:
    """A new staff account of the body, with its log-in issued once; all or nothing. Raises AccountError."""
    name = (name or "").strip()
    if not name:
        raise AccountError("请填写姓名。", "name")
    username = check_username(username)
    roles = _check_roles(roles)
    committees = _check_committees(body, committees)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username, first_name=name[:150])
        BodyMembership.objects.create(user=user, body=body)
        _set_roles(user, roles)
        _set_committees(user, body, committees)
        credentials = issue_login(user, method, by, request, name=name, group=_group_label(roles, committees))
        user = get_user_model().objects.prefetch_related("groups").get(pk=user.pk)
        after = state_of(user, body)
        change_log.record(by, user, "add", {
            LABELS["name"]: (None, after["name"]), LABELS["username"]: (None, username),
            LABELS["roles"]: (None, after["roles"]), LABELS["committees"]: (None, after["committees"]),
        }, note=f"发放方式：{METHOD_LABELS.get(method, method)}")
    return credentials


def update_staff_user(body, user, *, name, roles, committees, active, by) -> dict:
    """Change what the edit form shows; the changes recorded ({label: (old, new)}, empty when none). Raises AccountError."""
    name = (name or "").strip()
    if not name:
        raise AccountError("请填写姓名。", "name")
    roles = _check_roles(roles)
    committees = _check_committees(body, committees)
    with transaction.atomic():
        refusal = lockout_refusal(body, user, roles=roles, active=active, by=by)
        if refusal:
            raise AccountError(refusal, "active" if not active else "roles")
        before = state_of(user, body)
        user.first_name = name[:150]
        user.is_active = active
        user.save(update_fields=["first_name", "is_active"])
        _set_roles(user, roles)
        _set_committees(user, body, committees)
        user = get_user_model().objects.prefetch_related("groups").get(pk=user.pk)
        after = state_of(user, body)
        changes = change_log.field_changes(before, after, {k: LABELS[k] for k in ("name", "roles", "committees")})
        if before["active"] != after["active"]:
            changes[LABELS["active"]] = ("在用" if before["active"] else "停用", "在用" if after["active"] else "停用")
        if changes:
            change_log.record(by, user, "change", changes)
    return changes


def reissue_staff_user(body, user, method, by, request) -> Credentials:
    if not user.is_active:
        raise AccountError("该账号已停用，请先启用再重新发放。", "method")
    credentials = issue_login(user, method, by, request, name=user.first_name or user.username,
                              group="、".join(role_names(user)))
    change_log.record(by, user, "change", note=f"重新发放登录方式（{METHOD_LABELS.get(method, method)}），原密码和链接失效")
    return credentials


# --- bulk add from a workbook ----------------------------------------------------------------------

COLUMNS = (
    Column("name", "姓名", required=True),
    Column("username", "用户名", ("登录用户名", "账号", "登录名"), required=True),
    Column("roles", "角色", ("身份",), required=True, is_list=True),
    Column("committees", "委员会", ("所在委员会", "所属委员会"), is_list=True),
    Column("lead", "是否负责人", ("负责人", "委员会负责人")),
)
EXAMPLE_ROW = ["张某某", "zhangmoumou", "委员会成员", "财经工委", "是"]
MAX_IMPORT_ROWS = 300
ROLE_ALIASES = {"主任会议": DIRECTOR, "管理员": ADMINISTRATOR, "委员会": COMMITTEE_MEMBER}
YES = {"是", "y", "yes", "1", "√", "负责人", "true"}
NO = {"", "否", "n", "no", "0", "×", "工作人员", "false"}


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _committee_index(body) -> dict:
    index = {}
    for committee in Committee.objects.filter(body=body):
        for written in committee.all_names():
            key = norm(written).lower()
            if key:
                index.setdefault(key, committee)
    return index


def _role_of(text: str) -> str | None:
    text = norm(text)
    return text if text in STAFF_ROLES else ROLE_ALIASES.get(text)


def check_rows(body, rows, problems) -> list[dict]:
    """Every row of the table (TableRow-like: .number, .cells) checked, its problems added to `problems` (the
    engine's Problems); reads the database, never writes. One dict a row, as the preview shows it."""
    committees = _committee_index(body)
    User = get_user_model()
    written_names = {r.cells.get("username", "").strip().lower() for r in rows} - {""}
    # Case-insensitive, as check_username: one query for the whole file.
    match = reduce(operator.or_, (Q(username__iexact=n) for n in written_names), Q(pk__in=[]))
    taken = {u.lower() for u in User.objects.filter(match).values_list("username", flat=True)} if written_names else set()
    seen = {}
    checked = []
    for raw in rows:
        cells = raw.cells
        out = {"row": raw.number, "name": cells.get("name", "").strip(), "username": cells.get("username", "").strip(),
               "roles": [], "committee_ids": [], "committee_names": [], "lead": False, "errors": [], "warnings": []}
        if not out["name"]:
            problems.error(raw.number, "name", "姓名为空。", out)
        elif len(out["name"]) > 150:
            problems.error(raw.number, "name", "姓名超过 150 个字符。", out)
        username = out["username"]
        if not username:
            problems.error(raw.number, "username", "用户名为空。", out)
        else:
            key = username.lower()
            if key in seen:
                problems.error(raw.number, "username", f"用户名“{username}”与第 {seen[key]} 行重复。", out)
            elif key in taken:
                problems.error(raw.number, "username", f"用户名“{username}”已被系统中的其他账号使用。", out)
            else:
                try:
                    check_username(username)
                except AccountError as error:
                    problems.error(raw.number, "username", error.message, out)
            seen.setdefault(key, raw.number)
        written_roles = split_names(cells.get("roles", ""))
        if not written_roles:
            problems.error(raw.number, "roles", "角色为空，请填写办公室、委员会成员、主任会议成员或系统管理员。", out)
        for written in written_roles:
            role = _role_of(written)
            if role is None:
                extra = "代表和承办单位的账号请在“代表账号”“单位账号”页面创建。" if norm(written) in EXTERNAL_ROLES else ""
                problems.error(raw.number, "roles", f"未知角色“{written}”，应为办公室、委员会成员、主任会议成员或系统管理员。{extra}", out)
            elif role not in out["roles"]:
                out["roles"].append(role)
        for written in split_names(cells.get("committees", "")):
            committee = committees.get(norm(written).lower())
            if committee is None:
                problems.error(raw.number, "committees", f"本级没有名为“{written}”的委员会（可写全称、简称或其他写法）。", out)
            elif committee.pk not in out["committee_ids"]:
                out["committee_ids"].append(committee.pk)
                out["committee_names"].append(committee.short_name)
        lead = norm(cells.get("lead", "")).lower()
        if lead in YES:
            out["lead"] = True
            if not out["committee_ids"] and not cells.get("committees", "").strip():
                problems.error(raw.number, "lead", "填写了负责人，但没有填写委员会。", out)
        elif lead not in NO:
            problems.error(raw.number, "lead", f"“{cells.get('lead')}”无法识别，请填“是”或“否”（留空为否）。", out)
        out["roles"] = [r for r in STAFF_ROLES if r in out["roles"]]
        checked.append(out)
    return checked


class StaffUserImport(TableImport):
    """The bulk add as the import engine sees it: its columns and its checks, so the engine's preview.

    It has no job and no task: its commit issues log-ins that are shown once, so it runs in the request that
    confirms (import_staff_users) and never from a stored upload or in the background; between preview and
    confirm the session keeps only the checked rows (pending_rows) and the file's digest.
    """

    kind = "staff_user_import"
    what = "用户"
    file_label = "用户名单"
    columns = COLUMNS

    def check(self, table, problems, *, body, params):
        if len(table.rows) > MAX_IMPORT_ROWS:
            raise ImportFileError(
                f"一次最多导入 {MAX_IMPORT_ROWS} 个用户，这个文件有 {len(table.rows)} 行，请分成几个文件导入。")
        return check_rows(body, table.rows, problems), {}


STAFF_USER_IMPORT = StaffUserImport()


def check_import(body, data: bytes) -> dict:
    """The engine's preview of the workbook (the guarded reader's size, zip-bomb and cell limits, then every row
    checked): "rows", "problems", "error_count", "can_commit"…. Raises ImportFileError for a file that cannot be
    read."""
    return STAFF_USER_IMPORT.preview(data, body=body, params={})


def pending_rows(preview: dict) -> list[dict]:
    """What the session keeps between preview and confirm: only what creating the users needs."""
    return [{k: r[k] for k in ("row", "name", "username", "roles", "committee_ids", "lead")} for r in preview["rows"]]


def import_staff_users(body, rows, method, by, request) -> list[Credentials]:
    """Create the checked rows' users, all or none; each row is checked again (usernames may have been taken
    since the preview, committees removed). Raises AccountError naming the row; then nothing is created."""
    from core.accounts import check_method

    check_method(method)
    if not rows:
        raise AccountError("没有要导入的用户。", "file")
    committees = {c.pk: c for c in Committee.objects.filter(body=body)}
    issued = []
    with transaction.atomic():
        for row in rows:
            found = []
            for cid in row["committee_ids"]:
                if cid not in committees:
                    raise AccountError(f"第 {row['row']} 行「委员会」：委员会已不存在，没有导入任何用户。请重新上传。", "file")
                found.append((committees[cid], row["lead"]))
            try:
                issued.append(create_staff_user(body, name=row["name"], username=row["username"], roles=row["roles"],
                                                committees=found, method=method, by=by, request=request))
            except AccountError as error:
                label = {"name": "姓名", "username": "用户名", "roles": "角色", "committees": "委员会"}.get(error.field, "")
                where = f"第 {row['row']} 行" + (f"「{label}」" if label else "")
                raise AccountError(f"{where}：{error.message}没有导入任何用户，请改正后重新上传。", "file") from None
    return issued


def template_workbook(body) -> bytes:
    """The blank workbook: the five headers on the first sheet (with a note above), and one filled-in row."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from core.exporters import set_text

    example = list(EXAMPLE_ROW)
    first = Committee.objects.filter(body=body, active=True).order_by("order", "id").first()
    if first is not None:
        example[3] = first.short_name
    widths = [12, 18, 22, 26, 12]
    wb = Workbook()
    ws = wb.active
    ws.title = "用户"
    ws.cell(1, 1, f"{body.name}工作人员账号").font = Font(size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    note = ("填写说明：①「用户名」用英文字母、数字或 @ . + - _，不能重复；②「角色」写办公室、委员会成员、主任会议成员或"
            "系统管理员，多个用“、”分隔；③「委员会」写本级委员会的全称、简称或其他写法，多个用“、”分隔；"
            "④「是否负责人」填“是”或“否”（留空为否），对本行所填的委员会都适用。第 4 行是示例，请改为实际人员或删除。"
            "本行和标题行导入时自动跳过。")
    ws.cell(2, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    ws.row_dimensions[2].height = 60
    for col, column in enumerate(COLUMNS, 1):
        cell = ws.cell(3, col, column.label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]
    for col, value in enumerate(example, 1):
        set_text(ws.cell(4, col), value)
        ws.cell(4, col).number_format = "@"
    check = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    check.add("E4:E303")
    ws.add_data_validation(check)
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
