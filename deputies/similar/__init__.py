"""Similar suggestions (issue 22 §1): the index (index.py), the lookup (lookup.py) and its JSON endpoint
(views.py)."""
