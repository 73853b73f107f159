"""The deputy roster: the list (with its workbook), a deputy's page, entry and editing by the office.

Phone numbers and addresses reach the page only for users who may see them
(deputies.permissions.can_see_contacts): other roles' pages never contain them, not even hidden.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.listing import render_filtered_list
from core.rules import rules_for
from deputies.filtersets import DeputyFilterSet
from deputies.models import Deputy, Reception, Signature, Suggestion
from deputies.permissions import can_manage_roster, can_see_contacts, require, roster_refusal, visible_suggestions
from deputies.roster.exports import DeputyExporter
from deputies.roster.forms import DeputyForm, StaleDeputyError
from deputies.roster.tables import DeputyTable
from deputies.stations import receptions as counting
from deputies.suggestions.lifecycle import due_state

CONTACT_FIELDS = ("phone", "address")
CODE_TAKEN = "该代表编号刚刚已被他人使用，请核对后换一个编号。"


def deputy_queryset(year: int, with_contacts: bool):
    """Deputies with their station and their reception count in `year`; without the right to see them,
    the contact fields are not even read from the database."""
    queryset = counting.with_reception_counts(Deputy.objects.select_related("station"), year)
    return queryset if with_contacts else queryset.defer(*CONTACT_FIELDS)


def deputy_list(request):
    year = counting.default_year()
    with_contacts = can_see_contacts(request.user)
    queryset = deputy_queryset(year, with_contacts).order_by("name", "id")
    target = counting.reception_target(request.renda_body)
    return render_filtered_list(
        request, queryset, DeputyFilterSet, "deputies/roster/list.html",
        {"can_manage": can_manage_roster(request.user), "with_contacts": with_contacts},
        exporter_class=DeputyExporter, table=DeputyTable(with_contacts=with_contacts, year=year, target=target),
    )


def _signed_suggestions(user, deputy):
    """The suggestions the deputy signed that the user may see, with the deputy's role on each."""
    role = Signature.objects.filter(suggestion=OuterRef("pk"), deputy=deputy).values("role")[:1]
    suggestions = Suggestion.objects.filter(signatures__deputy=deputy).select_related("session", "lead_unit")
    return (
        visible_suggestions(user, suggestions).annotate(signed_as=Subquery(role))
        .order_by("-year", "session_id", "number", "id").distinct()
    )


def deputy_detail(request, pk):
    year = counting.default_year()
    with_contacts = can_see_contacts(request.user)
    queryset = deputy_queryset(year, with_contacts).select_related("term")
    deputy = get_object_or_404(queryset, pk=pk)
    target = counting.reception_target(request.renda_body)
    receptions = list(
        Reception.objects.filter(deputies=deputy, held_on__year=year).select_related("station").order_by("-held_on")
    )
    roles = dict(Signature.Role.choices)
    suggestions = list(_signed_suggestions(request.user, deputy))
    soon_days = rules_for(request.renda_body).suggestion_soon_due_days
    today = timezone.localdate()
    for s in suggestions:
        s.signed_as_label = roles.get(s.signed_as, "")
        s.due_class, s.due_label = due_state(s, today, soon_days)
    return render(request, "deputies/roster/detail.html", {
        "deputy": deputy, "with_contacts": with_contacts, "can_manage": can_manage_roster(request.user),
        "year": year, "progress": counting.progress(getattr(deputy, counting.COUNT), target),
        "receptions": receptions, "suggestions": suggestions,
        "earlier_receptions": Reception.objects.filter(deputies=deputy, held_on__year__lt=year).count(),
    })


def save_deputy(form, body, expected_version) -> Deputy:
    """Create or update from a valid DeputyForm; an edit carrying an older version is refused, nothing saved."""
    with transaction.atomic():
        deputy = form.instance
        if deputy.pk is None:
            deputy.body = body
            deputy.version = 1
        else:
            current = Deputy.objects.select_for_update().get(pk=deputy.pk)
            if expected_version is None or int(expected_version) != current.version:
                raise StaleDeputyError(current)
            deputy.version = current.version + 1
        return form.save()


def deputy_edit(request, pk=None):
    require(roster_refusal(request.user))
    deputy = get_object_or_404(Deputy, pk=pk) if pk else Deputy(body=request.renda_body)
    form = DeputyForm(request.POST or None, instance=deputy, body=request.renda_body)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_deputy(form, request.renda_body, form.cleaned_data.get("version"))
        except StaleDeputyError as error:
            stale = error
        except IntegrityError:  # the same code saved by someone else a moment ago
            form.add_error("code", CODE_TAKEN)
        else:
            messages.success(request, f"代表“{saved.name}”已保存。" if pk else f"已添加代表“{saved.name}”。")
            return redirect("deputy-detail", pk=saved.pk)
    return render(request, "deputies/roster/form.html", {"form": form, "deputy": deputy if pk else None,
                                                         "stale": stale})
