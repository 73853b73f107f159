"""The suggestion list as a workbook: exactly the rows the list's filters select (`?export=xlsx`), in the
columns of deputies.suggestions.tables.SuggestionTable (as the user chose them on the page).

Rows are read in chunks with their signatures and co-assignments prefetched per chunk, so the number
of queries does not grow with the rows; text a spreadsheet would run as a formula is kept as text.
"""

from core.tables import TableExporter
from deputies.suggestions.tables import SuggestionTable


class SuggestionExporter(TableExporter):
    table_class = SuggestionTable
    identifier = "suggestions-xlsx"
    verbose_name = "代表建议（Excel）"
    # Longer lists than core.listing.ASYNC_EXPORT_ROWS are made by this task, the page polls the job.
    async_task = "deputies.tasks.export_suggestion_list"
