"""A list's table, declared once.

A `Table` subclass names its columns. From that one declaration come the list page's <table> (drawn by
templates/_table.html), its sort links (the FilterSet's `ordering`), the user's choice of columns
(`?columns=`, remembered in the session) and the list's spreadsheet (`TableExporter`): NetBox's tables
and its `TableExport`, in a small class of our own. Cells are written in Python, as core.widgets writes
the filter boxes: a template per cell would cost the item list, the busiest page, more than it shows.

Adding a field to a list is one `Column` in its table: the page, the chooser and the file follow.
"""

import html
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, normalize_newlines
from django_filters import OrderingFilter
from openpyxl import Workbook

from core.exporters import XlsxExporter, safe_filename
from core.spreadsheet import ListSheet, to_bytes

COLUMNS_PARAM = "columns"
ORDERING_PARAM = "ordering"
# Rows read and prepared together in an export: the table's bulk look-ups (Table.prepare) and the
# queryset's prefetches run once a chunk, so the queries of a file do not grow with its rows.
EXPORT_CHUNK = 1000

Progress = Callable[[int, int], None] | None


class Column:
    """One column of a list, for the page and the file alike.

    header         the page's <th>: text, or a function of the table (a header that carries, say, a year)
    value          the column's value for a row object: a function of the object, or a dotted path of
                   attributes (each called when callable: "station.name", "get_status_display"); by
                   default the attribute of the column's name. A table method `value_<name>(obj)` wins.
    html           the page's cell as HTML, a function of the object; by default the value as text, escaped
                   (`empty` when there is none, cut to `truncate` characters, `lines` kept as <br>, a link
                   to `link(obj)`). A table method `html_<name>(obj)` wins.
    export_value   the file's cell, a function of the object; by default the value (dates stay dates).
                   A table method `export_<name>(obj)` wins.
    export_header  the file's header when it says more than the page's (by default `header`)
    sort           the FilterSet's `ordering` value this column sorts by: its header becomes a sort link
    select/prefetch what reading the value needs from the database, applied to the queryset only while
                   the column is shown (prefetch: lookups, or functions returning a Prefetch, built per
                   request because a queryset made at import time carries no body scope)
    page, export   shown on the page / written to the file when the user has not chosen
                   (export=False: never in the file, such as a link to an edit form)
    hideable       whether the user may leave it out (the column that opens the row may not)
    css            the <td>'s class; header_css the <th>'s (by default the same); header_title its tooltip
    width, number_format   the file's column width and cell format ("0%")
    data_label     the label a narrow screen shows before the cell, on tables with data_labels
    """

    def __init__(
        self, header, value=None, *, html=None, link=None, export_value=None, export_header=None, sort=None,
        select=(), prefetch=(), page=True, export=True, hideable=True, css="", header_css=None, header_title=None,
        empty="", truncate=None, lines=False, width=12, number_format=None, data_label=None,
    ):
        self.header, self.value, self.html, self.link = header, value, html, link
        self.export_value, self.export_header, self.sort = export_value, export_header, sort
        self.select, self.prefetch = tuple(select), tuple(prefetch)
        self.page, self.export, self.hideable = page, export, hideable
        self.css, self.header_css, self.header_title = css, css if header_css is None else header_css, header_title
        self.empty, self.truncate, self.lines = empty, truncate, lines
        self.width, self.number_format, self.data_label = width, number_format, data_label
        self.name = ""

    def __set_name__(self, owner, name):
        self.name = name

    def __repr__(self):
        return f"<Column {self.name}>"


