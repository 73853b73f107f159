"""The suggestion list's table (core.tables): the page and its workbook (deputies.suggestions.exports).

Proposer and co-signers come from the suggestion's signatures, the co-handling units from its active
co-assignments; each column prefetches what it reads, only while it is shown, so the queries of a page
or of a file do not grow with its rows.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import Truncator

from core.rules import rules_for
from core.tables import Column, Table, badge, escape, link_to, local
from deputies.models import Assignment, Signature
from deputies.suggestions.lifecycle import due_state


def signatures_prefetch() -> Prefetch:
    return Prefetch("signatures", queryset=Signature.objects.select_related("deputy").order_by("order", "pk"))


def co_assignments_prefetch() -> Prefetch:
    return Prefetch("assignments", queryset=Assignment.objects.filter(active=True, role=Assignment.Role.CO)
                    .select_related("unit").order_by("pk"), to_attr="co_assignments")


def _signers(suggestion, role) -> list[str]:
    return [x.deputy.name for x in suggestion.signatures.all() if x.role == role]


def _proposer(suggestion) -> str:
    return next(iter(_signers(suggestion, Signature.Role.PROPOSER)), "")


class SuggestionTable(Table):
    """代表建议. With the `body`, the page marks suggestions near or past their reply date (its rules say
    how near); the file says 逾期 for those past it."""

    choice_key = "suggestions"
    sheet_title = "代表建议"
    file_slug = "suggestions"
    css_class = "table suggestions"
    row_id = "suggestion-{pk}"
    empty_text = "没有符合条件的建议。"
    data_labels = True

    number = Column("编号", css="num", empty="—", width=8)
    raised_at = Column("提出时间", "raised_at_label", select=("session",), page=False, width=22)
    kind = Column("类别", "get_kind_display", page=False, width=6)
    title = Column("标题", hideable=False, width=50)
    proposer = Column("领衔代表", _proposer, prefetch=(signatures_prefetch,), width=10)
    cosigners = Column("附议代表", lambda s: _signers(s, Signature.Role.COSIGNER), prefetch=(signatures_prefetch,),
                       page=False, width=24)
    category = Column("分类", page=False, width=12)
    committee = Column("督办委员会", "committee.short_name", select=("committee",), page=False, width=14)
    lead_unit = Column("主办单位", "lead_unit.name", select=("lead_unit",), empty="—", width=20)
    co_units = Column("协办单位", lambda s: [a.unit.name for a in s.co_assignments], prefetch=(co_assignments_prefetch,),
                      page=False, width=28)
    assigned_on = Column("交办日期", page=False, width=12)
    reply_due_on = Column("答复期限", css="due", header_css="", width=12)
    status = Column("状态", "get_status_display", width=12)
    replied_on = Column("答复日期", page=False, width=12)
    reply_class = Column("答复类别", empty="—", width=8)
    feedback = Column("反馈", lambda s: s.get_feedback_display() if s.feedback else "", export_header="代表反馈",
                      data_label="代表反馈", empty="—", width=10)
    is_key = Column("重点督办", page=False, width=8)
    overdue = Column("逾期", lambda s: s.is_overdue(), page=False, width=6)

    def __init__(self, *, body=None, **kwargs):
        self.body, self._soon_days = body, None
        self.today = timezone.localdate()
        super().__init__(**kwargs)

    def due(self, suggestion) -> tuple[str, str]:
        """("overdue" | "soon" | "", words), for the page only; the body's rules are read once."""
        if self.body is None:
            return "", ""
        if self._soon_days is None:
            self._soon_days = rules_for(self.body).suggestion_soon_due_days
        return due_state(suggestion, self.today, self._soon_days)

    def row_class(self, suggestion) -> str:
        return self.due(suggestion)[0]

    def html_number(self, s):
        return escape(s.number) if s.number else "—"

    def html_title(self, s):
        shown = f'<a href="{escape(link_to("suggestion-detail")(s))}">{escape(Truncator(s.title).chars(46))}</a>'
        if s.is_key:
            shown += ' <span class="badge key">重点督办</span>'
        if s.is_example:
            shown += ' <span class="badge example">示例数据</span>'
        about = [s.raised_at_label, s.get_kind_display()]
        if s.category:
            about.append(s.category)
        if s.committee_id:
            about.append(f"{s.committee.short_name}督办")
        return f"{shown}<br><small>{escape(' · '.join(about))}</small>"

    def html_proposer(self, s):
        shown = escape(_proposer(s) or "—")
        cosigners = len(_signers(s, Signature.Role.COSIGNER))
        return f"{shown} <small>+{cosigners} 附议</small>" if cosigners else shown

    def html_reply_due_on(self, s):
        shown = escape(local(s.reply_due_on) or "—")
        css, words = self.due(s)
        return f"{shown}<br>{badge(css, words)}" if css else shown

    def html_status(self, s):
        shown = badge(f"s-{s.status}", s.get_status_display())
        return f"{shown} <small>第{s.round}轮</small>" if s.round > 1 else shown

    def html_feedback(self, s):
        return f'<span class="fb-{escape(s.feedback)}">{escape(s.get_feedback_display())}</span>' if s.feedback else "—"
