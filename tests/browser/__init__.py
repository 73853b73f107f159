"""Browser tests (a package, so their module names may repeat those in tests/, e.g. test_plan_import)."""