def escape(value) -> str:
    """HTML-escaped text (as Django's `escape`, without its lazy-string wrapper); safe HTML as it is."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def text(value) -> str:
    """A value as the page writes it: lists joined with 、, dates as 2023-05-01, nothing as ""."""
    if value is None or value is False:
        return ""
    if value is True:
        return "是"
    if isinstance(value, datetime):
        return local(value, "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def cell_value(value):
    """A value as a spreadsheet cell takes it: numbers and dates as themselves, the rest as text."""
    if isinstance(value, bool):
        return "是" if value else ""
    if value is None or isinstance(value, (str, int, float, Decimal)):
        return value
    if isinstance(value, datetime):
        # Excel has no time zones: the local time, as the page shows it.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return text(value)


def local(value, fmt: str = "%Y-%m-%d") -> str:
    """A date or time in the body's time zone (as the template filter `date` shows it), or ""."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(fmt)


def chinese_date(value) -> str:
    """2023年5月1日 (no leading zeros), as the pages write a day."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def badge(css: str, label) -> str:
    """The pages' status pill."""
    return f'<span class="badge {escape(css)}">{escape(label)}</span>'


def link_to(url_name: str, key: str = "pk"):
    """A column's `link`: the page of the row's object (`key` its attribute that the URL takes)."""
    get = _path_getter(key)
    return lambda obj: reverse(url_name, args=[get(obj)])


def _path_getter(path: str):
    steps = path.split(".")

    def get(obj):
        for step in steps:
            if obj is None:
                return None
            obj = getattr(obj, step)
            if callable(obj):
                obj = obj()
        return obj

    return get


def _lookup_name(lookup) -> str:
    return lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup


class Row:
    """One row object as the page shows it: `{{ row }}` is its <tr>. `row["name"]` is a column's value
    (and `row["pk"]` the object's key), read only when asked."""

    __slots__ = ("table", "object", "_values")

    def __init__(self, table, obj):
        self.table, self.object, self._values = table, obj, {}

    def __getitem__(self, name):
        if name == "pk":
            return self.object.pk
        column = self.table.columns[name]  # KeyError for anything else: a template then tries an attribute
        if name not in self._values:
            self._values[name] = self.table.value_of(column, self.object)
        return self._values[name]

    def __contains__(self, name):
        return name == "pk" or name in self.table.columns

    @property
    def pk(self):
        return self.object.pk

    def __html__(self) -> str:
        return self.table.row_html(self)

    __str__ = __html__


class Header:
    """A <th> of the page: its text, class, tooltip and, for a sortable column, where a click leads."""

    __slots__ = ("text", "css", "title", "sort_url", "sorted")

    def __init__(self, text, css="", title=None, sort_url="", sorted=""):
        self.text, self.css, self.title, self.sort_url, self.sorted = text, css, title, sort_url, sorted

    @property
    def attrs(self) -> SafeString:
        parts = [format_html(' class="{}"', self.css)] if self.css else []
        if self.title:
            parts.append(format_html(' title="{}"', self.title))
        if self.sorted:
            parts.append(format_html(' aria-sort="{}"', self.sorted))
        return mark_safe("".join(parts))


