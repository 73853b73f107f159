"""Routes of deputies attending meetings (列席) and of trainings that take an id, for
tests/renda/test_body_isolation.py (and the permission matrix's objects).

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
"""

from datetime import date

from tests.isolation_roster import _deputy


def _standing_meeting(body):
    from meetings.models import Meeting, MeetingKind

    return (Meeting.objects.filter(body=body, kind=MeetingKind.STANDING).exclude(status=Meeting.Status.CANCELLED)
            .order_by("pk").first())


def _attendance(body):
    from deputies.models import MeetingAttendance

    attendance = MeetingAttendance.objects.filter(body=body).order_by("pk").first()
    return attendance or MeetingAttendance.objects.create(body=body, meeting=_standing_meeting(body),
                                                          deputy=_deputy(body))


def _training(body):
    from deputies.models import Training

    training = Training.objects.filter(body=body).order_by("pk").first()
    if training is None:
        training = Training.objects.create(body=body, title=f"隔离测试培训{body.pk}", held_on=date(2023, 5, 1))
        training.participants.set([_deputy(body)])
    return training


def _pk(builder):
    return lambda body: {"pk": builder(body).pk}


ROUTES = {
    "meeting-attendance": (_pk(_standing_meeting), "get"),
    "training-detail": (_pk(_training), "get"),
    "training-edit": (_pk(_training), "get"),
    "api:meeting-attendance-detail": (_pk(_attendance), "get"),
    "api:training-detail": (_pk(_training), "get"),
}
