"""Form widgets rendered in Python, for the filter forms every list page draws.

Django renders each <option> of a Select through the template engine (a template per option):
about 0.2 ms an option, 25 ms for the ~100 options of the item list's filters, a third of the
page. FastSelect writes the same markup directly. Text, number and date boxes cost ~1 ms each
through the templates (the suggestion list has twenty): FastInput writes those.
"""

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        selected = {shown} if isinstance(shown, str) else {str(v) for v in shown}  # NullBooleanSelect: one str
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        options = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):  # an optgroup
                inner = format_html_join(
                    "", '<option value="{}"{}>{}</option>',
                    ((v if v is not None else "", " selected" if str(v if v is not None else "") in selected else "", l)
                     for v, l in option_label),
                )
                options.append(format_html('<optgroup label="{}">{}</optgroup>', option_value, inner))
                continue
            option_value = "" if option_value is None else str(option_value)
            options.append(
                format_html('<option value="{}"{}>{}</option>', option_value,
                            mark_safe(" selected") if option_value in selected else "", option_label)
            )
        return mark_safe(
            format_html("<select name=\"{}\"{}>", name, flatatt_html(attrs)) + "".join(options) + "</select>"
        )


class FastNullBooleanSelect(forms.NullBooleanSelect, FastSelect):
    """NullBooleanSelect's choices and values, FastSelect's render (next in the MRO)."""


class FastInputMixin:
    """An <input> as django/forms/widgets/input.html writes it, from the widget's own context."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown,
                           flatatt_html(widget["attrs"]))


_FAST_INPUTS = {cls: type(f"Fast{cls.__name__}", (FastInputMixin, cls), {})
                for cls in (forms.TextInput, forms.NumberInput, forms.DateInput, forms.EmailInput, forms.URLInput)}


def flatatt_html(attrs) -> str:
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(key)}")
        elif value not in (False, None):
            parts.append(f' {conditional_escape(key)}="{conditional_escape(value)}"')
    return mark_safe("".join(parts))


def use_fast_widgets(form_class):
    """Swap the plain selects and input boxes of a form class's fields for the ones above (same
    attributes, choices and values)."""
    for field in form_class.base_fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = widget.choices
            fast.is_required = widget.is_required
            field.widget = fast
        elif type(widget) is forms.NullBooleanSelect:
            widget.__class__ = FastNullBooleanSelect
        elif type(widget) in _FAST_INPUTS:
            widget.__class__ = _FAST_INPUTS[type(widget)]
    return form_class
