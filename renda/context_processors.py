from renda.roles import role_labels


def current_body(request):
    return {
        "current_body": getattr(request, "renda_body", None),
        "current_roles": role_labels(request.user) if hasattr(request, "user") else [],
    }
