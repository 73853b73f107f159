"""API permission shapes the apps share."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadAllWriteByRefusal(BasePermission):
    """Every signed-in user of the body reads; a write is let through when the app's predicate (`refusal`: the
    same one its pages ask) gives no reason, and refused with that reason when it gives one."""

    message = ""

    @staticmethod
    def refusal(user) -> str | None:
        raise NotImplementedError

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        reason = self.refusal(request.user)
        if reason:
            self.message = reason
            return False
        return True
