"""The deputy roster's table (core.tables): the list page and its workbook (deputies.roster.exports).

Phone numbers and addresses are columns only for users who may see them: the view builds the table
with `with_contacts` from deputies.permissions.can_see_contacts, and without it the two columns are
not shown, not offered in the choice of columns and not written to the file.
"""

from core.tables import Column, Table, badge, escape, link_to, local
from deputies.stations.receptions import COUNT

CONTACT_COLUMNS = ("phone", "address")


def _station(deputy) -> str:
    return f"{deputy.station.number} {deputy.station.name}" if deputy.station_id else ""


class DeputyTable(Table):
    choice_key = "deputies"
    sheet_title = "代表名册"
    file_slug = "deputies"
    html_id = "deputy-table"
    row_id = "deputy-{pk}"
    empty_text = "没有符合条件的代表。"
    freeze = "C2"  # the code and the name stay in view

    code = Column("代表编号", page=False, width=12)
    name = Column("姓名", css="name-cell", header_css="", hideable=False, width=10)
    gender = Column("性别", "get_gender_display", css="nowrap", header_css="", width=6)
    levels = Column("层级", "level_labels", export_header="代表层级", css="nowrap", header_css="", width=14)
    group = Column("代表小组", empty="—", width=16)
    constituency = Column("选区", page=False, width=14)
    station_number = Column("联络站编号", "station.number", select=("station",), page=False, width=10)
    # The page: number and name, linked; the file: the name (its number has a column of its own).
    station = Column("联络站", _station, export_value=lambda d: d.station.name if d.station_id else "",
                     link=link_to("station-detail", "station_id"), select=("station",), css="station-cell",
                     header_css="", empty="—", width=22)
    sector = Column("界别", empty="—", width=14)
    work_unit = Column("工作单位及职务", empty="—", width=36)
    phone = Column("联系电话", css="nowrap", header_css="", empty="—", width=16)
    address = Column("通讯地址", empty="—", width=30)
    status = Column("状态", "get_status_display", css="nowrap", header_css="", width=10)
    status_on = Column("状态变更日期", lambda d: d.status_on.isoformat() if d.status_on else "", page=False, width=12)
    elected_on = Column("当选日期", lambda d: d.elected_on.isoformat() if d.elected_on else "", page=False, width=12)
    is_example = Column("示例数据", page=False, width=8)
    receptions = Column(
        lambda table: f"{table.year} 年进站（目标 {table.target}）", COUNT, css="num", header_css="",
        header_title=lambda table: f"{table.year} 年进站接待次数 / 目标 {table.target} 次",
        export_header=lambda table: f"{table.year}年进站次数", width=10,
    )

    def __init__(self, *, with_contacts: bool = False, year: int | None = None, target: int | None = None, **kwargs):
        """`year`: the year whose reception count the list shows (no count column without one);
        `target`: the body's reception target, the page's measure of that count."""
        self.with_contacts, self.year, self.target = with_contacts, year, target
        exclude = set(kwargs.pop("exclude", ()))
        if not with_contacts:
            exclude.update(CONTACT_COLUMNS)
        if year is None:
            exclude.add("receptions")
        super().__init__(exclude=exclude, **kwargs)

    def row_class(self, deputy) -> str:
        return "" if deputy.status == "serving" else "struck-row"

    def html_name(self, deputy):
        shown = f'<a href="{escape(link_to("deputy-detail")(deputy))}">{escape(deputy.name)}</a>'
        return shown + ' <span class="badge example">示例数据</span>' if deputy.is_example else shown

    def html_status(self, deputy):
        label = deputy.get_status_display()
        if deputy.status == "serving":
            return escape(label)
        shown = badge("cancelled", label)
        return shown + f"<br><small>{local(deputy.status_on)}</small>" if deputy.status_on else shown

    def html_receptions(self, deputy):
        count = getattr(deputy, COUNT)
        if deputy.status != "serving":
            return escape(count)
        return badge("done" if count >= self.target else "overdue", f"{count} / {self.target}")
