"""Where a plan item came from (issue 22 §2): the deputies' suggestions the office drew it up from.

A plan item drafted from a topic of suggestions (deputies/topics/) keeps one row per source suggestion, so the
item's page lists the suggestions that led to it and each suggestion's page follows the item on to its agenda
item, review opinion and evaluation (deputies/templatetags/suggestion_trace.py). plans/ knows nothing of it: the
relation lives here, in the layer above.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager


class PlanItemSource(models.Model):
    plan_item = models.ForeignKey("plans.PlanItem", verbose_name="计划事项", on_delete=models.CASCADE,
                                  related_name="suggestion_sources")
    suggestion = models.ForeignKey("deputies.Suggestion", verbose_name="代表建议", on_delete=models.CASCADE,
                                   related_name="plan_item_sources")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = ScopedManager(body="suggestion__body")

    class Meta:
        verbose_name = "计划事项来源建议"
        verbose_name_plural = "计划事项来源建议"
        ordering = ["plan_item", "suggestion__year", "suggestion__number", "suggestion_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan_item", "suggestion"], name="plan_item_source_unique"),
        ]

    def __str__(self):
        return f"{self.plan_item_id} ← {self.suggestion_id}"