class Table:
    """A list's columns and how its rows look. Subclasses declare `Column`s as class attributes, in the
    order they appear, and may set:

    choice_key  the key of the user's column choice (in the session) and of the chooser's id
    sheet_title the file's sheet (and, with the day, its name); file_slug the file's ASCII name
    css_class, html_id   the <table>'s class and id; row_id its rows' ids ("rect-{pk}")
    empty_text  the line of an empty list
    data_labels each cell carries its column's name for narrow screens (the CSS shows it)
    freeze      the file's frozen panes (the header row, and the first columns when they name the row)

    (named so that no column is likely to want the name: a column may well be called `title`), override
    `row_class(obj)` for a row's class, and `prepare(objects)` to read, once for a page or a chunk of the
    file, what the columns show (a bulk look-up instead of a query a row).
    """

    choice_key = ""
    sheet_title = ""
    file_slug = "list"
    css_class = "table"
    html_id = ""
    row_id = ""
    empty_text = "没有符合条件的记录。"
    data_labels = False
    freeze = "A2"
    columns: dict[str, Column] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        columns = {}
        for klass in reversed(cls.__mro__):
            columns.update((name, value) for name, value in vars(klass).items() if isinstance(value, Column))
        cls.columns = columns

    def __init__(self, *, exclude: Iterable[str] = (), prepare: Callable | None = None, chosen=None):
        """`exclude`: columns this user may not see at all (not shown, not offered, not exported);
        `prepare`: a function run on each page's or chunk's objects before the cells are read;
        `chosen`: the user's choice of columns, when known without a request (a background export)."""
        excluded = set(exclude)
        self.available = [c for c in self.columns.values() if c.name not in excluded]
        self._prepare = prepare
        self.chosen: list[str] | None = None
        self._page_columns: list[Column] | None = None
        self.choose(chosen)
        self.headers: list[Header] = []
        self.filterset = None  # the list's FilterSet, once bound: the file's title names its filters
        self.kept_query: list[tuple[str, str]] = []
        self.reset_query = ""
        self._html = {c.name: self._method("html", c) or c.html for c in self.available}
        self._value = {c.name: self._method("value", c) or self._getter(c) for c in self.available}
        self._export = {c.name: self._method("export", c) or c.export_value for c in self.available}
        self._td = {c.name: self._td_open(c) for c in self.available}

    # --- declaring ------------------------------------------------------------------------------

    def _method(self, kind, column):
        return getattr(self, f"{kind}_{column.name}", None)

    @staticmethod
    def _getter(column):
        if callable(column.value):
            return column.value
        return _path_getter(column.value or column.name)

    def _td_open(self, column) -> str:
        attrs = f' class="{escape(column.css)}"' if column.css else ""
        if self.data_labels:
            attrs += f' data-label="{escape(column.data_label or self.header_text(column))}"'
        return f"<td{attrs}>"

    def row_class(self, obj) -> str:
        return ""

    def prepare(self, objects: list) -> None:
        """Read what the columns show for these objects at once; the default runs the view's `prepare`."""
        if self._prepare is not None:
            self._prepare(objects)

    # --- which columns --------------------------------------------------------------------------

    def choose(self, names) -> None:
        """Show these columns (with those that cannot be hidden); nothing, or none known: the defaults."""
        self._page_columns = None  # worked out again for the new choice
        if names is None:
            self.chosen = None
            return
        offered = {c.name for c in self.available if c.hideable}
        wanted = [n for value in names for n in str(value).split(",") if n in offered]
        self.chosen = wanted or None

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """What the chooser offers: each column the user may hide (name, header), and whether it is shown now."""
        shown = {c.name for c in self.page_columns}
        return [(c.name, self.header_text(c), c.name in shown) for c in self.available if c.hideable]

    @property
    def page_columns(self) -> list[Column]:
        if self._page_columns is None:  # read for every row: worked out once
            if self.chosen is None:
                self._page_columns = [c for c in self.available if c.page]
            else:
                self._page_columns = [c for c in self.available if c.name in self.chosen or not c.hideable]
        return self._page_columns

    @property
    def export_columns(self) -> list[Column]:
        if self.chosen is None:
            return [c for c in self.available if c.export]
        return [c for c in self.available if c.export and (c.name in self.chosen or not c.hideable)]

    def header_text(self, column, for_export=False) -> str:
        header = column.export_header if for_export and column.export_header is not None else column.header
        return header(self) if callable(header) else header

    # --- the request ----------------------------------------------------------------------------

    @property
    def session_key(self) -> str:
        return f"table-columns:{self.choice_key}"

    def bind(self, request, filterset=None) -> "Table":
        """Take the user's choice of columns (from ?columns=, else as remembered) and make the headers,
        with sort links when the list's FilterSet orders by the column."""
        query = request.GET
        self.filterset = filterset
        session = getattr(request, "session", None)
        if COLUMNS_PARAM in query:
            self.choose(query.getlist(COLUMNS_PARAM))
            if session is not None and self.choice_key:
                if self.chosen is None:
                    session.pop(self.session_key, None)  # chose nothing: back to the defaults
                elif session.get(self.session_key) != self.chosen:
                    session[self.session_key] = self.chosen
        elif session is not None and self.choice_key and self.session_key in session:
            self.choose(session[self.session_key])
        rest = query.copy()
        for name in (COLUMNS_PARAM, "page", "export"):
            rest.pop(name, None)
        self.kept_query = [(name, value) for name, values in rest.lists() for value in values]
        self.reset_query = _with(rest, COLUMNS_PARAM, "")
        orderings = self._orderings(filterset)
        current = query.get(ORDERING_PARAM, "")
        rest.pop(ORDERING_PARAM, None)
        self.headers = []
        for column in self.page_columns:
            sort_url = sorted_as = ""
            if column.sort and column.sort in orderings:
                # A click sorts by the column; on a column sorted so already, the other way round.
                if current == column.sort:
                    sorted_as, next_ordering = "ascending", f"-{column.sort}"
                else:
                    sorted_as = "descending" if current == f"-{column.sort}" else ""
                    next_ordering = column.sort
                sort_url = "?" + _with(rest, ORDERING_PARAM, next_ordering)
            title = column.header_title(self) if callable(column.header_title) else column.header_title
            self.headers.append(Header(self.header_text(column), column.header_css, title, sort_url, sorted_as))
        return self

    @staticmethod
    def _orderings(filterset) -> set[str]:
        """The values the FilterSet's `ordering` filter takes (with a leading - for descending)."""
        ordering = filterset.filters.get(ORDERING_PARAM) if filterset is not None else None
        return set(getattr(ordering, "param_map", None) or ())

    # --- the page -------------------------------------------------------------------------------

    def select(self, queryset, columns: list[Column] | None = None):
        """The queryset with what the shown columns read (select_related, prefetch_related), each once."""
        columns = self.page_columns if columns is None else columns
        selects = [s for c in columns for s in c.select]
        if selects:
            queryset = queryset.select_related(*selects)
        # The view's queryset may prefetch a relation already; Django refuses the same one twice.
        seen = {_lookup_name(lookup) for lookup in queryset._prefetch_related_lookups}
        prefetches = []
        for column in columns:
            for lookup in column.prefetch:
                lookup = lookup() if callable(lookup) else lookup
                if _lookup_name(lookup) not in seen:
                    seen.add(_lookup_name(lookup))
                    prefetches.append(lookup)
        return queryset.prefetch_related(*prefetches) if prefetches else queryset

    def rows(self, objects) -> list[Row]:
        objects = list(objects)
        self.prepare(objects)
        return [Row(self, obj) for obj in objects]

    def value_of(self, column, obj):
        return self._value[column.name](obj)

    def row_html(self, row: Row) -> str:
        # Plain strings and html.escape, not format_html: Django's lazy-aware escaping, cell by cell, was
        # most of the item list's time.
        obj = row.object
        attrs = f' id="{escape(self.row_id.format(pk=obj.pk))}"' if self.row_id else ""
        css = self.row_class(obj)
        if css:
            attrs += f' class="{escape(css)}"'
        cells = "".join(self.cell(column, row) for column in self.page_columns)
        return mark_safe(f"<tr{attrs}>{cells}</tr>")

    def cell(self, column, row: Row) -> str:
        render = self._html[column.name]
        if render is not None:
            content = render(row.object)
        else:
            shown = text(row[column.name])
            if column.truncate and shown:
                shown = Truncator(shown).chars(column.truncate)
            if not shown:
                content = escape(column.empty)
            elif column.lines:  # as the template filter linebreaksbr
                content = escape(normalize_newlines(shown)).replace("\n", "<br>")
            else:
                content = escape(shown)
            if column.link is not None and shown:
                content = f'<a href="{escape(column.link(row.object))}">{content}</a>'
        return f"{self._td[column.name]}{content}</td>"

    # --- the file -------------------------------------------------------------------------------

    def export_row(self, obj, columns: list[Column]) -> list:
        values = []
        for column in columns:
            export = self._export[column.name]
            values.append(cell_value(export(obj) if export is not None else self.value_of(column, obj)))
        return values

    def export_rows(self, queryset, progress: Progress = None, total: int | None = None) -> Iterator[list]:
        """The file's rows, read and prepared a chunk at a time."""
        columns = self.export_columns
        objects = self.select(queryset, columns).iterator(chunk_size=EXPORT_CHUNK)
        done = 0
        while chunk := list(islice(objects, EXPORT_CHUNK)):
            self.prepare(chunk)
            for obj in chunk:
                yield self.export_row(obj, columns)
                done += 1
                if progress and done % 500 == 0:
                    progress(done, total or 0)


