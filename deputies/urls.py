"""Deputy work: the roster and stations, suggestions and their handling, imports, exports and figures, the topics
of suggestions for next year's plans, and the office's page of deputies' accounts."""

from deputies.accounts import urls as urls_accounts
from deputies.activities import urls as urls_activities
from deputies.duty import urls as urls_duty
from deputies.public_matters import urls as urls_public_matters
from deputies.roster import urls as urls_roster
from deputies.suggestions import transfer_urls as urls_transfer
from deputies.suggestions import urls as urls_suggestion
from deputies.threads import urls as urls_threads
from deputies.topics import urls as urls_topics
from deputies.unit_evaluation import urls as urls_unit_evaluation

urlpatterns = [
    *urls_roster.urlpatterns, *urls_suggestion.urlpatterns, *urls_transfer.urlpatterns, *urls_accounts.urlpatterns,
    *urls_activities.urlpatterns, *urls_topics.urlpatterns, *urls_unit_evaluation.urlpatterns, *urls_threads.urlpatterns,
    *urls_public_matters.urlpatterns, *urls_duty.urlpatterns,
]
