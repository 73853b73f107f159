"""The daily reminders, with the clock set: exactly the expected reminders on a day, none of them
again the next day, the next step when it comes, nothing for cancelled, done or departed, and
exactly once when the run is repeated, late, or killed half way."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from tests.reminder_world import T, build_world, expected_on_t, produced

NOON = "12:00 +08:00"


@pytest.fixture
def world(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDERS = {**settings.REMINDERS, "off": ["digest"]}
    return build_world()


def run_task_on(day, world):
    """The Celery task as beat sends it (no date: the task takes today), with the clock at `day`.

    Run in this process (apply), broker or not: tests/core/test_reminder_broker.py sends it to a worker."""
    from core.tasks import send_reminders

    with time_machine.travel(f"{day.isoformat()} {NOON}", tick=False):
        return send_reminders.apply(kwargs={"body_id": world.body.pk}).get()


def test_day_t_produces_exactly_the_expected_reminders(world):
    result = run_task_on(T, world)

    assert produced(world) == expected_on_t(world)
    assert result["created"] == len(expected_on_t(world))
    assert result["day"] == T.isoformat()


def test_the_next_day_sends_none_of_them_again(world):
    run_task_on(T, world)
    first_mail = len(mail.outbox)
    assert first_mail == 6  # one message per person with new reminders

    result = run_task_on(T + timedelta(days=1), world)

    assert result["created"] == 0
    assert produced(world) == expected_on_t(world)
    assert len(mail.outbox) == first_mail


def test_the_next_step_comes_when_its_day_comes_even_if_a_run_was_missed(world):
    run_task_on(T, world)
    # The run of T+4 (3 days before the findings step) never happened; T+5 still sends before-3, once.
    run_task_on(T + timedelta(days=5), world)
    findings = f"materialstep:{world.objects['findings'].pk}"
    steps = set(Notification.objects.filter(subject=findings).values_list("step", "recipient__username"))
    assert steps == {("before-7", "w-lead-a"), ("before-7", "w-office"), ("before-3", "w-lead-a"),
                     ("before-3", "w-office")}
    # before-1 is not sent as well: only the step the deadline is at.
    run_task_on(T + timedelta(days=6), world)
    assert Notification.objects.filter(subject=findings, step="before-1").count() == 2
    assert Notification.objects.filter(subject=findings, step="before-1").count() == 2


def test_overdue_is_reminded_once_and_old_overdue_not_at_all(world):
    run_task_on(T + timedelta(days=8), world)  # findings due T+7: one day late
    findings = f"materialstep:{world.objects['findings'].pk}"
    assert set(Notification.objects.filter(subject=findings).values_list("step", flat=True)) == {"overdue"}
    run_task_on(T + timedelta(days=9), world)
    assert Notification.objects.filter(subject=findings).count() == 2  # lead-a and the office, once
    # The rectification fell due T-3; 30 days later it is no longer reminded (it is on the dashboard).
    late = f"rectification:{world.objects['late'].pk}"
    Notification.objects.filter(subject=late).delete()
    run_task_on(T + timedelta(days=40), world)
    assert not Notification.objects.filter(subject=late).exists()


def test_done_matters_and_people_who_left_are_not_reminded(world):
    from meetings.materials import record_step

    with time_machine.travel(f"{T.isoformat()} {NOON}", tick=False):
        record_step(world.objects["findings"], world.users["office"], T)
    world.objects["due_soon"].status = "closed"
    world.objects["due_soon"].replied_on = T - timedelta(days=1)
    world.objects["due_soon"].save()
    run_task_on(T, world)
    subjects = {s for _, s, *_ in produced(world)}
    assert f"materialstep:{world.objects['findings'].pk}" not in subjects
    assert f"suggestion:{world.objects['due_soon'].pk}" not in subjects
    recipients = {r[3] for r in produced(world)}
    assert "w-left" not in recipients and "w-office-left" not in recipients


def test_each_person_gets_one_email_listing_their_reminders(world):
    run_task_on(T, world)
    to_office = [m for m in mail.outbox if m.to == ["w-office@renda.example"]]
    assert len(to_office) == 1
    body = to_office[0].body
    assert "第一次会议议题1：调研意见送报告单位还有 7 天到期" in body
    assert "第1号" in body and "未按期签收" in body
    assert "/meetings/" in body and "http://" in body
    assert Notification.objects.filter(body=world.body, email_state="sent").count() == len(expected_on_t(world))


def test_email_off_and_no_address_keep_the_notification_without_mail(world):
    from core.models import NotificationPreference

    NotificationPreference.objects.create(user=world.users["lead_a"], email_enabled=False)
    world.users["unit1"].email = ""
    world.users["unit1"].save()
    run_task_on(T, world)
    assert not [m for m in mail.outbox if m.to in (["w-lead-a@renda.example"], ["w-unit-1@renda.example"])]
    off = Notification.objects.filter(recipient__in=[world.users["lead_a"], world.users["unit1"]])
    assert off.exists() and set(off.values_list("email_state", flat=True)) == {"off"}


def test_a_failed_email_is_retried_with_back_off_then_shown_as_failed(world, settings):
    from core.reminder_mail import deliver_pending

    settings.EMAIL_BACKEND = "tests.reminder_mail_backends.AlwaysFailingBackend"
    settings.REMINDERS = {**settings.REMINDERS, "email_retry_minutes": 5, "email_max_attempts": 3}
    with time_machine.travel(f"{T.isoformat()} 07:30 +08:00", tick=False) as clock:
        call_command("send_reminders", "--body", str(world.body.pk), stdout=open("/dev/null", "w"))
        n = Notification.objects.get(recipient=world.users["deputy"])
        assert (n.email_state, n.email_attempts) == ("pending", 1)
        assert n.email_error.startswith("无法连接邮件服务器") and "SMTPServerDisconnected" in n.email_error
        assert deliver_pending().sent == 0  # not due again before its back-off
        assert Notification.objects.get(pk=n.pk).email_attempts == 1
        clock.shift(timedelta(minutes=5))
        deliver_pending()
        assert Notification.objects.get(pk=n.pk).email_attempts == 2
        clock.shift(timedelta(minutes=9))  # the second wait is 10 minutes
        deliver_pending()
        assert Notification.objects.get(pk=n.pk).email_attempts == 2
        clock.shift(timedelta(minutes=1))
        deliver_pending()
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts) == ("failed", 3)
    # The in-app notification is there all the same.
    assert n.read_at is None and n.title


def test_a_run_killed_while_sending_mail_completes_exactly_once_when_run_again(world, settings):
    from core.tasks import send_reminders
    from tests import reminder_mail_backends

    settings.EMAIL_BACKEND = "tests.reminder_mail_backends.DiesAfterTwoBackend"
    reminder_mail_backends.reset()
    with time_machine.travel(f"{T.isoformat()} {NOON}", tick=False):
        with pytest.raises(SystemExit):
            send_reminders.apply(kwargs={"body_id": world.body.pk}).get()
        # Half way: all notifications claimed, two people e-mailed, the rest not.
        assert produced(world) == expected_on_t(world)
        assert len(reminder_mail_backends.DELIVERED) == 2
        settings.EMAIL_BACKEND = "tests.reminder_mail_backends.RecordingBackend"
        result = send_reminders.apply(kwargs={"body_id": world.body.pk}).get()
    assert result["created"] == 0
    assert produced(world) == expected_on_t(world)
    titles = [pair for message in reminder_mail_backends.DELIVERED for pair in message]
    sent_titles = list(Notification.objects.filter(body=world.body).values_list("recipient__username", "title"))
    assert sorted(titles) == sorted(sent_titles)  # every reminder mailed once, none twice


def test_a_hard_kill_leaves_claimed_mail_that_the_next_run_sends_after_its_lease(world):
    from core.reminder_mail import deliver_pending
    from core.reminders import run_day

    with time_machine.travel(f"{T.isoformat()} {NOON}", tick=False) as clock:
        run_day(T, body_ids=[world.body.pk])
        # A worker claimed the deputy's e-mail and was killed (SIGKILL) before it could mark it.
        n = Notification.objects.get(recipient=world.users["deputy"])
        Notification.objects.filter(pk=n.pk).update(email_state="sending",
                                                    email_next_at=timezone.now() + timedelta(minutes=15))
        deliver_pending()
        assert not [m for m in mail.outbox if m.to == ["w-deputy@renda.example"]]
        clock.shift(timedelta(minutes=16))
        deliver_pending()
        deliver_pending()
    assert len([m for m in mail.outbox if m.to == ["w-deputy@renda.example"]]) == 1


def test_the_days_queries_do_not_grow_with_the_reminders(world):
    from core.reminders import run_day
    from deputies.models import Assignment, Suggestion

    def add_suggestions(count):
        source = world.objects["due_soon"]
        for i in range(count):
            s = Suggestion.objects.create(body=world.body, year=2030, number=100 + Suggestion.objects.count() + i,
                                          title="又一条建议", raised_on=source.raised_on, status=source.status,
                                          committee=source.committee, lead_unit=source.lead_unit,
                                          assigned_on=source.assigned_on, reply_due_on=source.reply_due_on)
            Assignment.objects.create(suggestion=s, unit=source.lead_unit, role="lead", assigned_on=s.assigned_on,
                                      due_on=s.reply_due_on, signed_on=s.assigned_on)

    def queries_for_a_fresh_run():
        Notification.objects.filter(body=world.body).delete()
        with CaptureQueriesContext(connection) as queries:
            report = run_day(T, body_ids=[world.body.pk])
        return len(queries), report.created

    add_suggestions(1)
    few_queries, few = queries_for_a_fresh_run()
    add_suggestions(10)
    many_queries, many = queries_for_a_fresh_run()
    assert many >= few + 30
    assert many_queries == few_queries


def test_dry_run_lists_and_changes_nothing(world):
    import io

    out = io.StringIO()
    call_command("send_reminders", "--date", T.isoformat(), "--dry-run", "--body", str(world.body.pk), stdout=out)
    text = out.getvalue()
    assert "将发送 13 条" in text
    assert "w-lead-a（负责工委）第一次会议议题1：调研意见送报告单位还有 7 天到期" in text
    assert not Notification.objects.filter(body=world.body).exists()
    assert mail.outbox == []


def test_bad_date_and_unknown_body_are_refused_with_a_clear_message(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "2023-02-30")
    with pytest.raises(CommandError, match="没有 id 为 999999 的人大常委会"):
        call_command("send_reminders", "--body", "999999")


def test_reminders_switched_off_by_kind(world, settings):
    settings.REMINDERS = {**settings.REMINDERS, "off": ["digest", "materials", "plan_start"]}
    run_task_on(T, world)
    kinds = {k for k, *_ in produced(world)}
    assert "materials" not in kinds and "plan_start" not in kinds and "suggestion_reply" in kinds


def test_agenda_not_fixed_is_reminded_to_the_office_14_days_before(world):
    meeting = world.objects["meeting"]
    day = meeting.date - timedelta(days=14)
    run_task_on(day, world)
    agenda = Notification.objects.filter(kind="agenda", subject=f"meeting:{meeting.pk}")
    assert set(agenda.values_list("recipient__username", "step")) == {("w-office", "before-14")}
    meeting.agenda_fixed_on = day
    meeting.save()
    Notification.objects.filter(kind="agenda").delete()
    run_task_on(day + timedelta(days=1), world)
    assert not Notification.objects.filter(kind="agenda").exists()


def test_weekly_digest_for_directors_once_a_week(world, settings):
    from core.models import NotificationPreference

    settings.REMINDERS = {**settings.REMINDERS, "off": [], "digest_weekday": 1}
    monday = T + timedelta(days=2)  # T is a Saturday
    assert monday.isoweekday() == 1
    run_task_on(T + timedelta(days=1), world)  # Sunday: the week's digest (ISO week of T) goes out
    digests = Notification.objects.filter(kind="digest", body=world.body)
    assert set(digests.values_list("recipient__username", flat=True)) == {"w-director"}
    first = digests.get()
    assert "逾期" in first.text and "下次常委会会议" in first.text and "第一次会议" in first.text
    run_task_on(T + timedelta(days=1), world)
    assert digests.count() == 1
    # A new week: again, and an office member who asked for it gets it too; a director who said no does not.
    NotificationPreference.objects.create(user=world.users["office"], digest="weekly")
    NotificationPreference.objects.create(user=world.users["director"], digest="none")
    run_task_on(monday, world)
    this_week = digests.filter(step=f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}")
    assert set(this_week.values_list("recipient__username", "reason")) == {("w-office", "subscriber")}


def test_office_fixes_the_agenda_and_others_may_not(world, baiyun):
    from meetings.models import AgendaItem, Meeting
    from tests.conftest import client_for

    meeting = Meeting.objects.filter(body=baiyun, status="planned").order_by("pk").first() or Meeting.objects.filter(
        body=baiyun).first()
    assert AgendaItem.objects.filter(meeting=meeting).exists()
    assert client_for("lead-shehui").post(f"/meetings/{meeting.pk}/agenda/fix/", {"fixed": "1"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.agenda_fixed_on is None or meeting.status == "held"
    Meeting.objects.filter(pk=meeting.pk).update(agenda_fixed_on=None)
    office = client_for("office")
    office.post(f"/meetings/{meeting.pk}/agenda/fix/", {"fixed": "1"})
    meeting.refresh_from_db()
    assert meeting.agenda_fixed_on == timezone.localdate()
    assert "议程已确定" in office.get(f"/meetings/{meeting.pk}/").content.decode()
    office.post(f"/meetings/{meeting.pk}/agenda/fix/", {"fixed": "0"})
    meeting.refresh_from_db()
    assert meeting.agenda_fixed_on is None
