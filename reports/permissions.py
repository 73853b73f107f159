"""Who may read and record the year figures the office enters (reports.models.YearFigure).

Read: whoever may read the year-end summary (reports.views.dashboard.dashboard_scope: directors, the office,
administrators, committee members). Record and change: the office only. The pages and the API ask these.
"""

from core.roles import is_office

OFFICE_ONLY = "年度数字（如备案审查的规范性文件件数）由办公室登记。"


def year_figure_read_refusal(user) -> str | None:
    from django.core.exceptions import PermissionDenied

    from reports.views.dashboard import dashboard_scope

    if not user.is_authenticated:
        return "请先登录。"
    try:
        dashboard_scope(user)
    except PermissionDenied as refused:
        return str(refused)
    return None


def year_figure_refusal(user) -> str | None:
    """Why the user may not record a year figure; None when they may."""
    return year_figure_read_refusal(user) or (None if is_office(user) else OFFICE_ONLY)


def can_record_year_figures(user) -> bool:
    return year_figure_refusal(user) is None
