"""Excel imports of deputy work, on core.imports.engine (read → check every row → preview → commit).

    roster       the deputy roster (代表名册): BackgroundJob kind "deputy_import"
    suggestions  a session's suggestions (代表建议): kind "suggestion_import"
    templates    the blank workbooks offered for download

Large files are committed by deputies.tasks.commit_import, which finds the importer by the job's kind.
"""


def importer_for(kind: str):
    from deputies.imports.roster import RosterImport
    from deputies.imports.suggestions import SuggestionImport

    importers = {RosterImport.kind: RosterImport, SuggestionImport.kind: SuggestionImport}
    if kind not in importers:
        raise KeyError(kind)
    return importers[kind]()