def _with(query, name, value) -> str:
    query = query.copy()
    query[name] = value
    return query.urlencode()


# --- the file's title ---------------------------------------------------------------------------


def chosen_filters(filterset) -> list[tuple[str, str, str]]:
    """The filters a list was narrowed by, as its filter form names them: (name, label, what was chosen),
    in the form's order. Empty filters, the sort order and a filter form that does not validate give nothing."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return []
    form = filterset.form
    chosen = []
    for name, field in form.fields.items():
        if isinstance(filterset.filters.get(name), OrderingFilter):
            continue  # how the rows are sorted, not which rows
        value = form.cleaned_data.get(name)
        shown = _related_text(filterset, name, value) or _chosen_text(field, value)
        if shown:
            label = str(field.label or filterset.filters[name].label or name).strip().rstrip("：:")
            chosen.append((name, label, shown))
    return chosen


def _related_text(filterset, name, value) -> str:
    """A number box that takes a related row's key (?deputy=71, ?agenda_item=12, as a detail page links to a
    list): the row's name rather than its key. Nothing when the filter is not over a relation."""
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
        return ""
    model = filterset._meta.model
    try:
        for part in filterset.filters[name].field_name.split("__"):
            field = model._meta.get_field(part)
            if not field.is_relation:
                return ""
            model = field.related_model
    except FieldDoesNotExist:
        return ""
    found = model._default_manager.filter(pk=int(value)).first() if value == int(value) else None
    return str(found) if found is not None else ""


