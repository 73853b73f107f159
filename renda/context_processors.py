from renda.roles import role_labels


def current_body(request):
    return {
        "current_body": getattr(request, "renda_body", None),
        "current_roles": role_labels(request.user) if hasattr(request, "user") else [],
    }


def navigation(request):
    from renda.navigation import navigation as build

    return build(request) if getattr(request, "user", None) is not None and request.user.is_authenticated else {}
