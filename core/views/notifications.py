"""Notifications: each person's own list (staff, deputies and units alike), their settings, and
the administrator's log of what was sent and what failed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.filtersets import NotificationFilterSet
from core.listing import render_filtered_list
from core.models import Notification, NotificationPreference
from core.reminder_mail import retry_failed
from core.roles import ADMINISTRATOR, has_role, is_external
from core.tables import NotificationLogTable, TableExporter


def notification_list(request):
    mine = request.user.notifications.order_by("read_at", "-created_at", "-id")
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    request._unread_notifications = unread  # the header's count (context_processors.unread_notifications)
    return render_filtered_list(
        request, mine, NotificationFilterSet, "notifications/list.html", context={"unread": unread}, per_page=30,
    )


def _own(request, pk) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


def notification_open(request, pk):
    """Follow a notification to its item, marking it read on the way."""
    notification = _own(request, pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    url = notification.url
    safe = url.startswith("/") and not url.startswith("//") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    return HttpResponseRedirect(url if safe else "/notifications/")


@require_POST
def notification_read(request, pk):
    _own(request, pk)
    Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(_back(request))


@require_POST
def notification_read_all(request):
    count = request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, f"已将 {count} 条提醒标为已读。")
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    ok = target.startswith("/notifications/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    return target if ok else "/notifications/"


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "digest"]
        widgets = {"digest": forms.RadioSelect}


def notification_settings(request):
    preference, _ = NotificationPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if is_external(request.user):
        del form.fields["digest"]  # the weekly digest is the standing committee's own work
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "提醒设置已保存。")
        return redirect("notification-settings")
    return render(request, "notifications/settings.html", {"form": form, "email": request.user.email})


# --- the administrator's log ---------------------------------------------------------------------


def _administrator(request):
    if not (request.user.is_superuser or has_role(request.user, ADMINISTRATOR)):
        raise PermissionDenied("只有系统管理员可以查看提醒发送记录。")


def reminder_log(request):
    _administrator(request)
    rows = Notification.objects.filter(body=request.renda_body).select_related("recipient").order_by("-created_at", "-id")
    E = Notification.Email
    filtered = NotificationFilterSet(request.GET or None, queryset=rows)
    shown = filtered.qs if filtered.is_bound and filtered.is_valid() else rows
    totals = shown.aggregate(
        total=Count("id"), sent=Count("id", filter=Q(email_state=E.SENT)),
        failed=Count("id", filter=Q(email_state=E.FAILED)),
        waiting=Count("id", filter=Q(email_state__in=[E.PENDING, E.SENDING])),
        off=Count("id", filter=Q(email_state=E.OFF)),
    )
    return render_filtered_list(request, rows, NotificationFilterSet, "notifications/log.html",
                                context={"totals": totals}, per_page=50,
                                exporter_class=TableExporter, table=NotificationLogTable())


@require_POST
def reminder_retry(request):
    _administrator(request)
    count = retry_failed(Notification.objects.filter(body=request.renda_body))
    if count:
        from core.tasks import deliver_emails

        deliver_emails.delay()
    messages.success(request, f"已将 {count} 条发送失败的邮件重新排队发送。")
    return redirect("reminder-log")
