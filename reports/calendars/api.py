"""/api/v1/calendar-feeds/: the caller's own feed links (made when first asked for), and renewing one."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.fields import ChoiceLabelField
from core.api.views import BodyScopedViewSetMixin
from core.models import CalendarFeed
from reports.calendars.filtersets import CalendarFeedFilterSet
from reports.calendars.links import addresses, feed_links, feed_path
from reports.calendars.views import renew_feed


class CalendarFeedSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind")
    committee_name = serializers.CharField(source="committee.short_name", read_only=True, default=None,
                                           allow_null=True, help_text="委员会日历的委员会简称；个人日历为 null")
    url = serializers.SerializerMethodField()
    webcal = serializers.SerializerMethodField()

    class Meta:
        model = CalendarFeed
        fields = ["id", "kind", "kind_label", "committee", "committee_name", "url", "webcal", "created_at",
                  "renewed_at"]
        read_only_fields = fields

    def get_url(self, feed) -> str:
        return addresses(feed_path(feed))["url"]

    def get_webcal(self, feed) -> str:
        return addresses(feed_path(feed))["webcal"]


class CalendarFeedViewSet(BodyScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = CalendarFeedSerializer
    filterset_class = CalendarFeedFilterSet
    queryset = CalendarFeed.objects.none()  # for the schema; requests get their own below

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalendarFeed.objects.none()
        personal, committees = feed_links(self.request.user)  # made when first asked for
        ids = [feed.pk for feed in ([personal] if personal else []) + committees]
        return CalendarFeed.objects.filter(pk__in=ids).select_related("committee").order_by("kind", "pk")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        feed = renew_feed(request.user, self.get_object())
        return Response(self.get_serializer(feed).data)
