"""Importing an annual plan from a 主要工作安排表 workbook.

    reader   the workbook → rows (merged cells filled, repeated headers and notes skipped)
    preview  rows → how each was understood, the problems by row and column, what will change
    apply    the preview → the plan, all or nothing
    jobs     PLAN_IMPORT: the above declared to the one import engine, which keeps the upload as a
             BackgroundJob between preview and commit and commits inline or in plans.tasks
    template the blank workbook offered for download

The columns themselves (headers, how a cell is read, set on the item and exported) are declared once, in
plans/workbook_layout.py. The job, the limits, the file error and reading an upload are every import's:
core/imports/.
"""
