from meetings.models.materials import MaterialStep
from meetings.models.meetings import AgendaItem, Meeting, MeetingKind

__all__ = ["AgendaItem", "MaterialStep", "Meeting", "MeetingKind"]
