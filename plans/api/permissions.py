"""API permissions: the same predicates as the pages (plans.permissions), with the reason in the 403."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from plans.permissions import can_manage_plans, item_refusal, material_refusal


class PlanItemPermission(BasePermission):
    """Read: any user of the body. Create, edit, delete: the office. Status: the item's committees."""

    message = "只有常委会办公室可以录入和修改计划事项。"

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS or getattr(view, "action", None) == "status":
            return True
        return can_manage_plans(request.user)

    def has_object_permission(self, request, view, item):
        if request.method in SAFE_METHODS:
            return True
        reason = item_refusal(request.user, item)
        if reason:
            self.message = reason
            return False
        return view.action == "status" or can_manage_plans(request.user)


class MaterialStepPermission(BasePermission):
    """Read: any user of the body. Record (PATCH, POST record/): the item's committees and the office."""

    message = "只有负责该议题的委员会和常委会办公室可以登记材料报送。"

    def has_permission(self, request, view):
        return request.user.is_authenticated

    def has_object_permission(self, request, view, step):
        if request.method in SAFE_METHODS:
            return True
        reason = material_refusal(request.user, step.agenda_item)
        if reason:
            self.message = reason
            return False
        return True


class OfficeWritesPermission(BasePermission):
    """Meetings and agendas: every user of the body reads; the office writes."""

    message = "只有常委会办公室可以安排会议和议程。"

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or can_manage_plans(request.user)
