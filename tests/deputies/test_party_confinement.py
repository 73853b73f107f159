"""Deputies and unit users see only what is theirs: every named route, walked as a deputy and as a unit user.

Every named route of the URL configuration (the API namespace included, Django's admin aside) is
requested as the deputy and as the unit contact of tests/parties.py, by GET and by POST (empty
data), with the ids of what is NOT theirs: another deputy's suggestion, a suggestion of another
unit only, one reassigned away from theirs, another deputy's draft naming them, another unit's
review opinion and rectification, another deputy's reception, plan items, meetings... A route
added later is walked the same way: its kind comes from its name and path (route_kind), its
parameters from PARAMETERS, and a parameter without a builder fails the test until one is added.

The answer each kind of route must give is the table EXPECTED below. Pages that answer 200 are
searched for the "markers" of others (titles of suggestions not theirs, names of deputies and
units not on their suggestions, plan items, others' opinions and receptions, internal notes,
phone numbers and addresses); the suggestions API must list their own ids and no others; and no
POST may change anything of others'.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from tests.api_tokens import token_for
from tests.parties import build_world
from tests.permission_matrix_walk import named_routes

# --- what each kind of route must answer a deputy or a unit user ------------------------------------
#
#  kind                 GET                 POST (empty data)         what a 200's body is checked for
EXPECTED = {
    # Staff work: the middleware (pages) and the API's authentication refuse it whatever the id.
    "staff page": ({403, 302}, {403, 302}),  # never 200; a redirect only to the log-in or the portal
    "staff api": ({403}, {403}),  # token and session alike; the schema and its docs too
    # The party's own portal: its lists show nothing of others, others' ids are not found.
    "portal list": ({200}, {200, 302, 400, 405}),  # none of the markers
    "portal object": ({404, 405}, {404, 405}),  # others' ids (405: a step route read by GET)
    "portal object, own ids": ({200, 302, 403, 405}, None),  # none of the markers; not posted
    # The other kind's portal: a deputy on the unit pages, a unit on the deputy pages.
    "other portal": ({403, 404, 405}, {403, 404, 405}),
    # The suggestions API (and the portal API): their own rows only.
    "party api list": ({200}, {403, 405}),  # exactly their own ids; POST is the office's
    "party api object": ({404, 405}, {403, 404, 405}),  # others' ids; 403: an office-only step, refused first
    # A deputy's own declarations: listed (their own only); a POST is a declaration of their own (empty: 400).
    "own declarations api list": ({200}, {400}),
    # Public disclosure pages: the same for everyone, nothing that is not public.
    "public list": ({200}, {200, 405}),  # none of the texts of unpublished suggestions, no contacts
    "public object": ({404}, {404, 405}),  # an unpublished suggestion
    "public object, public ids": ({200}, None),
    # Their own notifications (pages and API): only theirs are listed, others' ids are not found.
    "own notifications list": ({200, 405}, {200, 302, 405}),  # none of the markers; 405: "mark all read" by GET
    "own notifications object": ({404, 405}, {404, 405}),
    "own notifications object, own ids": ({200, 302, 405}, None),
    # Where every user lands, and the account pages a party uses itself.
    "entry": ({302}, {302, 405}),  # to the party's portal
    "account": ({200, 302, 404}, {200, 302, 400, 403, 405}),  # none of the markers
}
# Named routes that are the party's own account pages (anything else under /accounts/ is staff's).
ACCOUNT_ROUTES = {"login", "password-change", "account-setup"}
ENTRY_ROUTES = {"home", "portal-home"}
NOT_WALKED = {"logout": "it would end the session mid-walk (tests/core/test_accounts.py logs out)"}
# Portal forms that choose among the roster show the body's deputies' names (never contacts).
ROSTER_PICKERS = {"portal-deputy-draft-new", "portal-deputy-draft-edit", "portal-deputy-reception-new"}
# Lists are also read with these queries (a search, every tab/status, a later page).
SEARCHES = ("?q=隔离测试", "?q=隔离&tab=all&status=all&page=2")
# The API a party may call (kept here, apart from core/external.py, so a widened list is caught).
PARTY_API = ("/api/v1/suggestions/", "/api/v1/portal/", "/api/v1/notifications/", "/api/v1/calendar-feeds/")
# The duty record's API (deputies/duty/api.py): a deputy's own record and declarations; staff work to a unit.
DEPUTY_API = ("/api/v1/duty-records/", "/api/v1/declared-activities/")
# The calendar subscriptions (reports/calendars/), under /calendar/: their own page and links like a portal's (others'
# links not found), the feeds by secret (an unknown or renewed one not found), the body's public meetings feed.
CALENDAR_KINDS = {"calendar-subscriptions": "portal list", "calendar-renew": "portal object",
                  "calendar-feed": "portal object", "calendar-public": "public list"}
PARTIES = {"deputy": "party-deputy", "unit": "party-unit"}


def routes() -> dict:
    """name → (parameter names, its path as written: "/api/v1/suggestions/(?P<pk>[^/.]+)/")."""
    found = {}
    for name, pattern, text in named_routes():
        params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
        if "format" in params or name in NOT_WALKED:
            continue  # the router's ".json" twins answer as their routes do
        found.setdefault(name, (sorted(params), "/" + text.replace("^", "").replace("$", "")))
    return found


def route_kind(name: str, path: str, party: str, params) -> str:
    """The row of EXPECTED for the route, as the party ("deputy" / "unit") meets it."""
    if name in ENTRY_ROUTES:
        return "entry"
    if name in ACCOUNT_ROUTES:
        return "account"
    if name in CALENDAR_KINDS:
        return CALENDAR_KINDS[name]
    if name.startswith("public-"):
        return "public object" if "pk" in params else "public list"
    if name.startswith("portal-"):
        if not name.startswith(f"portal-{party}-"):
            return "other portal"
        return "portal object" if params else "portal list"
    if name.startswith(("notification-", "api:notification-")):
        return "own notifications object" if params else "own notifications list"
    if path.startswith(PARTY_API):
        return "party api object" if params else "party api list"
    if path.startswith(DEPUTY_API) and party == "deputy":
        if params:
            return "party api object"
        return "own declarations api list" if path.startswith("/api/v1/declared-activities/") else "party api list"
    if name.startswith("api:") or path.startswith("/api/"):
        return "staff api"
    return "staff page"


# The same routes read with the party's own ids (or, for public pages, a published suggestion's).
OWN_KIND = {"portal object": "portal object, own ids", "public object": "public object, public ids",
            "own notifications object": "own notifications object, own ids"}


# --- the world: tests/parties.py, plus supervision records and receptions --------------------------------


@dataclass
class Walk:
    world: object
    own: dict  # party → noun → ids of its own
    others: dict  # party → noun → ids of others'
    public_ids: list
    unpublished: list


def _supervision(world):
    """A review opinion and a rectification for the party unit, and for another unit."""
    from meetings.models import AgendaItem
    from supervision.models import Rectification, ReviewOpinion

    items = list(AgendaItem.objects.filter(meeting__body=world.body).order_by("pk")[:2])
    made = {}
    for key, unit, item in (("mine", world.units["mine"], items[0]), ("other", world.units["other"], items[1])):
        opinion = ReviewOpinion.objects.create(agenda_item=item, reporting_body=unit, text=f"{unit.name}收到的审议意见正文",
                                               sent_on=world.assigned, due_on=world.today + timedelta(days=30))
        rect = Rectification.objects.create(body=world.body, source="opinion", opinion=opinion, reporting_body=unit,
                                            what=f"{unit.name}的整改事项内容", due_on=world.today + timedelta(days=60))
        made[key] = (opinion, rect)
    return made


def _receptions(world):
    from deputies.models import Reception, Station

    station = Station.objects.filter(body=world.body).order_by("pk").first()
    mine = Reception.objects.create(station=station, held_on=world.today - timedelta(days=5), voters=3,
                                    issues="甲代表接待中听到的问题")
    mine.deputies.set([world.deputies["a"]])
    other = Reception.objects.create(station=station, held_on=world.today - timedelta(days=6), voters=4,
                                     issues="丁代表接待中听到的问题")
    other.deputies.set([world.deputies["d"]])
    return mine, other


def _notification(world, username, title):
    from core.models import Notification

    user = get_user_model().objects.get(username=username)
    return Notification.objects.create(body=world.body, recipient=user, kind="suggestion_reply",
                                       subject=f"walk:{title}", step="before-7", reason="deputy", day=world.today,
                                       title=title, url="/portal/")


@pytest.fixture
def walk(baiyun):
    from deputies.models import Suggestion
    from supervision.models import Rectification, ReviewOpinion

    world = build_world(baiyun)
    supervision = _supervision(world)
    # Their own files, so the download routes answer with their own ids.
    for row in (world.s["own"], world.s["cosigned"], *supervision["mine"][:1]):
        row.document.save("own.txt", ContentFile("本方文件".encode()), save=True)
    own_reception, other_reception = _receptions(world)
    s = world.s
    demo = list(Suggestion.objects.filter(body=baiyun, is_example=True).order_by("pk").values_list("pk", flat=True)[:2])
    # Every opinion and rectification but the unit's own: the demo's, and one of another unit.
    other_opinions = [supervision["other"][0].pk, *ReviewOpinion.objects.filter(
        agenda_item__meeting__body=baiyun).exclude(reporting_body=world.units["mine"]).values_list("pk", flat=True)[:2]]
    other_rects = [supervision["other"][1].pk, *Rectification.objects.filter(body=baiyun).exclude(
        reporting_body=world.units["mine"]).values_list("pk", flat=True)[:2]]
    own = {
        "deputy": {"suggestion": [s["own"].pk, s["cosigned"].pk], "reception": [own_reception.pk]},
        "unit": {"suggestion": [s["own"].pk, s["cosigned"].pk], "opinion": [supervision["mine"][0].pk],
                 "rectification": [supervision["mine"][1].pk]},
    }
    others = {
        "deputy": {"suggestion": [s["b_own"].pk, s["far"].pk, s["draft"].pk, s["withdrawn"].pk, *demo],
                   "reception": [other_reception.pk]},
        "unit": {"suggestion": [s["b_own"].pk, s["far"].pk, s["withdrawn"].pk, *demo]},
    }
    # The unit's opinion and rectification are others' to the deputy; every reception is the unit's others'.
    for party, ids in others.items():
        ids["opinion"] = other_opinions if party == "unit" else [supervision["mine"][0].pk, *other_opinions]
        ids["rectification"] = other_rects if party == "unit" else [supervision["mine"][1].pk, *other_rects]
        ids.setdefault("reception", [own_reception.pk, other_reception.pk])
    # Notifications: one of each party's own, and one of another deputy's that names a suggestion not theirs.
    mine_n = {party: _notification(world, username, f"给{party}的提醒") for party, username in PARTIES.items()}
    theirs_n = _notification(world, "party-deputy-b", f"提醒：{s['b_own'].title}")
    for party in PARTIES:
        own[party]["notification"] = [mine_n[party].pk]
        others[party]["notification"] = [theirs_n.pk, mine_n["unit" if party == "deputy" else "deputy"].pk]
    # Calendar links: each party's own, and others' (another deputy's, the other party's, the office's).
    feeds = {username: _calendar_feed(baiyun, username) for username in (*PARTIES.values(), "party-deputy-b", "office")}
    for party, username in PARTIES.items():
        own[party]["calendar"] = [feeds[username].pk]
        own[party]["calendar secret"] = [feeds[username].secret]
        other_party = PARTIES["unit" if party == "deputy" else "deputy"]
        others[party]["calendar"] = [feeds["party-deputy-b"].pk, feeds[other_party].pk, feeds["office"].pk]
    # Matters residents left (码上见代表): one at the party deputy's own station, with a photo; one at another
    # station, addressed to another deputy. Every matter is the unit's others'.
    mine_m, theirs_m = _matters(world)
    own["deputy"]["matter"] = [mine_m.pk]
    others["deputy"]["matter"] = [theirs_m.pk]
    others["unit"]["matter"] = [mine_m.pk, theirs_m.pk]
    # Declared activities (代表履职登记): the deputy's own (with its proof file) and another deputy's.
    mine_d, theirs_d = _declarations(world)
    own["deputy"]["declare"] = [mine_d.pk]
    others["deputy"]["declare"] = [theirs_d.pk]
    others["unit"]["declare"] = [mine_d.pk, theirs_d.pk]
    public_ids = list(Suggestion.objects.filter(body=baiyun, is_public=True).values_list("pk", flat=True)[:2])
    unpublished = [s["own"].pk, s["b_own"].pk, *Suggestion.objects.filter(body=baiyun, is_public=False).exclude(
        status="draft").values_list("pk", flat=True)[:1]]
    return Walk(world, own, others, public_ids, unpublished)


def _matters(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deputies.models import Station
    from deputies.public_matters import service

    station = Station.objects.create(body=world.body, kind="point", number="GLCS1", name="隔离测试联络点")
    world.deputies["a"].station = station  # and with a page of their own (its QR is a portal page)
    world.deputies["a"].public_page, world.deputies["a"].public_slug = True, "gltestslug00"
    world.deputies["a"].save(update_fields=["station", "public_page", "public_slug"])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    mine = service.submit(station, text="甲代表联络点的群众反映事项", name="居民甲", phone="13911112222",
                          photos=[SimpleUploadedFile("p.png", png)]).matter
    other_station = Station.objects.filter(body=world.body).exclude(pk=station.pk).order_by("pk").first()
    world.deputies["d"].public_page, world.deputies["d"].public_slug = True, "gltestslug01"
    world.deputies["d"].station = other_station
    world.deputies["d"].save(update_fields=["public_page", "public_slug", "station"])
    theirs = service.submit(other_station, deputy=world.deputies["d"], text="丁代表收到的群众反映事项内容").matter
    return mine, theirs


def _declarations(world):
    from datetime import date

    from deputies.models import DeclaredActivity, Deputy

    made = []
    for user, title in (("party-deputy", "本人的主题活动"), ("party-deputy-b", "隔离测试：乙代表的述职活动")):
        deputy = Deputy.objects.get(user__username=user)
        made.append(DeclaredActivity.objects.create(
            body=world.body, deputy=deputy, kind="theme", held_on=date(2023, 5, 1), title=title, text="情况",
            proof=ContentFile(b"%PDF-1.4\n%%EOF\n", name="proof.pdf")))
    return made


def _calendar_feed(body, username):
    from core.models import CalendarFeed

    user = get_user_model().objects.get(username=username)
    return CalendarFeed.objects.get_or_create(body=body, user=user, kind="personal")[0]


# --- parameters: ids of what is not the party's -----------------------------------------------------------

# A pk names a suggestion unless the route's name names something else.
NOUNS = ("opinion", "rectification", "reception", "notification", "calendar", "matter", "declare")


def _noun(name: str) -> str:
    return next((noun for noun in NOUNS if noun in name), "suggestion")


def _uid_of(username):
    return urlsafe_base64_encode(force_bytes(get_user_model().objects.get(username=username).pk))


def _pk(walk, party, name, kind, own):
    if kind.startswith("public"):
        return walk.public_ids if own else walk.unpublished
    if kind.startswith("staff"):
        return walk.others[party]["suggestion"][:1]  # any id: the path is refused before any lookup
    return (walk.own if own else walk.others)[party].get(_noun(name), [])


def _first(model_path):
    def build(walk, party, name, kind, own):
        module, model = model_path.rsplit(".", 1)
        cls = getattr(__import__(module, fromlist=[model]), model)
        return [cls.objects.order_by("pk").values_list("pk", flat=True).first() or 1]
    return build


# parameter name → builder(walk, party, route name, kind, own) → the values to try, in turn
PARAMETERS = {
    "pk": _pk,
    "body_id": lambda walk, party, name, kind, own: [walk.world.body.pk],
    # another party's one-time link, with a token that is not theirs
    "uidb64": lambda walk, party, name, kind, own: [_uid_of("party-deputy-b")],
    "token": lambda walk, party, name, kind, own: ["set-password-x1y2z3"],
    # staff routes' parameters: any row will do, the path is refused before any view runs
    "plan_pk": _first("plans.models.AnnualPlan"),
    "plan_item_pk": _first("plans.models.PlanItem"),
    "agenda_item_pk": _first("meetings.models.AgendaItem"),
    "reporting_body_pk": _first("core.models.ReportingBody"),
    "job_id": _first("core.models.system.BackgroundJob"),
    # a reply of a suggestion (its letter's route): any reply; the suggestion's pk decides what is found
    "reply_id": _first("deputies.models.Reply"),
    "year": lambda walk, party, name, kind, own: [2023],
    # a calendar feed's secret: the party's own, or one that names no link (others' secrets are their credential)
    "secret": lambda walk, party, name, kind, own: walk.own[party]["calendar secret"] if own
    else ["no-such-calendar-link"],
    "key": lambda walk, party, name, kind, own: ["reports"],  # a count of the year-end summary
    # 码上见代表: a station's public page by its number, an opted-in deputy's by their random slug, a matter's photo
    "number": lambda walk, party, name, kind, own: [_station_number(walk.world.body)],
    "slug": lambda walk, party, name, kind, own: [_public_slug(walk.world.body)],
    "n": lambda walk, party, name, kind, own: [1],
}


def _station_number(body):
    from deputies.models import Station

    return Station.objects.filter(body=body).order_by("pk").values_list("number", flat=True).first()


def _public_slug(body):
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(body=body, public_page=True, station__isnull=False, status="serving").exclude(
        public_slug="").order_by("pk").first()
    if deputy is None:
        deputy = Deputy.objects.filter(body=body, station__isnull=False, status="serving").order_by("pk").first()
        deputy.public_page, deputy.public_slug = True, f"matrixslug{body.pk:02d}"
        deputy.save(update_fields=["public_page", "public_slug"])
    return deputy.public_slug


def kwargs_sets(walk, party, name, params, kind, own=False) -> list[dict]:
    """The kwargs to request the route with: the i-th value of each parameter (the last one repeated)."""
    values = {}
    for param in params:
        if param not in PARAMETERS:
            raise AssertionError(f"route {name}: no builder for parameter “{param}”; add one to PARAMETERS")
        values[param] = PARAMETERS[param](walk, party, name, kind, own)
        if not values[param]:
            return []
    longest = max((len(v) for v in values.values()), default=1)
    return [{p: v[min(i, len(v) - 1)] for p, v in values.items()} for i in range(longest)]


# --- markers: texts of what is not the party's ---------------------------------------------------------------


def markers(walk, party) -> dict[str, list[str]]:
    """Texts the party must never be shown, by what they are (some pages may show one kind by design)."""
    from core.models import ReportingBody, UnitContact
    from deputies.models import (
        Assignment,
        Contact,
        DeclaredActivity,
        Deputy,
        PublicMatter,
        ReassignRequest,
        Reception,
        Signature,
        Suggestion,
    )
    from meetings.models import AgendaItem
    from plans.models import PlanItem
    from supervision.models import Rectification, ReviewOpinion

    world = walk.world
    own = walk.own[party]
    own_s = own["suggestion"]
    on_mine = set(Signature.objects.filter(suggestion__in=own_s).values_list("deputy_id", flat=True))
    on_mine |= set(Reception.objects.filter(pk__in=own.get("reception", [])).values_list("deputies", flat=True))
    units_mine = set(Assignment.objects.filter(suggestion__in=own_s, active=True).values_list("unit_id", flat=True))
    own_texts = list(Suggestion.objects.filter(pk__in=own_s).values_list("title", flat=True))
    own_texts += list(Deputy.objects.filter(pk__in=on_mine).values_list("name", flat=True))
    own_texts += list(ReportingBody.objects.filter(pk__in=units_mine).values_list("name", flat=True))
    own_texts += [world.body.name, "隔离测试人大会议"]
    own_opinions = ReviewOpinion.objects.filter(pk__in=own.get("opinion", []))
    own_texts += [o.agenda_item.title for o in own_opinions.select_related("agenda_item")]
    own_texts += [p.title for o in own_opinions for p in o.agenda_item.plan_items.all()]
    me = get_user_model().objects.get(username=PARTIES[party])
    if party == "unit":
        # By design (deputies/portal_unit/suggestion_views.py): the lead unit is shown the proposer's phone
        # to call them, and the unit's own reassignment requests stay in its history with the office's
        # answer (the suggestion's title, the unit that took it over) after it was relieved.
        mine = world.units["mine"]
        led = Assignment.objects.filter(unit=mine, active=True, role="lead").values("suggestion_id")
        own_texts += list(Signature.objects.filter(suggestion__in=led, role="proposer")
                          .values_list("deputy__phone", flat=True))
        asked = ReassignRequest.objects.filter(assignment__unit=mine).select_related("assignment__suggestion",
                                                                                     "new_unit")
        own_texts += [r.assignment.suggestion.title for r in asked] + [r.new_unit.name for r in asked if r.new_unit]

    found = {
        "suggestions": [t for t in Suggestion.objects.exclude(pk__in=own_s).values_list("title", flat=True)],
        "deputies": list(Deputy.objects.exclude(pk__in=on_mine).values_list("name", flat=True)),
        "units": list(ReportingBody.objects.filter(body=world.body).exclude(pk__in=units_mine)
                      .values_list("name", flat=True)),
        "plan items": [t[:20] for t in PlanItem.objects.filter(body=world.body).values_list("title", flat=True)],
        "agenda items": [t[:20] for t in AgendaItem.objects.filter(meeting__body=world.body)
                         .values_list("title", flat=True)],
        "opinions": [t[:20] for t in ReviewOpinion.objects.exclude(pk__in=own.get("opinion", []))
                     .values_list("text", flat=True)],
        "rectifications": [t[:20] for t in Rectification.objects.exclude(pk__in=own.get("rectification", []))
                           .values_list("what", flat=True)],
        "receptions": [t[:15] for t in Reception.objects.exclude(pk__in=own.get("reception", []))
                       .values_list("issues", flat=True)],
        "contact notes": [n for n in Contact.objects.exclude(suggestion__in=own_s).values_list("note", flat=True)],
        "phones and addresses": [
            *Deputy.objects.exclude(user=me).values_list("phone", flat=True),
            *Deputy.objects.exclude(user=me).values_list("address", flat=True),
            *UnitContact.objects.exclude(user=me).values_list("phone", flat=True),
        ],
        "internal notes": [world.secrets["supervision"]],
        # Matters residents left elsewhere, and those residents' names and phones (the deputy reads their own
        # station's matters with the resident's contact, to call them back).
        "matters": [t[:12] for t in PublicMatter.objects.exclude(pk__in=own.get("matter", []))
                    .values_list("text", flat=True)],
        "residents": [x for pair in PublicMatter.objects.exclude(pk__in=own.get("matter", []))
                      .values_list("name", "phone") for x in pair if x],
        "declarations": [t for t in DeclaredActivity.objects.exclude(pk__in=own.get("declare", []))
                         .values_list("title", flat=True)],
    }
    if party == "deputy":
        found["internal notes"] += [world.secrets["reassign_reason"], "乙局协办意见正文"]
    else:
        found["internal notes"] += ["乙局电话沟通要点"]  # a co-unit's view of the lead's contact
        # The unit's own opinion's agenda item names the plan item: theirs to read.
    short = {"deputies": 2, "units": 4}
    own_blob = "\n".join(own_texts)
    return {
        what: sorted({m for m in texts if m and len(m) >= short.get(what, 6) and m not in own_blob})
        for what, texts in found.items()
    }


def leaks(text: str, marks: dict, *, skip=()) -> dict:
    return {what: hits[:3] for what, texts in marks.items() if what not in skip
            for hits in [[m for m in texts if m in text]] if hits}


def public_markers(walk) -> dict[str, list[str]]:
    from deputies.models import Contact, Deputy, PublicMatter, Suggestion

    return {
        "unpublished suggestions": sorted({t for t in Suggestion.objects.filter(is_public=False)
                                           .values_list("title", flat=True) if len(t) >= 6}),
        "phones and addresses": sorted({x for pair in Deputy.objects.values_list("phone", "address")
                                        for x in pair if x}),
        "contact notes": sorted({n for n in Contact.objects.values_list("note", flat=True) if len(n) >= 6}),
        "internal notes": [walk.world.secrets["supervision"]],
        "residents": sorted({x for pair in PublicMatter.objects.values_list("name", "phone") for x in pair if x}),
        "matters not made public": sorted({t[:12] for t in PublicMatter.objects.filter(is_public=False)
                                           .values_list("text", flat=True)}),
    }


def snapshot(walk, party) -> dict:
    """Everything of others a POST could change."""
    from deputies.models import (
        Assignment,
        Contact,
        DeclaredActivity,
        Feedback,
        ReassignRequest,
        Reception,
        Reply,
        Signature,
        Suggestion,
        SuggestionEvent,
    )
    from supervision.models import Rectification, RectificationNote, ReviewOpinion

    own_s = walk.own[party]["suggestion"]
    return {
        "suggestions": dict(Suggestion.objects.exclude(pk__in=own_s).values_list("pk", "version")),
        "own suggestions": dict(Suggestion.objects.filter(pk__in=own_s).values_list("pk", "version")),
        "rows": [m.objects.count() for m in (SuggestionEvent, Signature, Assignment, Contact, Reply, Feedback,
                                            ReassignRequest, Reception, RectificationNote, DeclaredActivity)],
        "declarations": list(DeclaredActivity.objects.order_by("pk").values_list("pk", "status", "version")),
        "opinions": list(ReviewOpinion.objects.order_by("pk").values_list("pk", "response_on", "assessment")),
        "rectifications": list(Rectification.objects.order_by("pk").values_list("pk", "status", "due_on")),
    }


# --- the walk ----------------------------------------------------------------------------------------------


def _redirects_to_party_pages(response) -> bool:
    target = urlparse(response.get("Location", "")).path
    return target == "/" or target.startswith((settings.LOGIN_URL, "/portal/", "/notifications/"))


def test_every_route_has_a_kind_and_its_parameters_a_builder(walk):
    found = routes()
    assert len(found) > 150, "the URL configuration was not found"
    for name, (params, path) in found.items():
        # A portal page is named portal-… and lives under /portal/; a public one likewise.
        for prefix, place in (("portal-", "/portal/"), ("public-", "/public/")):
            assert name.startswith(prefix) == path.startswith(place), (name, path)
        for party in PARTIES:
            kind = route_kind(name, path, party, params)
            assert kind in EXPECTED, (name, kind)
            if params and not kind.startswith("staff"):
                assert kwargs_sets(walk, party, name, params, kind), f"{name}: no ids of others to try as the {party}"


def _expect(problems, name, method, url, response, allowed):
    if response.status_code not in allowed:
        problems.append(f"{method} {url} ({name}): {response.status_code}, expected one of {sorted(allowed)}")
        return False
    if response.status_code == 302 and not _redirects_to_party_pages(response):
        problems.append(f"{method} {url} ({name}): redirects to {response['Location']}")
        return False
    return True


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("party", ["deputy", "unit"])
def test_a_party_walks_every_route_and_finds_nothing_of_others(walk, party):
    client = Client()
    client.force_login(get_user_model().objects.get(username=PARTIES[party]))
    marks, public = markers(walk, party), public_markers(walk)
    assert all(marks[k] for k in ("suggestions", "deputies", "units", "plan items", "phones and addresses")), marks
    # The markers hold what is plainly not theirs, and nothing that is.
    assert {"隔离测试：北郊菜市场改造", "隔离测试：南湖公园步道修缮"} <= set(marks["suggestions"])
    assert "隔离代表丁" in marks["deputies"] and "13900001104" in marks["phones and addresses"]
    assert ("隔离测试丙局" in marks["units"]) == (party == "deputy")  # the unit's own request named 丙局
    assert len(marks["units"]) > 5
    assert not {walk.world.s["own"].title, "隔离代表甲", "隔离测试甲局"} & {m for ms in marks.values() for m in ms}
    before = snapshot(walk, party)
    own_titles = [walk.world.s[k].title for k in ("own", "cosigned")]
    problems, seen_own, walked = [], set(), 0

    def check_body(name, url, response, kind):
        if response.status_code != 200:
            return
        text = _body(response)
        if kind.startswith("public"):
            found = leaks(text, public)
        else:
            found = leaks(text, marks, skip={"deputies"} if name in ROSTER_PICKERS else ())
        if found:
            problems.append(f"GET {url} ({name}) shows {found}")
        seen_own.update(t for t in own_titles if t in text)

    for name, (params, path) in sorted(routes().items()):
        kind = route_kind(name, path, party, params)
        get_ok, post_ok = EXPECTED[kind]
        for kwargs in kwargs_sets(walk, party, name, params, kind) if params else [{}]:
            url = reverse(name, kwargs=kwargs or None)
            # Lists are searched too: a search over more than the party's own rows would show here.
            for query in ("", *(SEARCHES if kind.endswith("list") else ())):
                response = client.get(url + query)
                walked += 1
                # A query the list does not take may be refused (400), a page past the end not found.
                if _expect(problems, name, "GET", url + query, response, get_ok | ({400, 404} if query else set())):
                    check_body(name, url + query, response, kind)
            if kind == "party api list" and name == "api:suggestion-list":
                ids = _api_ids(client, url)
                if ids != set(walk.own[party]["suggestion"]):
                    problems.append(f"GET {url}: ids {sorted(ids)}, theirs {walk.own[party]['suggestion']}")
            response = client.post(url, {})
            if _expect(problems, name, "POST", url, response, post_ok):
                check_body(name, url, response, kind)
        # Their own objects' pages: shown, and with nothing of others either.
        own_kind = OWN_KIND.get(kind)
        if own_kind:
            for kwargs in kwargs_sets(walk, party, name, params, kind, own=True):
                url = reverse(name, kwargs=kwargs)
                response = client.get(url)
                walked += 1
                if _expect(problems, name, "GET", url, response, EXPECTED[own_kind][0]):
                    check_body(name, url, response, own_kind)
    assert walked > 200
    after = snapshot(walk, party)
    for what in before:
        if before[what] != after[what]:
            problems.append(f"the walk's POSTs changed {what}")
    assert not problems, f"{len(problems)} problems as the {party}:\n" + "\n".join(problems)
    assert seen_own, "no page showed the party's own suggestions: the markers prove nothing"


def _api_ids(client, url) -> set[int]:
    ids, next_url = set(), url + "?page_size=200"
    while next_url:
        data = client.get(next_url).json()
        ids |= {row["id"] for row in data["results"]}
        next_url = data["next"]
    return ids


@pytest.mark.parametrize("party", ["deputy", "unit"])
def test_a_partys_token_opens_the_suggestions_api_only(walk, party):
    """By token, every API route but the suggestions' (and the portal's) is refused: meetings, plans,
    the roster, supervision, exports, the schema and its docs."""
    user = get_user_model().objects.get(username=PARTIES[party])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    assert api.get("/api/v1/meetings/").status_code == 403
    problems, refused = [], 0
    for name, (params, path) in sorted(routes().items()):
        if not (name.startswith("api:") or path.startswith("/api/")):
            continue
        kind = route_kind(name, path, party, params)
        for kwargs in (kwargs_sets(walk, party, name, params, kind)[:1] if params else [{}]):
            url = reverse(name, kwargs=kwargs or None)
            for method in ("get", "post"):
                response = getattr(api, method)(url, {}, format="json") if method == "post" else api.get(url)
                allowed = EXPECTED[kind][0 if method == "get" else 1]
                if response.status_code not in allowed:
                    problems.append(f"{method.upper()} {url} ({name}): {response.status_code}, expected {allowed}")
                refused += response.status_code == 403
    assert refused > 50
    assert _api_ids(api, reverse("api:suggestion-list")) == set(walk.own[party]["suggestion"])
    assert not problems, "\n".join(problems)
    for path in ("/api/schema/", "/api/docs/"):
        assert api.get(path).status_code == 403, path
        session = Client()
        session.force_login(user)
        assert session.get(path).status_code == 403, path
