"""Public disclosure of suggestions and their replies (公开): what the office marks, and what the public sees.

The office marks a suggestion public, and each of its replies separately (some replies stay
internal). Only suggestions the office has accepted (numbered, past 待审查) can be public. Every
change is a step like the others: locked, the version bumped, an EDITED event listing it.

`public_suggestions(body)` is the one definition of what the public pages may show; a suggestion
outside it does not exist for them. What of a public suggestion they show is decided by the
public views (deputies/public/views.py): never contact details, notes, internal steps or staff.

Free text typed by deputies and units (titles, contents, replies) sometimes carries a phone number
("请联系 138…"). The public pages never show one: `mask_phones` hides the middle digits of every
phone-like number where the public views read the text, and the office is told so when it publishes
a suggestion whose text has one (`phone_texts`).
"""

import re

from django.db import transaction
from django.db.models import Q

from deputies.models import Reply, Suggestion
from deputies.models.suggestions import SuggestionStatus as S
from deputies.suggestions.lifecycle import E, LifecycleError, _event, _lock, _save, _today

# Not yet accepted by the office: never public, whatever the flag says.
NOT_PUBLISHABLE = (S.DRAFT, S.CONFIRMING, S.SUBMITTED, S.RETURNED)
NOT_ACCEPTED = "只有经审查立案（已编号）的建议可以公开。"


def publishable_q() -> Q:
    return Q(number__isnull=False) & ~Q(status__in=NOT_PUBLISHABLE)


def can_be_public(s) -> bool:
    return s.number is not None and s.status not in NOT_PUBLISHABLE


# Phone-like numbers in free text: mobiles (1[3-9] and 9 more digits, also written 138-1234-5678 or
# 138 1234 5678, with or without +86), landlines with an area code (020-12345678, (0755)1234567,
# 020 12345678) and bare 7- or 8-digit local numbers. Not part of a longer number (an account or a
# decimal is not a phone, nor is a code like AB12345678), and a bare number followed by a unit
# (12345678元, …人次) is an amount, not a phone.
_AMOUNT_UNITS = "元万亿人户个名平米吨辆册件次份套间座所项条台天年月日号%％"
PHONE_RE = re.compile(
    r"(?<![\dA-Za-z.])(?:"
    r"(?:(?:\+|00)?86[-\s]?)?(?P<mobile>1[3-9]\d[-\s－]?\d{4}[-\s－]?\d{4})"
    r"|[(（]?0\d{2,3}[)）]?[-\s－—]?(?P<landline>\d{7,8})"
    rf"|(?P<local>\d{{7,8}})(?![{_AMOUNT_UNITS}])"
    r")(?!\d)(?!\.\d)"
)
PHONE_WARNING = "公开页面会自动隐去这些号码的中间数字（如 138****5678）；如需删改，请先修改原文。"


def _mask(match) -> str:
    """138****5678; a landline keeps its area code and the last four digits: 020-****5678."""
    kind = match.lastgroup
    start, end = match.span(kind)
    text = match.group(0)
    offset = match.start()
    digits = [i for i in range(start - offset, end - offset) if text[i].isdigit()]
    hidden = digits[3:-4] if kind == "mobile" else digits[:-4]
    chars = list(text)
    for i in hidden:
        chars[i] = "*"
    return "".join(chars)


def mask_phones(text: str) -> str:
    """The text with the middle digits of every phone-like number replaced by *."""
    if not text:
        return text
    return PHONE_RE.sub(_mask, text)


def has_phone(text: str) -> bool:
    return bool(text) and PHONE_RE.search(text) is not None


def phone_texts(s, replies=None) -> list[str]:
    """Which of the suggestion's public texts hold a phone-like number (建议标题, 建议内容, 第N轮答复)."""
    found = [label for label, text in (("建议标题", s.title), ("建议内容", s.content)) if has_phone(text)]
    replies = Reply.objects.filter(suggestion=s, is_public=True).order_by("round") if replies is None else replies
    found += [f"第{r.round}轮答复" for r in replies if has_phone(r.text)]
    return found


def masked(s):
    """A public suggestion (and its public replies as prefetched in `shown_replies`) as the public may
    read it: phone numbers masked. Only the in-memory copy changes; it is never saved."""
    s.title = mask_phones(s.title)
    if "content" in s.__dict__:
        s.content = mask_phones(s.content)
    for r in getattr(s, "shown_replies", ()):
        r.text = mask_phones(r.text)
    return s


def public_suggestions(body):
    """The body's suggestions the public may see (build it inside the body's scope)."""
    return Suggestion.objects.filter(publishable_q(), body=body, is_public=True)


def public_replies():
    return Reply.objects.filter(is_public=True)


def _reply_label(r) -> str:
    return f"第{r.round}轮答复（{r.reply_class}类）"


def set_public(s, *, public: bool, reply_ids_public, by, expected_version=None) -> list[str]:
    """Mark the suggestion public or not, and each of its replies; returns what changed (empty: nothing)."""
    wanted = {int(pk) for pk in reply_ids_public}
    with transaction.atomic():
        s = _lock(s, expected_version)
        if public and not can_be_public(s):
            raise LifecycleError(NOT_ACCEPTED, "is_public")
        replies = list(Reply.objects.select_for_update().filter(suggestion=s).order_by("round"))
        foreign = wanted - {r.pk for r in replies}
        if foreign:
            raise LifecycleError("所选答复不属于该建议。", "replies")
        changes = []
        if bool(public) != s.is_public:
            changes.append("建议设为公开" if public else "建议取消公开")
        to_public = [r for r in replies if r.pk in wanted and not r.is_public]
        to_private = [r for r in replies if r.pk not in wanted and r.is_public]
        changes += [f"{_reply_label(r)}设为公开" for r in to_public]
        changes += [f"{_reply_label(r)}取消公开" for r in to_private]
        if not changes:
            return []
        Reply.objects.filter(pk__in=[r.pk for r in to_public]).update(is_public=True)
        Reply.objects.filter(pk__in=[r.pk for r in to_private]).update(is_public=False)
        s.is_public = bool(public)
        _save(s, ["is_public"])
        _event(s, E.EDITED, by, on=_today(), text="公开设置：" + "；".join(changes))
    return changes


def set_public_many(suggestions, *, public: bool, by) -> list[Suggestion]:
    """The list's bulk action, all or none: 公开 marks each suggestion and all its replies public;
    取消公开 takes the suggestions off the public pages (their replies' marks stay for later)."""
    suggestions = list(suggestions)
    if not suggestions:
        raise LifecycleError("请至少选择一条建议。", "suggestions")
    if public:
        refused = [s for s in suggestions if not can_be_public(s)]
        if refused:
            names = "、".join(s.number_label if s.number else f"《{s.title[:20]}》" for s in refused[:10])
            raise LifecycleError(f"{NOT_ACCEPTED}以下建议尚未立案，均未公开：{names}", "suggestions")
    changed = []
    with transaction.atomic():
        for s in suggestions:
            replies = list(Reply.objects.filter(suggestion=s).values_list("pk", "is_public"))
            ids = [pk for pk, _ in replies] if public else [pk for pk, flag in replies if flag]
            if set_public(s, public=public, reply_ids_public=ids, by=by):
                changed.append(s)
    return changed
