"""Repeated suggestions (issue 22 §1): threads of suggestions raised again over the years (连续多年提出), their
special follow-up by a committee (专项跟踪督办) with progress notes, and the term index that finds similar
suggestions (deputies/similar/).

A suggestion belongs to at most one thread (ThreadMember.suggestion is one-to-one). The thread's note and its
progress notes are internal: the portals show the thread's suggestions and that it is under supervision, never
the notes. Changes are recorded in the admin log (core/change_log.py) and shown on the thread's page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager


class SuggestionThread(models.Model):
    """A matter raised again and again: the suggestions of several years about it, side by side."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="suggestion_threads")
    title = models.CharField("线索名称", max_length=200)
    note = models.TextField("内部备注", max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    is_example = models.BooleanField("示例数据", default=False)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "连续建议线索"
        verbose_name_plural = "连续建议线索"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class ThreadMember(models.Model):
    """One suggestion of a thread (a suggestion is in at most one thread)."""

    thread = models.ForeignKey(SuggestionThread, verbose_name="线索", on_delete=models.CASCADE,
                               related_name="members")
    suggestion = models.OneToOneField("deputies.Suggestion", verbose_name="建议", on_delete=models.CASCADE,
                                      related_name="thread_member")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="加入人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField("加入时间", default=timezone.now)

    objects = ScopedManager(body="thread__body")

    class Meta:
        verbose_name = "线索中的建议"
        verbose_name_plural = "线索中的建议"
        ordering = ["thread", "id"]

    def __str__(self):
        return f"{self.thread_id}:{self.suggestion_id}"


class ThreadSupervision(models.Model):
    """专项跟踪督办: a committee of the same body follows the thread up."""

    thread = models.OneToOneField(SuggestionThread, verbose_name="线索", on_delete=models.CASCADE,
                                  related_name="supervision")
    committee = models.ForeignKey("core.Committee", verbose_name="督办委员会", on_delete=models.RESTRICT,
                                  related_name="supervised_threads")
    leader = models.CharField("督办领导", max_length=60, blank=True)
    since = models.DateField("确定日期")
    requirement = models.TextField("督办要求", max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(body="thread__body")

    class Meta:
        verbose_name = "专项跟踪督办"
        verbose_name_plural = "专项跟踪督办"

    def __str__(self):
        return f"{self.thread} 专项跟踪督办"


class ThreadProgressNote(models.Model):
    """A progress note of the thread's follow-up (internal: staff pages only)."""

    thread = models.ForeignKey(SuggestionThread, verbose_name="线索", on_delete=models.CASCADE,
                               related_name="progress_notes")
    on = models.DateField("日期")
    text = models.TextField("督办进展", max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = ScopedManager(body="thread__body")

    class Meta:
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"
        ordering = ["thread", "on", "id"]

    def __str__(self):
        return f"{self.on} {self.text[:20]}"


# --- the similarity index (deputies/similar/index.py keeps it) ------------------------------------------


class IndexedSuggestion(models.Model):
    """A suggestion whose terms are in SuggestionTerm (also when it has none), with the length it had."""

    suggestion = models.OneToOneField("deputies.Suggestion", verbose_name="建议", on_delete=models.CASCADE,
                                      primary_key=True, related_name="similarity_index")
    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "相似建议索引"
        verbose_name_plural = "相似建议索引"
        indexes = [models.Index(fields=["body"])]


class SuggestionTerm(models.Model):
    """One term (a character bigram) of a suggestion with its TF-IDF weight in the unit-length vector."""

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE, related_name="+")
    suggestion = models.ForeignKey("deputies.Suggestion", verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="similarity_terms")
    term = models.CharField("词项", max_length=8)
    weight = models.FloatField("权重")

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "相似建议词项"
        verbose_name_plural = "相似建议词项"
        indexes = [models.Index(fields=["body", "term"]), models.Index(fields=["suggestion"])]


def _reindex(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Keep the similarity index in step with a suggestion's title and content (not on fixture loads)."""
    if raw or (update_fields is not None and not {"title", "content"} & set(update_fields)):
        return
    text = (instance.title, instance.content)
    if not created and getattr(instance, "_indexed_text", None) == text:
        return  # a status, a date, a unit changed: the indexed text is the same
    from deputies.similar.index import index_suggestion

    index_suggestion(instance)
    instance._indexed_text = text


models.signals.post_save.connect(_reindex, sender="deputies.Suggestion", dispatch_uid="deputies-similar-reindex")
