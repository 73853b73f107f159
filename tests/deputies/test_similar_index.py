"""The similarity index follows a suggestion's text: a corrected title is found by its new words, and the steps of
handling that save the suggestion without touching its text leave the index alone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from deputies.models import Suggestion, SuggestionTerm
from deputies.similar.lookup import similar_suggestions


def test_a_corrected_title_is_found_by_its_new_words_and_a_status_save_does_not_reindex(baiyun):
    suggestion = Suggestion.objects.filter(body=baiyun, year=2023).exclude(status="draft").order_by("pk").first()
    similar_suggestions(baiyun, "x")  # the demo's bulk-written rows indexed once
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    suggestion.title = "关于在钟落潭镇建设萤火虫生态观测步道的建议"
    suggestion.save()
    found = similar_suggestions(baiyun, "萤火虫生态观测步道", accepted_only=False)
    assert found and found[0].pk == suggestion.pk

    again = Suggestion.objects.get(pk=suggestion.pk)
    terms = list(SuggestionTerm.objects.filter(suggestion=again).values_list("pk", flat=True))
    again.first_reply_on_time = not again.first_reply_on_time
    with CaptureQueriesContext(connection) as queries:
        again.save()
    assert not any("suggestionterm" in q["sql"].lower() for q in queries.captured_queries)
    assert list(SuggestionTerm.objects.filter(suggestion=again).values_list("pk", flat=True)) == terms
