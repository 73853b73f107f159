"""Routes of the suggestion pages; deputies/urls.py joins them."""

urlpatterns = []
