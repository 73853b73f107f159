"""Routes of the deputies app (suggestions API) that take an id, for tests/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
"""

ROUTES = {}
