"""The deputy roster as a workbook: the rows the list's filters select, one deputy a row.

Phone numbers and addresses are written only when the requesting user may see them
(deputies.permissions.can_see_contacts); the caller passes that in, the exporter never guesses.
"""

from core.tables import TableExporter
from deputies.roster.tables import DeputyTable


class DeputyExporter(TableExporter):
    """代表名册 as the list shows it (deputies.roster.tables.DeputyTable); `with_contacts` adds 联系电话 and
    通讯地址 (the office only), `year` the count of receptions in that year."""

    table_class = DeputyTable
    identifier = "deputy-roster-xlsx"
    verbose_name = "代表名册（Excel）"

    def __init__(self, queryset, with_contacts: bool = False, year: int | None = None, table=None, **kwargs):
        table = table if table is not None else DeputyTable(with_contacts=with_contacts, year=year)
        super().__init__(queryset, table=table, **kwargs)
