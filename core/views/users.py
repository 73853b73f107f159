"""/settings/users/: the body administrator's staff users — list, add, edit, re-issue, and a bulk add
from a workbook. Only the body's administrator (require_body_admin); only the body's own users.

The work is in core.staff_users; every change is recorded there (core.change_log) and shown here.
New log-ins are shown once on the accounts' hand-out page (core.views.accounts.handout_redirect).

The bulk add's preview is the import engine's (core.staff_users.STAFF_USER_IMPORT). It keeps the checked rows
(never the file: the confirm issues log-ins shown once, so no stored job) in the session between preview and confirm,
with the file's digest: the confirm names the digest it confirms, and is refused when the session
holds another file's rows or none (already imported, or another tab uploaded a different file).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from core import change_log, staff_users
from core.accounts import AccountError, account_state
from core.exporters import XLSX_CONTENT_TYPE, file_response
from core.forms.accounts import IssueForm, add_account_error
from core.forms.users import ImportConfirmForm, ImportUploadForm, StaffUserForm
from core.imports import ImportFileError, read_upload
from core.models import Committee
from core.settings_access import require_body_admin
from core.views.accounts import handout_redirect

PENDING_IMPORT = "staff_user_import"  # session key: the checked rows waiting for the confirm
HANDOUT_TITLE = "工作人员账号发放单"


def _committees(body):
    return Committee.objects.filter(body=body).order_by("order", "id")


def _row(user, body) -> dict:
    key, label = account_state(user)
    return {
        "user": user, "roles": staff_users.role_names(user),
        "committees": staff_users.committee_memberships(user, body), "account_key": key, "account_label": label,
    }


def users_list(request):
    body = require_body_admin(request)
    committees = list(_committees(body))
    role = request.GET.get("role", "")
    role = role if role in staff_users.STAFF_ROLES else ""
    committee_id = request.GET.get("committee", "")
    committee = next((c for c in committees if str(c.pk) == committee_id), None)
    active = {"1": True, "0": False}.get(request.GET.get("active", ""))
    users = list(staff_users.staff_users(body, role=role, committee=committee, active=active))
    rows = [_row(u, body) for u in users]
    all_ids = staff_users.staff_users(body).values_list("pk", flat=True)
    return render(request, "settings/users.html", {
        "rows": rows, "committees": committees, "roles": staff_users.STAFF_ROLES,
        "role": role, "committee": committee, "active": request.GET.get("active", ""),
        "filtered": bool(role or committee or active is not None),
        "history": change_log.history(get_user_model(), list(all_ids), limit=20),
    })


def user_create(request):
    body = require_body_admin(request)
    form = StaffUserForm(request.POST or None, committees=_committees(body))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            credentials = staff_users.create_staff_user(
                body, name=d["name"], username=d["username"], roles=d["roles"], committees=d["committee_pairs"],
                method=d["method"], by=request.user, request=request)
        except AccountError as error:
            add_account_error(form, error)
        except IntegrityError:  # the same user name taken at the same moment by another request
            form.add_error("username", f"用户名“{d['username']}”已被使用，请换一个。")
        else:
            messages.success(request, f"已创建用户“{credentials.name}”（{credentials.username}）。")
            return handout_redirect(request, [credentials], back_url=reverse("settings-users"), title=HANDOUT_TITLE)
    return render(request, "settings/users_form.html", {"form": form, "editing": False},
                  status=400 if request.method == "POST" else 200)


def _staff_user_or_redirect(request, body, pk):
    """(user, None) for the body's staff user; (None, redirect) for a deputy's or unit's account; 404 otherwise."""
    try:
        return staff_users.get_staff_user(body, pk), None
    except staff_users.NotStaffAccount as refusal:
        messages.error(request, str(refusal))
        return None, redirect("settings-users")


def user_edit(request, pk):
    body = require_body_admin(request)
    user, refused = _staff_user_or_redirect(request, body, pk)
    if refused:
        return refused
    marker = staff_users.version_marker(user, body)
    memberships = staff_users.committee_memberships(user, body)
    initial = {
        "name": user.first_name, "roles": staff_users.role_names(user), "active": user.is_active,
        "committees": [m.committee_id for m in memberships],
        "lead_committees": [m.committee_id for m in memberships if m.role == "lead"],
        "version_marker": marker,
    }
    form = StaffUserForm(request.POST or None, initial=initial, committees=_committees(body), editing=True,
                         current_marker=marker)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            changes = staff_users.update_staff_user(
                body, user, name=d["name"], roles=d["roles"], committees=d["committee_pairs"], active=d["active"],
                by=request.user)
        except AccountError as error:
            add_account_error(form, error)
        else:
            if changes:
                messages.success(request, f"已保存：{change_log.describe(changes)}。")
            else:
                messages.info(request, "没有修改任何内容。")
            return redirect("settings-user-edit", pk=user.pk)
    key, label = account_state(user)
    history = change_log.history(get_user_model(), [user.pk])
    return render(request, "settings/users_form.html", {
        "form": form, "editing": True, "account": user, "state_key": key, "state_label": label,
        "history": [(entry, change_log.action_label(entry)) for entry in history],
        "issue_form": IssueForm(initial={"method": "link"}),
    }, status=400 if request.method == "POST" else 200)


