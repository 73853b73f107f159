"""URL converters: a year in an address is one the app can hold, or the address does not exist (404).

Imported by the URL modules that take a year; registering here, once, keeps the name `year` for all of them.
"""

from django.urls import register_converter

from core.years import FIRST_YEAR, LAST_YEAR


class YearConverter:
    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"year {year} outside {FIRST_YEAR}-{LAST_YEAR}")  # no match: 404
        return year

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(YearConverter, "year")
