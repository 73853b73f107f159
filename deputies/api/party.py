"""What a deputy or a handling unit's contact reads of a suggestion in the API, and for which unit it acts.

Staff (the office, directors, committees) read every record of the suggestions they may see. A
party (core.roles.is_external: a deputy, a unit's contact) reads its own suggestions
(deputies.permissions.visible_suggestions) without the standing committee's internal working:

- the timeline leaves out the events in HIDDEN_EVENTS for the party's part in the suggestion,
  and never says which staff account entered a step (`by`);
- the notes of contacts with the deputy are for the deputy and the lead unit (CONTACT_NOTES);
  a co-unit sees that a contact took place, not what was said;
- reassignment requests are the asking unit's business and the office's: a unit sees its own.

Key supervision (who supervises, and what the office asks of the handling) stays: it is addressed
to the parties; the supervisors' progress notes are not.

The view puts a Party (or None for staff) in the serializer context under "party"; the
serializers ask it through `reading(suggestion)` and nowhere decide by role themselves.
"""

from dataclasses import dataclass

from core.roles import is_external, is_unit_contact
from deputies.models import SuggestionEvent
from deputies.permissions import deputy_of
from plans.permissions import contact_unit_ids

E = SuggestionEvent.Kind

# The party's part in one suggestion → the timeline events it does not see.
HIDDEN_EVENTS = {
    "deputy": {E.SUPERVISION_NOTE, E.CO_INPUT, E.REASSIGN_ASKED},
    "lead": {E.SUPERVISION_NOTE, E.REASSIGN_ASKED},
    "co": {E.SUPERVISION_NOTE, E.REASSIGN_ASKED},
}
# The parts that read what was said in a contact with the deputy.
CONTACT_NOTES = {"deputy", "lead"}


@dataclass(frozen=True)
class Reading:
    """How one party reads one suggestion: `part` is "deputy", "lead" or "co"."""

    part: str
    unit_ids: frozenset

    def shows_event(self, event) -> bool:
        return event.kind not in HIDDEN_EVENTS[self.part]

    def event_text(self, event) -> str:
        # deputies.suggestions.lifecycle writes a contact as "办前当面沟通：<note>"; without the note, the first part.
        if event.kind == E.CONTACT and not self.sees_contact_notes:
            return event.text.split("：", 1)[0]
        return event.text

    @property
    def sees_contact_notes(self) -> bool:
        return self.part in CONTACT_NOTES

    def shows_reassign_request(self, request) -> bool:
        return request.assignment.unit_id in self.unit_ids


@dataclass(frozen=True)
class Party:
    """A deputy's or a unit contact's account: the deputy it is linked to and the units it speaks for."""

    deputy_id: int | None
    unit_ids: frozenset

    def part_in(self, suggestion) -> str:
        """"lead" or "co" when one of the party's units holds the suggestion now, else "deputy".

        Reads the suggestion's prefetched assignments (active or not) when they are there.
        """
        for row in suggestion.assignments.all():
            if row.active and row.unit_id in self.unit_ids:
                return row.role
        return "deputy"

    def reading(self, suggestion) -> Reading:
        return Reading(self.part_in(suggestion), self.unit_ids)


def party_of(user) -> Party | None:
    """The Party of an external user; None for staff, who read everything they may see."""
    if not is_external(user):
        return None
    deputy = deputy_of(user)
    units = contact_unit_ids(user) if is_unit_contact(user) else set()
    return Party(deputy.pk if deputy else None, frozenset(units))


def reading_for(context, suggestion) -> Reading | None:
    """The Reading of the serializer context's party for a suggestion (None: staff, read everything)."""
    party = context.get("party")
    return party.reading(suggestion) if party is not None else None


def own_unit(user, suggestion):
    """The unit a unit's contact acts for on a suggestion: theirs that holds it now (None for others)."""
    if not is_unit_contact(user):
        return None
    from deputies.models import Assignment

    row = (Assignment.objects.filter(suggestion=suggestion, unit_id__in=contact_unit_ids(user), active=True)
           .select_related("unit").order_by("-role", "pk").first())
    return row.unit if row else None
