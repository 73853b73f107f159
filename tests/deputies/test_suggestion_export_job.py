"""A long suggestion list is exported by a background job holding exactly what its creator could see."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Suggestion
from deputies.permissions import visible_suggestions
from tests.conftest import client_for


def test_long_list_exports_through_a_job_with_the_creators_rows_only(
    baiyun, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from core import listing
    from core.models import BackgroundJob
    from deputies.suggestions.exports import SuggestionExporter
    from renda.celery import app

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(listing, "ASYNC_EXPORT_ROWS", 5)
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    lead = get_user_model().objects.get(username="lead-caijing")
    mine = visible_suggestions(lead, Suggestion.objects.filter(body=baiyun, year=2023))
    everything = Suggestion.objects.filter(body=baiyun, year=2023).count()
    assert 5 < mine.count() < everything, "the demo gives 财经工委 some, not all, suggestions"

    client = client_for("lead-caijing")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("suggestion-list") + "?year=2023&export=xlsx")
    job = BackgroundJob.objects.get(body=baiyun, kind=SuggestionExporter.identifier)
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", kwargs={"pk": job.pk})

    status = client.get(reverse("job-detail", kwargs={"pk": job.pk}) + "?format=json").json()
    assert status["status"] == "done" and status["total"] == mine.count()
    workbook = load_workbook(BytesIO(client.get(status["download"]).content))
    titles = {row[4] for row in workbook.active.iter_rows(min_row=3, values_only=True)}  # under title and header
    assert titles == set(mine.values_list("title", flat=True))
