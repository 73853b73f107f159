"""The platform administrator's pages (/platform/): every body, a new body from a committee template with
its first administrator, a body's fields and another administrator.

Only a platform administrator (a superuser of no body) may open them (require_platform_admin, a 403 with
the reason); core.middleware runs these requests with scopes disabled. A new administrator's log-in is
shown once on the printable hand-out (core.views.accounts.render_handout), straight from the POST: the
hand-out's own page (/settings/accounts/handout/) lies outside /platform/, where the middleware does not
let a platform administrator in.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core import accounts, body_setup, change_log
from core.forms.accounts import add_account_error
from core.forms.platform import AdministratorForm, BodyCreateForm, BodyForm
from core.models import Body, BodyMembership, Committee
from core.roles import ADMINISTRATOR
from core.settings_access import require_platform_admin
from core.views.accounts import render_handout

BODY_FIELDS = ["name", "area_name", "short_name", "level", "parent"]
ADMIN_FIELDS = ["admin_name", "admin_username", "method"]
RACE = "名称或用户名刚被占用，未创建任何内容；请检查后重新提交。"


def body_list(request):
    """/platform/: every body with its level, region, parent, users, committees, administrators and plans."""
    require_platform_admin(request)
    bodies = list(
        Body.objects.select_related("parent").annotate(
            user_count=Count("memberships", distinct=True),
            committee_count=Count("committees", distinct=True),
            # Through the body's own relation: plans point at the body, the core names no app above it.
            has_plan=Exists(Body.objects.filter(pk=OuterRef("pk"), plans__isnull=False)),
        )
    )
    admins: dict[int, list] = {}
    for membership in (BodyMembership.objects.filter(user__groups__name=ADMINISTRATOR).select_related("user")
                       .order_by("user__first_name", "user__username")):
        admins.setdefault(membership.body_id, []).append(membership.user)
    for body in bodies:
        body.admins = admins.get(body.pk, [])
    bodies.sort(key=lambda b: (body_setup.LEVEL_RANK.get(b.level, 9), b.name))
    return render(request, "platform/bodies.html", {"bodies": bodies})


def _groups(form, title_fields):
    return [(title, [form[name] for name in names]) for title, names in title_fields]


def body_create(request):
    """/platform/bodies/new/: the body, its committees from a template and its first administrator, all or nothing."""
    require_platform_admin(request)
    form = BodyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            body, committees, credentials = body_setup.create_body(
                form.instance, d["template"], d["admin_name"], d["admin_username"], d["method"], request.user, request)
        except accounts.AccountError as error:
            add_account_error(form, error)
        except IntegrityError:
            form.add_error(None, RACE)
        else:
            return _administrator_handout(
                request, body, credentials, f"已创建“{body.name}”：委员会 {len(committees)} 个，期限规则为默认值，")
    return render(request, "platform/body_create.html", {
        "form": form,
        "groups": _groups(form, [("人大常委会", BODY_FIELDS), ("委员会", ["template"]),
                                 ("第一位系统管理员", ADMIN_FIELDS)]),
        "templates": getattr(form, "templates", {}),
    }, status=400 if request.method == "POST" else 200)


def body_edit(request, pk):
    """/platform/bodies/<pk>/: the body's fields, its administrators, and the history of its changes."""
    require_platform_admin(request)
    body = get_object_or_404(Body, pk=pk)
    form = BodyForm(request.POST or None, instance=get_object_or_404(Body, pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            changes = body_setup.change_body(form.instance, request.user)
        except accounts.AccountError as error:
            add_account_error(form, error)
        except IntegrityError:
            form.add_error(None, RACE)
        else:
            if changes:
                messages.success(request, f"已保存：{change_log.describe(changes)}。")
            else:
                messages.info(request, "没有修改任何内容。")
            return redirect("platform-body-edit", pk=pk)
    return _edit_page(request, body, form, AdministratorForm(), status=400 if request.method == "POST" else 200)


def body_admin(request, pk):
    """POST /platform/bodies/<pk>/administrators/: appoint another administrator of the body."""
    require_platform_admin(request)
    body = get_object_or_404(Body, pk=pk)
    if request.method != "POST":
        return redirect("platform-body-edit", pk=pk)
    form = AdministratorForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            credentials = body_setup.appoint_administrator(body, d["admin_name"], d["admin_username"], d["method"],
                                                           request.user, request)
        except accounts.AccountError as error:
            add_account_error(form, error)
        except IntegrityError:
            form.add_error(None, RACE)
        else:
            return _administrator_handout(request, body, credentials, f"已为“{body.name}”任命")
    return _edit_page(request, body, BodyForm(instance=body), form, status=400, open_admin=True)


def _edit_page(request, body, form, admin_form, *, status=200, open_admin=False):
    body = Body.objects.select_related("parent").get(pk=body.pk)
    admins = body_setup.administrators(body)
    for user in admins:
        user.account_key, user.account_label = accounts.account_state(user)
    history = change_log.history(Body, [body.pk])
    for entry in history:
        entry.action_text = change_log.action_label(entry)
    committees = list(Committee.objects.filter(body=body).select_related("paired_with").order_by("order", "pk"))
    return render(request, "platform/body_edit.html", {
        "body": body, "form": form, "admin_form": admin_form, "admins": admins, "open_admin": open_admin,
        "groups": _groups(form, [("人大常委会", BODY_FIELDS)]),
        "admin_groups": _groups(admin_form, [("任命系统管理员", ADMIN_FIELDS)]),
        "children": list(Body.objects.filter(parent=body).order_by("name")),
        "committees": committees,
        "user_count": BodyMembership.objects.filter(body=body).count(),
        "history": history,
    }, status=status)


def _administrator_handout(request, body, credentials, what: str):
    """The new administrator's sheet, shown once, straight from the POST (the platform has no session
    hand-over page of its own); `what` begins the message."""
    messages.success(request, f"{what}系统管理员 {credentials.name}（{credentials.username}）。请把下面的发放单交给本人。")
    return render_handout(request, [credentials], back_url=reverse("platform-body-edit", args=[body.pk]),
                          title=f"{body.name} 系统管理员账号发放单", body=body, back_label="返回该人大常委会")