def user_reissue(request, pk):
    """POST: a new one-time link or initial password (the old ones stop working), shown once."""
    body = require_body_admin(request)
    user, refused = _staff_user_or_redirect(request, body, pk)
    if refused:
        return refused
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "发放方式：请选择一次性链接或初始密码。没有重新发放。")
        return redirect("settings-user-edit", pk=user.pk)
    try:
        credentials = staff_users.reissue_staff_user(body, user, form.cleaned_data["method"], request.user, request)
    except AccountError as error:
        messages.error(request, error.message)
        return redirect("settings-user-edit", pk=user.pk)
    return handout_redirect(request, [credentials], back_url=reverse("settings-user-edit", args=[user.pk]),
                            title=f"{HANDOUT_TITLE}（重新发放）")


def users_template(request):
    body = require_body_admin(request)
    return file_response(staff_users.template_workbook(body), "工作人员账号（导入模板）.xlsx", XLSX_CONTENT_TYPE,
                         "staff-users-template.xlsx")


def _pending(request, body):
    pending = request.session.get(PENDING_IMPORT)
    return pending if pending and pending.get("body") == body.pk else None


def users_import(request):
    """Upload → preview (every row with its problems) → confirm → all users created, one hand-out."""
    body = require_body_admin(request)
    upload_form = ImportUploadForm()
    context = {"upload_form": upload_form, "check": None, "pending": _pending(request, body)}
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, body)
    if request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        context["upload_form"] = upload_form
        request.session.pop(PENDING_IMPORT, None)  # a new upload replaces whatever waited
        context["pending"] = None
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            try:
                data = read_upload(upload)
                check = staff_users.check_import(body, data)
            except ImportFileError as error:
                upload_form.add_error("file", str(error))
            else:
                context["check"] = check
                if check["can_commit"]:
                    pending = {"body": body.pk, "digest": staff_users.file_digest(data), "filename": upload.name,
                               "method": upload_form.cleaned_data["method"], "rows": staff_users.pending_rows(check)}
                    request.session[PENDING_IMPORT] = pending
                    context["pending"] = pending
                    context["confirm_form"] = ImportConfirmForm(initial={"digest": pending["digest"]})
        if not upload_form.is_valid() or (context["check"] and not context["check"]["can_commit"]):
            status = 400
    elif context["pending"]:
        context["confirm_form"] = ImportConfirmForm(initial={"digest": context["pending"]["digest"]})
    context["method_labels"] = staff_users.METHOD_LABELS
    return render(request, "settings/users_import.html", context, status=status)


def _confirm(request, body):
    form = ImportConfirmForm(request.POST)
    pending = _pending(request, body)
    refusal = None
    if pending is None:
        refusal = "没有等待确认的导入：文件可能已经导入，或已在其他窗口重新上传。请重新上传工作簿并预览后再确认。没有创建任何用户。"
    elif not form.is_valid() or form.cleaned_data["digest"] != pending["digest"]:
        refusal = ("确认的文件与最近一次预览的文件不一致（可能已在其他窗口上传了另一个文件）。"
                   "请重新上传工作簿并预览后再确认。没有创建任何用户。")
    if refusal is None:
        try:
            issued = staff_users.import_staff_users(body, pending["rows"], pending["method"], request.user, request)
        except AccountError as error:
            refusal = error.message
        except IntegrityError:  # a user name taken at the same moment by another request
            refusal = "导入期间有用户名已被他人占用，没有创建任何用户。请重新上传工作簿并预览后再确认。"
        else:
            request.session.pop(PENDING_IMPORT, None)
            messages.success(request, f"已从“{pending['filename']}”导入 {len(issued)} 个用户。")
            return handout_redirect(request, issued, back_url=reverse("settings-users"),
                                    title=f"{HANDOUT_TITLE}（批量导入）")
    request.session.pop(PENDING_IMPORT, None)
    return render(request, "settings/users_import.html", {
        "upload_form": ImportUploadForm(), "check": None, "pending": None, "refusal": refusal,
        "method_labels": staff_users.METHOD_LABELS,
    }, status=409)
