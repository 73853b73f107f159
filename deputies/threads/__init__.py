"""Threads of repeated suggestions (连续多年提出) and their 专项跟踪督办: actions.py changes them (pages and API
alike), views.py and api.py show them, deputies/templatetags/suggestion_threads.py puts them on suggestion pages."""
