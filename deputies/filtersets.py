"""One FilterSet per model of deputy work, shared by the HTML lists, the API viewsets and the exports.

Every filter is declared explicitly: django-filter must not inspect the scoped managers at import.
"""

from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.filtersets import SearchFilterSet
from core.models import Committee, ReportingBody
from core.number_filter import NumberFilter
from core.rules import rules_for
from deputies.models import (
    Assignment,
    CongressSession,
    Contact,
    DeclaredActivity,
    Deputy,
    MeetingAttendance,
    PlanItemSource,
    PublicMatter,
    Reception,
    Signature,
    Station,
    Suggestion,
    SuggestionThread,
    Training,
)
from deputies.models.suggestions import (
    AWAITING_REPLY,
    FeedbackResult,
    LedBy,
    ReplyClass,
    SuggestionKind,
    SuggestionStatus,
)
from deputies.unit_evaluation import scoring
from meetings.models import Meeting

YES_NO = [("true", "是"), ("false", "否")]
LEVELS = [
    ("national", "全国人大代表"),
    ("provincial", "省人大代表"),
    ("city", "市人大代表"),
    ("district", "区（县）人大代表"),
    ("town", "镇人大代表"),
]


def _stations(request):
    from deputies.roster.forms import stations_queryset  # central, area, then point stations

    return stations_queryset()


def _sessions(request):
    return CongressSession.objects.order_by("-start_on")


def _units(request):
    return ReportingBody.objects.order_by("order", "pk")


def _committees(request):
    return Committee.objects.filter(active=True).order_by("order", "pk")


class StationFilterSet(SearchFilterSet):
    search_fields = ("number", "name", "town", "address")
    kind = django_filters.ChoiceFilter(choices=Station.Kind.choices, label="类别")
    town = django_filters.CharFilter(label="镇街")

    class Meta:
        model = Station
        fields = ["kind"]


class DeputyFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "work_unit", "group", "constituency")
    status = django_filters.ChoiceFilter(choices=Deputy.Status.choices, label="状态")
    level = django_filters.ChoiceFilter(choices=LEVELS, method="filter_level", label="代表层级")
    station = django_filters.ModelChoiceFilter(queryset=_stations, label="联络站", empty_label="全部")
    group = django_filters.CharFilter(label="代表小组")
    sector = django_filters.CharFilter(label="界别")
    gender = django_filters.ChoiceFilter(choices=Deputy.Gender.choices, label="性别")

    class Meta:
        model = Deputy
        fields = ["status", "gender"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(**{f"is_{value}": True}) if value else queryset


class ReceptionFilterSet(SearchFilterSet):
    search_fields = ("issues", "note")
    # A date's year: outside 1..9999 (or with decimals) it is no date and would crash the lookup.
    year = NumberFilter(field_name="held_on__year", label="年度", min_value=1, max_value=9999,
                                       decimal_places=0)
    station = django_filters.ModelChoiceFilter(queryset=_stations, label="联络站", empty_label="全部")
    deputy = NumberFilter(field_name="deputies", label="代表", distinct=True)

    class Meta:
        model = Reception
        fields = ["year"]


class AttendanceFilterSet(SearchFilterSet):
    """列席: one row per deputy and meeting; the summary's 列席 figure opens this list with `year`."""

    search_fields = ("deputy__name", "deputy__code", "deputy__group")
    year = NumberFilter(field_name="meeting__year", label="年度", min_value=1, max_value=9999, decimal_places=0)
    meeting = NumberFilter(field_name="meeting", label="会议")
    deputy = NumberFilter(field_name="deputy", label="代表")
    # The summary's 列席 counts only meetings that took place: it opens this list with cancelled=false.
    cancelled = django_filters.ChoiceFilter(choices=YES_NO, method="filter_cancelled", label="会议已取消")

    class Meta:
        model = MeetingAttendance
        fields = []


    def filter_cancelled(self, queryset, name, value):
        cancelled = Q(meeting__status=Meeting.Status.CANCELLED)
        return queryset.filter(cancelled) if value == "true" else queryset.exclude(cancelled)


class TrainingFilterSet(SearchFilterSet):
    """代表培训; the summary's 培训 figures open this list with `year` (the year training began)."""

    search_fields = ("title", "place", "note")
    year = NumberFilter(field_name="held_on__year", label="年度", min_value=1, max_value=9999, decimal_places=0)
    deputy = NumberFilter(field_name="participants", label="参训代表", distinct=True)

    class Meta:
        model = Training
        fields = []


# Not accepted (yet): drafts, awaiting co-signers or review, returned. Counted nowhere as a suggestion raised.
NOT_ACCEPTED = (SuggestionStatus.DRAFT, SuggestionStatus.CONFIRMING, SuggestionStatus.SUBMITTED,
                SuggestionStatus.RETURNED)


def repeated_before():
    """Whether a suggestion of an earlier year of the same body, accepted, bears the very same title: the topics
    page's 往年提过 until the office's threads of repeated suggestions (issue 22 §1) replace it."""
    earlier = Suggestion.objects.with_scopes_disabled().filter(
        body=OuterRef("body"), title=OuterRef("title"), year__lt=OuterRef("year")).exclude(status__in=NOT_ACCEPTED)
    return Exists(earlier)


class SuggestionFilterSet(SearchFilterSet):
    """The suggestion list, its API and its export; the figures page reads `session` and `year`."""

    session = django_filters.ModelChoiceFilter(queryset=_sessions, label="提出时间", empty_label="全部")
    between_sessions = django_filters.ChoiceFilter(choices=YES_NO, method="filter_between", label="闭会期间提出")
    year = NumberFilter(label="年度")
    kind = django_filters.ChoiceFilter(choices=SuggestionKind.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=SuggestionStatus.choices, label="状态")
    reply_class = django_filters.ChoiceFilter(choices=ReplyClass.choices, label="答复类别")
    feedback = django_filters.ChoiceFilter(choices=FeedbackResult.choices, label="代表反馈")
    unit = django_filters.ModelChoiceFilter(queryset=_units, method="filter_unit", label="承办单位",
                                            empty_label="全部")
    lead_unit = django_filters.ModelChoiceFilter(queryset=_units, label="主办单位", empty_label="全部")
    committee = django_filters.ModelChoiceFilter(queryset=_committees, label="督办委员会", empty_label="全部")
    overdue = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue", label="逾期未答复")
    soon_due = django_filters.ChoiceFilter(choices=YES_NO, method="filter_soon_due", label="临期（14 天内到期）")
    is_key = django_filters.ChoiceFilter(choices=YES_NO, method="filter_key", label="重点督办")
    category = django_filters.CharFilter(label="分类")
    deputy = NumberFilter(method="filter_deputy", label="署名代表")
    # The figures' counts (deputies/figures/counts.py) link here with these, so a count and its list agree.
    accepted = django_filters.ChoiceFilter(choices=YES_NO, method="filter_accepted", label="已立案")
    assigned = django_filters.ChoiceFilter(choices=YES_NO, method="filter_assigned", label="已交办")
    replied = django_filters.ChoiceFilter(choices=YES_NO, method="filter_replied", label="已答复")
    on_time = django_filters.ChoiceFilter(choices=YES_NO, method="filter_on_time", label="首次答复按期")
    contacted = django_filters.ChoiceFilter(choices=YES_NO, method="filter_contacted", label="主办单位已沟通")
    in_person = django_filters.ChoiceFilter(choices=YES_NO, method="filter_in_person", label="主办单位当面沟通或共同调研")
    # The topics page (deputies/topics/analysis.py) links here with these: a topic is a category (or none) and a
    # keyword its titles contain, less the keywords of the category's earlier topics.
    uncategorized = django_filters.ChoiceFilter(choices=YES_NO, method="filter_uncategorized", label="未分类")
    title_has = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="标题含")
    title_lacks = django_filters.CharFilter(method="filter_title_lacks", label="标题不含（逗号分隔）")
    repeated = django_filters.ChoiceFilter(choices=YES_NO, method="filter_repeated", label="往年提过同题建议")
    # 建议办理工作评价 (deputies/unit_evaluation/scoring.py): the ranking's numbers link here with lead_unit + this.
    component = django_filters.ChoiceFilter(choices=scoring.FILTER_CHOICES, method="filter_component",
                                            label="办理评价指标")
    led_by = django_filters.ChoiceFilter(choices=LedBy.choices, label="领办")

    class Meta:
        model = Suggestion
        fields = ["kind", "status", "reply_class", "feedback"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # An IN over the matching signatures, not a per-row EXISTS: the page's COUNT is 6× faster.
        signed = Signature.objects.filter(deputy__name__icontains=value).values("suggestion_id")
        match = Q(title__icontains=value) | Q(content__icontains=value) | Q(category__icontains=value)
        match |= Q(pk__in=signed)
        if value.isdigit():
            match |= Q(number=int(value))
        return queryset.filter(match)

    def filter_between(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(session__isnull=(value == "true"))

    def filter_unit(self, queryset, name, unit):
        if unit is None:
            return queryset
        return queryset.filter(Exists(Assignment.objects.filter(suggestion=OuterRef("pk"), unit=unit, active=True)))

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        late = Q(status__in=AWAITING_REPLY, reply_due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "true" else queryset.exclude(late)

    def filter_soon_due(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset

        today = timezone.localdate()
        body = getattr(self.request, "renda_body", None)
        days = rules_for(body).suggestion_soon_due_days if body is not None else 14
        soon = Q(status__in=AWAITING_REPLY, reply_due_on__gte=today, reply_due_on__lte=today + timedelta(days=days))
        return queryset.filter(soon) if value == "true" else queryset.exclude(soon)

    def filter_key(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(is_key=(value == "true"))

    def _yes_no(self, queryset, value, condition):
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)

    def filter_accepted(self, queryset, name, value):
        before = (SuggestionStatus.DRAFT, SuggestionStatus.CONFIRMING, SuggestionStatus.SUBMITTED,
                  SuggestionStatus.RETURNED)
        return self._yes_no(queryset, value, ~Q(status__in=before))

    def filter_assigned(self, queryset, name, value):
        return self._yes_no(queryset, value, Q(assigned_on__isnull=False))

    def filter_replied(self, queryset, name, value):
        return self._yes_no(queryset, value, Q(replied_on__isnull=False))

    def filter_on_time(self, queryset, name, value):
        return self._yes_no(queryset, value, Q(first_reply_on_time=True))

    def _lead_contacts(self, ways=None):
        contacts = Contact.objects.filter(suggestion=OuterRef("pk"), unit=OuterRef("lead_unit"))
        return contacts.filter(way__in=ways) if ways else contacts

    def filter_contacted(self, queryset, name, value):
        return self._yes_no(queryset, value, Q(assigned_on__isnull=False) & Exists(self._lead_contacts()))

    def filter_in_person(self, queryset, name, value):
        return self._yes_no(queryset, value,
                            Q(assigned_on__isnull=False) & Exists(self._lead_contacts(Contact.IN_PERSON)))

    def filter_uncategorized(self, queryset, name, value):
        return self._yes_no(queryset, value, Q(category=""))

    def filter_title_lacks(self, queryset, name, value):
        for word in (w.strip() for w in (value or "").split(",")):
            if word:
                queryset = queryset.exclude(title__icontains=word)
        return queryset

    def filter_repeated(self, queryset, name, value):
        return self._yes_no(queryset, value, repeated_before())
    def filter_component(self, queryset, name, value):
        if not value:
            return queryset
        body = getattr(self.request, "renda_body", None)
        days = rules_for(body).suggestion_sign_days if body is not None else 3
        return scoring.filter_component(queryset, value, days)

    def filter_deputy(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Exists(Signature.objects.filter(suggestion=OuterRef("pk"), deputy_id=value)))


class PlanItemSourceFilterSet(django_filters.FilterSet):
    """The suggestions a plan item was drawn up from (/api/v1/plan-item-sources/?plan_item=<id> | ?suggestion=<id>)."""

    plan_item = NumberFilter(field_name="plan_item", label="计划事项")
    suggestion = NumberFilter(field_name="suggestion", label="代表建议")
    year = NumberFilter(field_name="plan_item__year", label="计划年度", min_value=1, max_value=9999, decimal_places=0)

    class Meta:
        model = PlanItemSource
        fields = []


class SuggestionThreadFilterSet(SearchFilterSet):
    """连续建议线索: the thread list and /api/v1/suggestion-threads/."""

    search_fields = ("title", "members__suggestion__title")
    committee = django_filters.ModelChoiceFilter(queryset=_committees, field_name="supervision__committee",
                                                 label="跟踪督办委员会", empty_label="全部")
    supervised = django_filters.ChoiceFilter(choices=YES_NO, method="filter_supervised", label="专项跟踪督办")
    year = NumberFilter(field_name="members__suggestion__year", label="含某年度建议", distinct=True)
    suggestion = NumberFilter(field_name="members__suggestion", label="含建议（ID）")

    class Meta:
        model = SuggestionThread
        fields = []

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()

    def filter_supervised(self, queryset, name, value):
        return queryset.filter(supervision__isnull=value != "true")


class PublicMatterFilterSet(SearchFilterSet):
    """Matters residents left at the stations' public pages (deputies/public_matters/): the staff's list and
    /api/v1/public-matters/."""

    search_fields = ("text", "place", "answer", "passed_to")
    status = django_filters.ChoiceFilter(choices=PublicMatter.Status.choices, label="状态")
    station = django_filters.ModelChoiceFilter(queryset=_stations, label="联络站", empty_label="全部")
    deputy = django_filters.ModelChoiceFilter(queryset=lambda request: Deputy.objects.only("id", "name"),
                                              label="代表", empty_label="全部")
    is_public = django_filters.BooleanFilter(label="已公开")
    rating = django_filters.ChoiceFilter(choices=PublicMatter.Rating.choices, label="群众评价")
    year = django_filters.NumberFilter(field_name="created_at", lookup_expr="year", label="年度")
    late = django_filters.ChoiceFilter(choices=YES_NO, method="filter_late", label="超期未答复")

    class Meta:
        model = PublicMatter
        fields = ["status", "is_public", "rating"]

    def filter_late(self, queryset, name, value):
        from deputies.public_matters.service import late_q

        if value == "true":
            return queryset.filter(late_q())
        if value == "false":
            return queryset.exclude(late_q())
        return queryset


# --- 代表履职登记与积分 (deputies/duty) -------------------------------------------------------------


class DutyRecordFilterSet(SearchFilterSet):
    """The duty record's deputies (the overview page, its workbook and /api/v1/duty-records/): by 代表小组, by
    station, by name; `below=true` keeps the deputies below the body's minimum (applied to the computed rows)."""

    search_fields = ("name", "code", "group")
    group = django_filters.CharFilter(field_name="group", label="代表小组")
    station = django_filters.ModelChoiceFilter(queryset=_stations, label="联络站", empty_label="全部")
    below = django_filters.ChoiceFilter(choices=YES_NO, method="filter_below", label="低于年度最低活动次数")

    class Meta:
        model = Deputy
        fields = []

    def filter_below(self, queryset, name, value):
        return queryset  # a computed figure: the view and the API narrow the rows after computing them


class DeclaredActivityFilterSet(SearchFilterSet):
    """Deputies' declared activities: by status, kind, deputy, year of the activity."""

    search_fields = ("title", "text", "deputy__name")
    status = django_filters.ChoiceFilter(choices=DeclaredActivity.Status.choices, label="状态", empty_label="全部")
    kind = django_filters.ChoiceFilter(choices=DeclaredActivity.Kind.choices, label="活动类别", empty_label="全部")
    deputy = NumberFilter(field_name="deputy", label="代表")
    year = NumberFilter(field_name="held_on__year", label="年度", min_value=1, max_value=9999, decimal_places=0)

    class Meta:
        model = DeclaredActivity
        fields = []
