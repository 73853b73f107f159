"""The error answers every API operation can give, written into the OpenAPI schema.

drf-spectacular documents only the success answer unless a view says more. These answers come from
DRF itself on every route, so they are added here once (SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS)
instead of on each of the views; answers a view declares itself (e.g. 409 with the current
version) are kept as they are.
"""

from rest_framework import serializers


class ApiErrorSerializer(serializers.Serializer):
    """{"detail": "..."}: what DRF answers for 401, 403, 404 (component ApiError; views may name it too)."""

    detail = serializers.CharField()


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "错误说明",
}
# Field name (or "detail" / "non_field_errors") → the messages about it.
VALIDATION_ERROR = {"type": "object", "additionalProperties": {}, "description": "逐字段的错误说明"}


def _answer(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _error_answers(method: str, operation: dict) -> dict:
    parameters = operation.get("parameters", [])
    in_path = any(p["in"] == "path" for p in parameters)
    in_query = {p["name"] for p in parameters if p["in"] == "query"}
    answers = {
        "401": _answer("未登录或令牌无效", "ApiError"),
        "403": _answer("无权进行此操作", "ApiError"),
    }
    if in_path or "page" in in_query:
        answers["404"] = _answer("找不到该对象（或该页）", "ApiError")
    if "requestBody" in operation:
        answers["415"] = _answer("不支持的内容类型（或无法读取的表单）", "ApiError")
    if in_query or "requestBody" in operation or method != "get":  # e.g. deleting a meeting that has items
        answers["400"] = _answer("参数或提交的内容有误", "ApiValidationError")
    return answers


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ApiError", ERROR)
    schemas.setdefault("ApiValidationError", VALIDATION_ERROR)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("get", "put", "patch", "post", "delete"):
                for code, answer in _error_answers(method, operation).items():
                    operation["responses"].setdefault(code, answer)
    return result
