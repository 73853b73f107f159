"""Importing an annual plan from a 主要工作安排表 workbook.

    reader   the workbook → rows (merged cells filled, repeated headers and notes skipped)
    preview  rows → how each was understood, the problems by row and column, what will change
    apply    the preview → the plan, all or nothing
    jobs     the upload kept as a BackgroundJob between preview and commit; inline or Celery commit
    template the blank workbook offered for download

The limits, the file error and reading an upload are every import's: core/imports/__init__.py.
"""
