"""Year figures the system cannot count, recorded by the office (YearFigure).

A year-end summary reports a few numbers no record of the app holds: the normative documents filed for
备案审查 (only the 备案审查 report is a plan item). The summary shows them "未记录" until the office enters the
number with its source (the report it is taken from); then as "（办公室登记）" with that source. Each entry and
change is kept in the history (core.change_log).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django_scopes import ScopedManager

# The summary's figures no record can count (reports.summary_figures.NEVER): key → label, unit.
RECORDED_FIGURES = {
    "filed_documents": ("备案审查的规范性文件", "件"),
}


class YearFigure(models.Model):
    """One figure of one year, as the office entered it, with where it comes from."""

    class Key(models.TextChoices):
        FILED_DOCUMENTS = "filed_documents", RECORDED_FIGURES["filed_documents"][0]

    body = models.ForeignKey("core.Body", verbose_name="人大常委会", on_delete=models.CASCADE,
                             related_name="year_figures")
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField("项目", max_length=40, choices=Key.choices)
    value = models.PositiveIntegerField("数字", validators=[MaxValueValidator(1_000_000)])
    source = models.CharField("来源", max_length=200,
                              help_text="数字摘自哪里，如：区人大常委会 2023 年备案审查工作情况的报告")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("登记时间", auto_now=True)

    objects = ScopedManager(body="body")

    class Meta:
        verbose_name = "年度数字（办公室登记）"
        verbose_name_plural = "年度数字（办公室登记）"
        ordering = ["-year", "key"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "key"], name="year_figure_unique_key",
                                               violation_error_message="本年度已登记该数字，请修改已有的登记。")]

    def __str__(self):
        return f"{self.year} 年{self.get_key_display()}"

    @property
    def unit(self) -> str:
        return RECORDED_FIGURES[self.key][1]
