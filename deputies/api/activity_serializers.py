"""Serializers of deputies attending standing-committee meetings (列席) and of trainings (代表培训).

Writes are validated as the pages validate them (core/api/validated.py): the model's clean() and constraints,
the same choices of the caller's body, in the pages' words."""

from rest_framework import serializers

from core.api.versioned import VersionField
from deputies.activities.forms import PARTICIPANT_MESSAGES
from deputies.api.roster_serializers import _RosterWriteSerializer
from deputies.models import Deputy, MeetingAttendance, Training
from deputies.models.activities import attendance_meeting_error
from meetings.models import Meeting

NO_SUCH_MEETING = "会议不存在或不属于本常委会，请填写会议的 id。"
NO_SUCH_DEPUTY = "代表不存在或不属于本常委会，请填写代表的 id。"


class AttendanceSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True, allow_null=True)
    meeting_year = serializers.IntegerField(source="meeting.year", read_only=True)
    deputy_name = serializers.CharField(source="deputy.name", read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["id", "meeting", "meeting_title", "meeting_date", "meeting_year", "deputy", "deputy_name",
                  "created_at", "is_example"]
        read_only_fields = fields


class AttendanceWriteSerializer(_RosterWriteSerializer):
    """Record one deputy attending one standing-committee meeting (列席)."""

    class Meta:
        model = MeetingAttendance
        fields = ["meeting", "deputy"]
        extra_kwargs = {"meeting": {"help_text": "常委会会议的 id"}, "deputy": {"help_text": "代表的 id"}}
        error_messages = {"meeting": {"invalid_choice": NO_SUCH_MEETING},
                          "deputy": {"invalid_choice": NO_SUCH_DEPUTY}}

    def choices(self):
        return {"meeting": Meeting.objects.all(), "deputy": Deputy.objects.all()}

    def more_errors(self, attrs, attendance):
        meeting = attrs.get("meeting")
        problem = attendance_meeting_error(meeting) if meeting is not None else None
        return {"meeting": [problem]} if problem else {}


class TrainingSerializer(serializers.ModelSerializer):
    participant_count = serializers.IntegerField(read_only=True, help_text="参训人次")
    participant_names = serializers.SerializerMethodField()
    version = VersionField(m2m=["participants"])

    class Meta:
        model = Training
        fields = ["id", "title", "held_on", "days", "place", "note", "participants", "participant_names",
                  "participant_count", "created_at", "is_example", "version"]
        read_only_fields = fields

    def get_participant_names(self, training) -> list[str]:
        return [d.name for d in training.participants.all()]


class TrainingWriteSerializer(_RosterWriteSerializer):
    """Record or change a training, as the page's TrainingForm does (Training.clean)."""

    class Meta:
        model = Training
        fields = ["title", "held_on", "days", "place", "participants", "note"]
        extra_kwargs = {"participants": {"help_text": "参训代表 id 列表", "required": False},
                        "held_on": {"help_text": "开班日期"}}
        error_messages = {"participants": PARTICIPANT_MESSAGES}

    def choices(self):
        return {"participants": Deputy.objects.all()}
