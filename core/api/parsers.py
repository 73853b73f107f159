"""The API's JSON parser: a body is one JSON object (field: value), as every operation documents.

A list or a bare value at the top would otherwise reach views that read fields from it."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NOT_AN_OBJECT = "提交的内容须为一个 JSON 对象（字段名: 值）。"


class JSONObjectParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        return data
