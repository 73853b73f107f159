"""Every change to a thread, for pages and API alike: checked here, recorded in the history (core/change_log.py).

A refused change raises ThreadError with a Chinese message naming the field, and changes nothing.
"""

from django.db import IntegrityError, transaction

from core import change_log
from deputies.models import SuggestionThread, ThreadMember, ThreadProgressNote, ThreadSupervision


class ThreadError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def _label(s) -> str:
    return f"{s.year}年{s.number_label}《{s.title}》"


def _check_members(body, thread, suggestions):
    for s in suggestions:
        if s.body_id != body.pk:
            raise ThreadError("建议不属于本级人大常委会。", "suggestions")
        if s.status == "draft":
            raise ThreadError(f"{_label(s)}还是代表的草稿，不能加入线索。", "suggestions")
        member = ThreadMember.objects.filter(suggestion=s).select_related("thread").first()
        if member is not None and member.thread_id != (thread.pk if thread else None):
            raise ThreadError(f"{_label(s)}已在线索《{member.thread.title}》中，一条建议只能属于一条线索。",
                              "suggestions")


def create_thread(body, *, title, note="", suggestions, by) -> SuggestionThread:
    title = (title or "").strip()
    if not title:
        raise ThreadError("线索名称：请填写。", "title")
    suggestions = list(suggestions)
    if len(suggestions) < 2:
        raise ThreadError("建议：一条线索至少要有两条建议（连续提出的各年建议）。", "suggestions")
    _check_members(body, None, suggestions)
    try:
        with transaction.atomic():
            thread = SuggestionThread.objects.create(body=body, title=title, note=(note or "").strip(), created_by=by)
            ThreadMember.objects.bulk_create([ThreadMember(thread=thread, suggestion=s, added_by=by)
                                              for s in suggestions])
            change_log.record(by, thread, "add", note="建议：" + "、".join(_label(s) for s in suggestions))
    except IntegrityError:  # another thread took one of them a moment ago
        raise ThreadError("其中有建议刚被加入了其他线索，请刷新后重试。", "suggestions") from None
    return thread


def add_members(thread, suggestions, *, by) -> int:
    new = [s for s in suggestions if not ThreadMember.objects.filter(thread=thread, suggestion=s).exists()]
    if not new:
        raise ThreadError("建议：请选择尚未在本线索中的建议。", "suggestions")
    _check_members(thread.body, thread, new)
    try:
        with transaction.atomic():
            ThreadMember.objects.bulk_create([ThreadMember(thread=thread, suggestion=s, added_by=by) for s in new])
            change_log.record(by, thread, "change", note="加入建议：" + "、".join(_label(s) for s in new))
    except IntegrityError:
        raise ThreadError("其中有建议刚被加入了其他线索，请刷新后重试。", "suggestions") from None
    return len(new)


def remove_member(thread, suggestion, *, by) -> None:
    with transaction.atomic():
        deleted, _ = ThreadMember.objects.filter(thread=thread, suggestion=suggestion).delete()
        if not deleted:
            raise ThreadError("建议：该建议不在本线索中。", "suggestion")
        change_log.record(by, thread, "change", note=f"移出建议：{_label(suggestion)}")


def supervise(thread, *, committee, leader="", since, requirement="", by) -> ThreadSupervision:
    if committee is None or committee.body_id != thread.body_id:
        raise ThreadError("督办委员会：请选择本级人大常委会的委员会。", "committee")
    if since is None:
        raise ThreadError("确定日期：请填写。", "since")
    with transaction.atomic():
        before = ThreadSupervision.objects.filter(thread=thread).select_related("committee").first()
        row, _ = ThreadSupervision.objects.update_or_create(thread=thread, defaults={
            "committee": committee, "leader": (leader or "").strip(), "since": since,
            "requirement": (requirement or "").strip(), "created_by": by})
        old = ({"委员会": before.committee.short_name, "督办领导": before.leader, "确定日期": before.since,
                "督办要求": before.requirement} if before else {})
        new = {"委员会": committee.short_name, "督办领导": row.leader, "确定日期": row.since, "督办要求": row.requirement}
        changes = {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}
        change_log.record(by, thread, "change", changes, note="" if before else "列入专项跟踪督办")
    return row


def add_note(thread, *, on, text, by) -> ThreadProgressNote:
    text = (text or "").strip()
    if not text:
        raise ThreadError("督办进展：请填写。", "text")
    if on is None:
        raise ThreadError("日期：请填写。", "on")
    with transaction.atomic():
        note = ThreadProgressNote.objects.create(thread=thread, on=on, text=text, author=by)
        change_log.record(by, thread, "change", note=f"督办进展（{on:%Y-%m-%d}）：{text[:60]}")
    return note
