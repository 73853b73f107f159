"""The objects the permission matrix (tests/renda/test_permission_matrix.py) requests each route with.

Most routes take any row of the body: their kwargs come from the builders tests/renda/test_body_isolation.py
already keeps for every route that takes an id (OBJECT_ROUTES), or from tests/deputies/test_party_confinement.py's
PARAMETERS (years, summary keys, one-time links). Routes whose answer depends on whose object it is (a
committee's plan item, material step, opinion, rectification, livelihood project or suggestion; a person's
notification) are built here twice: one of 财经工委's (the "own" object, also used by every other column)
and one of 社会建设工委's (the "other" column, read by lead-caijing).
"""

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from tests.renda.test_body_isolation import OBJECT_ROUTES, word_import_job
from tests.deputies.test_party_confinement import PARAMETERS, _uid_of

OWN, OTHER = "财经工委", "社会建设工委"


def _committee(body, name):
    from core.models import Committee

    return Committee.objects.get(body=body, short_name=name)


def _plan_item(body, name):
    from plans.models import ItemCommittee, PlanItem

    rows = PlanItem.objects.filter(body=body, all_committees_help=False, year=2023, pk__in=ItemCommittee.objects.filter(
        committee=_committee(body, name)).values("item_id"))
    if name != OWN:  # another committee's: not 财经工委's as well
        rows = rows.exclude(pk__in=ItemCommittee.objects.filter(committee=_committee(body, OWN)).values("item_id"))
    item = rows.order_by("pk").first()
    assert item is not None, f"no 2023 item of {name} in the demo data"
    return item


def _document(body, name):
    from plans.models import ItemDocument

    item = _plan_item(body, name)
    return ItemDocument.objects.create(item=item, title=f"{name}矩阵报告", file=ContentFile(b"report", name="m.txt"))


def _agenda_item(body, name):
    from meetings.models import AgendaItem

    rows = AgendaItem.objects.filter(meeting__body=body, committees=_committee(body, name))
    if name != OWN:  # another committee's: not 财经工委's as well
        rows = rows.exclude(committees=_committee(body, OWN))
    item = rows.order_by("pk").first()
    assert item is not None, f"no agenda item of {name} in the demo data"
    return item


def _material_step(body, name):
    from meetings.models import MaterialStep

    item = _agenda_item(body, name)
    step = MaterialStep.objects.filter(agenda_item=item).order_by("pk").first() or MaterialStep.objects.create(
        agenda_item=item, step=MaterialStep.Step.MATERIALS, due="2023-01-01")
    step.document.save("materials.txt", ContentFile(b"materials"), save=True)
    return step


def _opinion(body, name):
    from supervision.models import ReviewOpinion

    opinion = ReviewOpinion.objects.create(agenda_item=_agenda_item(body, name), committee=_committee(body, name),
                                           text=f"{name}矩阵审议意见", sent_on="2023-06-01", due_on="2023-08-01")
    opinion.document.save("opinion.txt", ContentFile(b"opinion"), save=True)
    return opinion


def _rectification(body, name):
    from supervision.models import Rectification

    return Rectification.objects.create(body=body, source="opinion", opinion=_opinion(body, name),
                                        committee=_committee(body, name), what=f"{name}矩阵整改",
                                        due_on="2023-12-31", needs_new_report=True)


def _livelihood(body, name):
    from supervision.models import LivelihoodProject

    return LivelihoodProject.objects.create(body=body, year=2023, number=90 + len(name), title=f"{name}矩阵民生实事",
                                            committee=_committee(body, name))


def _suggestion(body, name):
    """An assigned suggestion the committee supervises, under its key supervision, with a document."""
    from deputies.suggestions import lifecycle
    from tests.isolation_suggestions import assigned, office_user

    committee = _committee(body, name)
    s = assigned(body, title=f"{name}矩阵建议", committee=committee,
                 document=ContentFile(b"original", name="original.txt"))
    lifecycle.set_key_supervision(s, committee=committee, since=date(2023, 3, 1), by=office_user(body))
    s.refresh_from_db()
    return s


