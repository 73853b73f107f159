"""Routes of the transfer pages; deputies/urls.py joins them."""

urlpatterns = []
