"""Routes of the deputies app (transfer) that take an id, for tests/renda/test_body_isolation.py.

name: (kwargs builder taking a body, method). Builders create a row for a body that has none.
The import routes take a BackgroundJob id of their kind; another body's job is a 404.
"""


def _job(kind):
    def build(body):
        from core.models import BackgroundJob

        job = BackgroundJob.objects.filter(body=body, kind=kind).order_by("pk").first()
        if job is None:
            job = BackgroundJob.objects.create(body=body, kind=kind, params={"filename": "x.xlsx"},
                                               result={"preview": {}})
        return {"job_id": job.pk}

    return build


ROUTES = {
    **{f"deputy-import-{suffix}": (_job("deputy_import"), method)
       for suffix, method in (("preview", "get"), ("status", "get"), ("reupload", "post"), ("commit", "post"))},
    **{f"suggestion-import-{suffix}": (_job("suggestion_import"), method)
       for suffix, method in (("preview", "get"), ("status", "get"), ("reupload", "post"), ("commit", "post"))},
}
