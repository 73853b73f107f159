"""Committee members keep their items up to date: status, progress and notes (documents: plans/views/documents.py)."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from plans.forms import StatusForm
from plans.models import PlanItem
from plans.permissions import require_item_update
from plans.workflow import WorkflowError, record_edit

# The pages whose rows carry the status form (templates/plans/_status_form.html): a refused update is
# shown again there, in its row, with what was typed.
PAGES_WITH_THE_FORM = ("my-items", "item-detail")
REFUSED_KEY = "plans.refused_status"
TYPED_FIELDS = {"status": 40, "progress": 20, "postponed_to_month": 20, "note": 2000}  # name: longest kept
INCOMPLETE = "提交的内容不完整，请刷新页面后重试。"


def _short(item) -> str:
    return Truncator(item.title).chars(24)


def _target(request, item) -> str:
    """The page the form was on (`next`, when it is of this site), else the item's own page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = ""
    return target or item.get_absolute_url()


def _back(request, item):
    """Return to the page the form was on, at the item's row, so the user keeps their place."""
    return redirect(f"{_target(request, item)}#item-{item.pk}")


@dataclass
class RefusedUpdate:
    """An update of one item that was refused, as typed, for its row to show it again with the problems."""

    item: int
    title: str = ""
    status: str = ""
    progress: str = ""
    month: int | None = None
    note: str = ""
    problems: list[str] = field(default_factory=list)  # "label：message", or a message of the whole form
    invalid: dict[str, bool] = field(default_factory=dict)  # field name: True, for aria-invalid

    @classmethod
    def from_stash(cls, stash: dict) -> "RefusedUpdate":
        typed = stash.get("typed", {})
        month = str(typed.get("postponed_to_month", ""))
        fields = [name for name in stash.get("fields", []) if name in TYPED_FIELDS]
        return cls(
            item=stash["item"], title=stash.get("title", ""), status=typed.get("status", ""),
            progress=typed.get("progress", ""), month=int(month) if month.isdigit() else None,
            note=typed.get("note", ""),
            problems=list(stash.get("problems", [])), invalid=dict.fromkeys(fields, True),
        )


def _problems(form) -> tuple[list[str], list[str]]:
    """The form's problems, each with its field's label as the user saw it, and the fields they are on."""
    problems, fields = [], []
    for name, errors in form.errors.items():
        if name in TYPED_FIELDS:
            problems.append(f"{form.fields[name].label}：{'，'.join(errors)}")
            fields.append(name)
        elif name == "version":  # missing or malformed: not a form this site sent
            problems.append(INCOMPLETE)
        else:  # the whole form's: a step the workflow refuses, or someone else saved the item meanwhile
            problems.extend(errors)
    return problems or [INCOMPLETE], fields


def _say_at_the_top(request, title: str, problems: list[str], note: str) -> None:
    """Where the row cannot show it: the message on top, with the note given back to copy."""
    typed = f"您填写的说明：“{note.strip()}”，请复制后重新提交。" if note.strip() else ""
    messages.error(request, f"“{title}”未保存：{'；'.join(problems)}{typed}")


def _shown_on(target: str, item) -> str | None:
    """The path of the page the form was on when that page shows the item's status form, else None."""
    path = urlsplit(target).path
    prefix = get_script_prefix()
    if not path.startswith(prefix):
        return None
    try:
        match = resolve("/" + path[len(prefix):])
    except Resolver404:
        return None
    if match.url_name not in PAGES_WITH_THE_FORM:
        return None
    if match.url_name == "item-detail" and match.kwargs.get("pk") != item.pk:
        return None
    return path


def _refused(request, item, form):
    """Back to the page the form was on, at the item's row, where the row shows the problems with what was
    typed (kept for that page's next view: a redirect, so reloading it resends nothing)."""
    problems, fields = _problems(form)
    page = _shown_on(_target(request, item), item)
    if page is None:  # a page without the form
        _say_at_the_top(request, _short(item), problems, request.POST.get("note", ""))
        return _back(request, item)
    request.session[REFUSED_KEY] = {
        "item": item.pk, "title": _short(item), "page": page, "problems": problems, "fields": fields,
        "typed": {name: request.POST.get(name, "")[:longest] for name, longest in TYPED_FIELDS.items()},
    }
    return _back(request, item)


def take_refused(request, item_pk: int | None = None) -> RefusedUpdate | None:
    """The update the status view refused just now, for this page to show in the item's row; once."""
    stash = request.session.pop(REFUSED_KEY, None)
    if not stash or stash.get("page") != request.path:
        return None
    if item_pk is not None and stash.get("item") != item_pk:
        return None
    return RefusedUpdate.from_stash(stash)


def not_in_view(request, refused: RefusedUpdate) -> None:
    """The refused item is not among the rows shown (it moved meanwhile): say it at the top instead."""
    _say_at_the_top(request, refused.title, refused.problems, refused.note)


@require_POST
def item_status(request, pk):
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        from plans.workflow import change_status

        try:
            change_status(
                item, data["status"], request.user, data["note"], postponed_to_month=data["postponed_to_month"],
                progress=data["progress"], expected_version=data["version"],
            )
        except WorkflowError as error:
            form.add_error(error.field if error.field in TYPED_FIELDS else None, str(error))
        else:
            messages.success(request, f"“{_short(item)}”已更新。")
            return _back(request, item)
    return _refused(request, item, form)


@require_POST
def item_note(request, pk):
    """A progress note without a status change."""
    item = get_object_or_404(PlanItem.objects.prefetch_related("responsibilities__committee"), pk=pk)
    require_item_update(request.user, item)
    note = request.POST.get("note", "").strip()
    if note:
        record_edit(item, request.user, {"进展": ["", note[:200]]}, note)
        messages.success(request, "进展已记录。")
    else:
        messages.error(request, "请填写进展说明。")
    return _back(request, item)
