"""Excel imports of deputy work, declared to the one import engine (core.imports.engine: read → check every row
→ preview → commit, all or nothing).

    roster       the deputy roster (代表名册): ROSTER_IMPORT, BackgroundJob kind "deputy_import"
    suggestions  a session's suggestions (代表建议): SUGGESTION_IMPORT, kind "suggestion_import"
    templates    the blank workbooks offered for download
    views        their pages

Large files of both are committed by deputies.tasks.commit_import, which finds the import by the job's kind.
"""

from deputies.imports.roster import RosterImport
from deputies.imports.suggestions import SuggestionImport

ROSTER_IMPORT = RosterImport()
SUGGESTION_IMPORT = SuggestionImport()
IMPORTS = {i.kind: i for i in (ROSTER_IMPORT, SUGGESTION_IMPORT)}  # by BackgroundJob.kind, for the task
