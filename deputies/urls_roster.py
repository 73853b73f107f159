"""Routes of the roster pages; deputies/urls.py joins them."""

urlpatterns = []
