"""The office's form for a year figure the system cannot count (reports.models.YearFigure)."""

from django import forms

from core.forms.versioned import VersionGuardMixin
from reports.models import YearFigure

LABELS = {"value": "数字", "source": "来源"}


class YearFigureForm(VersionGuardMixin, forms.ModelForm):
    class Meta:
        model = YearFigure
        fields = ["value", "source"]
        error_messages = {
            "value": {"required": "请填写数字。", "invalid": "数字应为不小于 0 的整数。",
                      "min_value": "数字应为不小于 0 的整数。", "max_value": "数字过大，请核对。"},
            "source": {"required": "请填写数字的来源，如摘自哪份报告。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update(min=0, inputmode="numeric")


def figure_values(figure: YearFigure) -> dict:
    return {"value": figure.value, "source": figure.source}