def _notification(body, username):
    from core.models import Notification

    user = get_user_model().objects.get(username=username)
    return Notification.objects.create(body=body, recipient=user, kind="materials", subject=f"matrix:{username}",
                                       step="before-7", reason="committee", day=date(2023, 5, 1),
                                       title=f"给{username}的提醒", url="/items/mine/")


# route name → builder(body, committee name) → the row; the kwarg is "pk" unless named in KWARG
COMMITTEE_OBJECTS = {
    **dict.fromkeys(("item-detail", "item-edit", "item-status", "item-note", "item-document-upload",
                     "api:plan-item-detail", "api:plan-item-status"), _plan_item),
    **dict.fromkeys(("document-download", "document-replace", "document-remove"), _document),
    **dict.fromkeys(("material-step-record", "material-step-document", "material-step-document-remove",
                     "api:material-step-detail", "api:material-step-record", "api:material-step-document"),
                    _material_step),
    **dict.fromkeys(("opinion-detail", "opinion-send", "opinion-document", "api:review-opinion-detail",
                     "api:review-opinion-respond", "opinion-file"), _opinion),
    **dict.fromkeys(("rectification-detail", "rectification-note", "rectification-close", "rectification-schedule",
                     "api:rectification-detail", "api:rectification-notes", "api:rectification-close"),
                    _rectification),
    **dict.fromkeys(("livelihood-detail", "livelihood-progress", "api:livelihood-project-detail",
                     "api:livelihood-project-progress"), _livelihood),
    **dict.fromkeys(("suggestion-detail", "suggestion-edit", "suggestion-document", "suggestion-assign",
                     "suggestion-sign", "suggestion-co-input", "suggestion-contact", "suggestion-extension",
                     "suggestion-reply", "suggestion-reply-document", "suggestion-original-document", "suggestion-feedback", "suggestion-key", "suggestion-key-note",
                     "api:suggestion-detail", "api:suggestion-assign", "api:suggestion-sign",
                     "api:suggestion-co-input", "api:suggestion-contacts", "api:suggestion-extension",
                     "api:suggestion-reply", "api:suggestion-feedback", "api:suggestion-key-supervision",
                     "api:suggestion-supervision-note", "api:suggestion-confirm", "api:suggestion-decline",
                     "api:suggestion-reassign-request", "api:suggestion-leading", "api:suggestion-similar"), _suggestion),
}
# Routes of a reply of the committee's suggestion (its letter): the suggestion's pk and the reply's.
REPLY_OBJECTS = {"api:suggestion-reply-document"}


def _reply_of(suggestion):
    """The suggestion's reply, with its letter, by its lead unit."""
    from deputies.models import Reply

    reply = Reply.objects.filter(suggestion=suggestion).order_by("pk").first() or Reply.objects.create(
        suggestion=suggestion, round=suggestion.round or 1, unit=suggestion.lead_unit, replied_on=date(2023, 4, 20),
        reply_class="B", text="矩阵答复")
    if not reply.document:
        reply.document.save("reply.txt", ContentFile(b"reply letter"), save=True)
    return reply


# A person's own notification: lead-caijing's (the "own" column) and lead-shehui's (the "other" column).
PERSONAL_OBJECTS = {"notification-open", "notification-read", "api:notification-detail", "api:notification-read"}
# A person's own calendar feed link (reports/calendars/): lead-caijing's ("own") and lead-shehui's ("other").
CALENDAR_FEED_OBJECTS = {"calendar-renew", "api:calendar-feed-detail", "api:calendar-feed-renew", "calendar-feed"}


def _calendar_feed(body, username):
    from core.models import CalendarFeed

    feed, _ = CalendarFeed.objects.get_or_create(body=body, kind="personal",
                                                 user=get_user_model().objects.get(username=username))
    return feed


def _import_job(body):
    """A pending plan import with its upload kept: the blank template (committing it is refused: no rows)."""
    from core.models import BackgroundJob
    from plans.views.imports import blank_template

    job = BackgroundJob.objects.create(body=body, kind="plan_import", params={"year": 2023, "kind": "supervision"})
    job.input_file.save("matrix.xlsx", ContentFile(blank_template("矩阵测试工作安排表", ["财经工委"])), save=True)
    return job


