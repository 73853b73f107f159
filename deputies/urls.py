"""Deputy work: the roster and stations, suggestions and their handling, imports, exports and figures."""

from deputies import urls_roster, urls_suggestion, urls_transfer

urlpatterns = [*urls_roster.urlpatterns, *urls_suggestion.urlpatterns, *urls_transfer.urlpatterns]
