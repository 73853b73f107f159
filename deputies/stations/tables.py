"""The tables of the liaison stations and the receptions held at them (core.tables)."""

from django.urls import reverse

from core.tables import Column, Table, escape, link_to


def _parent(station) -> str:
    return f"{station.parent.number} {station.parent.name}" if station.parent_id else ""


class StationTable(Table):
    choice_key = "stations"
    sheet_title = "代表联络站"
    file_slug = "stations"
    html_id = "station-table"
    row_id = "station-{pk}"
    empty_text = "没有符合条件的联络站。"

    number = Column("编号", css="nowrap", header_css="", width=10)
    name = Column("名称", hideable=False, width=24)
    kind = Column("类别", "get_kind_display", css="nowrap", header_css="", width=10)
    town = Column("所在镇街", empty="—", width=14)
    parent = Column("所属中心站", _parent, select=("parent",), empty="—", width=24)
    address = Column("地址", empty="—", width=30)
    deputy_count = Column("在任代表", css="num", header_css="", width=8)

    def html_name(self, station):
        shown = f'<a href="{escape(link_to("station-detail")(station))}">{escape(station.name)}</a>'
        return shown + ' <span class="badge example">示例数据</span>' if station.is_example else shown

    def html_deputy_count(self, station):
        # The count opens the roster with exactly the deputies it counts.
        return f'<a href="{reverse("deputy-list")}?station={station.pk}&amp;status=serving">{station.deputy_count}</a>'


def _station(reception) -> str:
    return f"{reception.station.number} {reception.station.name}"


class ReceptionTable(Table):
    """进站接待; the column that links to the edit form is there only for those who may edit (`can_manage`)."""

    choice_key = "receptions"
    sheet_title = "进站接待"
    file_slug = "receptions"
    html_id = "reception-table"
    row_id = "reception-{pk}"
    empty_text = "没有符合条件的进站接待记录。"

    held_on = Column("日期", hideable=False, width=11)
    station = Column("联络站", _station, link=link_to("station-detail", "station_id"), select=("station",), width=24)
    deputies = Column("进站代表", lambda r: [d.name for d in r.deputies.all()], width=30)
    voters = Column("接待选民", css="num", header_css="", width=8)
    issues = Column("反映的问题", lambda r: "\n".join(r.issue_lines()), css="issues-cell", header_css="", empty="—",
                    lines=True, width=40)
    note = Column("备注", empty="—", width=30)
    edit = Column("", html=lambda r: f'<a href="{escape(link_to("reception-edit")(r))}">修改</a>', css="nowrap",
                  header_css="", export=False, hideable=False)

    def __init__(self, *, can_manage: bool = False, **kwargs):
        exclude = set(kwargs.pop("exclude", ()))
        if not can_manage:
            exclude.add("edit")
        super().__init__(exclude=exclude, **kwargs)

    def html_held_on(self, reception):
        shown = escape(reception.held_on.isoformat())
        return shown + ' <span class="badge example">示例数据</span>' if reception.is_example else shown

    def html_deputies(self, reception):
        return "、".join(
            f'<a href="{escape(link_to("deputy-detail")(d))}">{escape(d.name)}</a>' for d in reception.deputies.all()
        )