def _chosen_text(field, value) -> str:
    """A filter's cleaned value as its box showed it: a choice's label, an object's name, 是/否, a range."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Model):
        return str(field.label_from_instance(value)) if hasattr(field, "label_from_instance") else str(value)
    if isinstance(value, slice):  # a from–to filter
        start, stop = _chosen_text(field, value.start), _chosen_text(field, value.stop)
        if start and stop:
            return f"{start} 至 {stop}"
        return f"{start} 起" if start else (f"至 {stop}" if stop else "")
    if isinstance(value, (list, tuple, set, QuerySet)):
        return "、".join(t for t in (_chosen_text(field, v) for v in value) if t)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, (date, datetime)):
        return text(value)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):  # an optgroup
                labels.update((str(k), l) for k, l in label)
            else:
                labels[str(key)] = label
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value).strip()


def list_title(name: str, filters: list[tuple[str, str, str]]) -> str:
    """The file's first line: the list's name after the year it was filtered to, its other filters in brackets:
    "2023 年 计划事项（负责委员会：财经工委；状态：已逾期）". A filter whose choice repeats its label says it once."""
    year = next((shown for key, _, shown in filters if key == "year"), "")
    others = [label if shown == label else f"{label}：{shown}" for key, label, shown in filters if key != "year"]
    title = f"{year} 年 {name}" if year else name
    return f"{title}（{'；'.join(others)}）" if others else title


class TableExporter(XlsxExporter):
    """A list's spreadsheet: the table's columns (as the user chose them), one row a row object, printed as
    core.spreadsheet.ListSheet lays a list out: a title naming the list's filters, 序号, the header on every
    page, A4 one page wide, page numbers. Subclasses name their `table_class`, `identifier` and, for long
    lists, the `async_task` that makes the file.

    The filters come from `filterset` (a background job passes the one it filtered with), else from the
    FilterSet the table was bound to on the list page."""

    table_class: type[Table] = Table
    identifier = "table-xlsx"

    def __init__(self, queryset, title: str | None = None, table: Table | None = None, filterset=None):
        self.queryset = queryset
        self.table = table if table is not None else self.table_class()
        self.title = title or self.table.sheet_title
        self.filterset = filterset if filterset is not None else self.table.filterset

    def filename(self) -> str:
        return safe_filename(f"{self.title}{timezone.localdate():%Y%m%d}.xlsx")

    def ascii_filename(self) -> str:
        return f"{self.table.file_slug}-{timezone.localdate():%Y%m%d}.xlsx"

    def choose_columns(self, names) -> None:
        """The columns the user had chosen when a background job was asked for."""
        self.table.choose(names)

    def heading(self) -> str:
        """The title row: the list and the filters it was exported with."""
        return list_title(self.title, chosen_filters(self.filterset))

    def render(self, progress: Progress = None, total: int | None = None) -> bytes:
        table = self.table
        columns = table.export_columns
        heading = self.heading()
        wb = Workbook(write_only=True)
        sheet = ListSheet(
            wb, sheet_name=table.sheet_title or self.title, title=heading,
            headers=[table.header_text(c, for_export=True) for c in columns], widths=[c.width for c in columns],
            number_formats=[c.number_format for c in columns], freeze=table.freeze,
        )
        for values in table.export_rows(self.queryset, progress, total):
            sheet.append(values)
        sheet.finish()
        if progress:
            progress(sheet.rows, total or sheet.rows)
        wb.properties.title = heading
        wb.properties.creator = "renda"
        return to_bytes(wb)


# --- core's own lists ----------------------------------------------------------------------------


def _recipient_name(notification) -> str:
    return notification.recipient.get_full_name() or notification.recipient.username


def _email_html(n) -> str:
    html_ = badge(f"email-{n.email_state}", n.get_email_state_display())
    if n.email_attempts:
        sent = f" · {local(n.email_sent_at, '%m-%d %H:%M')}" if n.email_sent_at else ""
        html_ += f"<br><small>已尝试 {n.email_attempts} 次{sent}</small>"
    if n.email_error:
        html_ += f'<br><small class="bad">{escape(Truncator(n.email_error).chars(120))}</small>'
    return html_


class NotificationLogTable(Table):
    """提醒发送记录, the administrator's log of what was sent to whom and what failed."""

    choice_key = "reminder-log"
    sheet_title = "提醒发送记录"
    file_slug = "reminder-log"
    css_class = "table reminder-log"
    row_id = "log-{pk}"
    empty_text = "没有符合条件的提醒。"
    data_labels = True

    created_at = Column(
        "生成时间", width=16,
        html=lambda n: f"{local(n.created_at, '%Y-%m-%d %H:%M')}<br><small>按 {local(n.day)}</small>",
    )
    day = Column("提醒日期", page=False, width=11)
    recipient = Column(
        "接收人", _recipient_name, select=("recipient",), width=12,
        html=lambda n: f"{escape(_recipient_name(n))}<br><small>{escape(n.recipient.username)}</small>",
    )
    username = Column("用户名", "recipient.username", select=("recipient",), page=False, width=14)
    kind = Column("类别", "get_kind_display", width=14)
    title = Column("提醒", hideable=False, width=50)
    reason = Column("原因", "get_reason_display", width=12)
    read_at = Column("已读", html=lambda n: escape(local(n.read_at, "%Y-%m-%d %H:%M") or "未读"),
                     export_value=lambda n: n.read_at or "未读", width=16)
    email = Column("邮件", "get_email_state_display", html=_email_html, width=10)
    email_attempts = Column("发送次数", page=False, width=8)
    email_sent_at = Column("邮件发送时间", page=False, width=16)
    email_error = Column("发送错误", page=False, width=40)