WORD_IMPORT_ROUTES = {"plan-word-import-preview", "plan-word-import-correct", "plan-word-import-commit",
                      "api:plan-word-import-detail", "api:plan-word-import-preview", "api:plan-word-import-commit"}
PLAN_IMPORT_ROUTES = {"plan-import-preview", "plan-import-status", "plan-import-mapping", "plan-import-reupload",
                      "plan-import-commit", "api:plan-import-detail", "api:plan-import-preview",
                      "api:plan-import-commit"}


def _public_suggestion(body):
    from deputies.models import Suggestion

    return Suggestion.objects.filter(body=body, is_public=True).order_by("pk").first()


# Routes of a year and a figure other than the summary's counts (PARAMETERS' "reports"): one the office records.
YEAR_KEY_ROUTES = {"summary-figure-record": {"year": 2023, "key": "filed_documents"}}


# Parameters of the routes outside OBJECT_ROUTES (portal, public, notifications, years, one-time links).
def _other_parameter(body, name, param):
    if param == "pk" and name == "public-suggestion":
        return _public_suggestion(body).pk
    if param == "pk":  # a portal route: staff are refused before any lookup, so any suggestion id
        from deputies.models import Suggestion

        return Suggestion.objects.filter(body=body).order_by("pk").values_list("pk", flat=True).first()
    if param == "uidb64":
        return _uid_of("lead-caijing")  # a staff account's id with a token that is not its own
    walk = SimpleNamespace(world=SimpleNamespace(body=body))  # what PARAMETERS' builders read of a walk
    return PARAMETERS[param](walk, "staff", name, "staff page", False)[0]


class Objects:
    """Builds each route's kwargs once per column kind ("own" / "other"), cached for the test."""

    def __init__(self, body):
        self.body = body
        self._cache = {}

    def kwargs(self, name: str, params: list, column: str) -> dict:
        side = "other" if column == "other" else "own"
        key = (name, side)
        if key not in self._cache:
            self._cache[key] = self._build(name, params, side)
        return self._cache[key]

    def _build(self, name, params, side):
        if not params:
            return {}
        if name in PERSONAL_OBJECTS:
            return {"pk": self._row(("note", side), lambda: _notification(
                self.body, "lead-shehui" if side == "other" else "lead-caijing")).pk}
        if name in REPLY_OBJECTS:
            committee = OTHER if side == "other" else OWN
            suggestion = self._row(("_suggestion", committee), lambda: _suggestion(self.body, committee))
            reply = self._row(("reply", committee), lambda: _reply_of(suggestion))
            return {"pk": suggestion.pk, "reply_id": reply.pk}
        if name in CALENDAR_FEED_OBJECTS:
            feed = self._row(("calendar", side), lambda: _calendar_feed(
                self.body, "lead-shehui" if side == "other" else "lead-caijing"))
            return {"secret": feed.secret} if name == "calendar-feed" else {"pk": feed.pk}
        if name in COMMITTEE_OBJECTS:
            builder = COMMITTEE_OBJECTS[name]
            committee = OTHER if side == "other" else OWN
            return {"pk": self._row((builder.__name__, committee), lambda: builder(self.body, committee)).pk}
        if name in PLAN_IMPORT_ROUTES:
            return {"job_id": self._row("import", lambda: _import_job(self.body)).pk}
        if name in WORD_IMPORT_ROUTES:
            return {"job_id": self._row("word-import", lambda: word_import_job(self.body)).pk}
        if name in YEAR_KEY_ROUTES:
            return dict(YEAR_KEY_ROUTES[name])
        if name in OBJECT_ROUTES:
            return self._row(("routes", name), lambda: OBJECT_ROUTES[name][0](self.body))
        return {param: _other_parameter(self.body, name, param) for param in params}

    def _row(self, key, make):
        """One row per builder and committee, shared by the routes that read it."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]
