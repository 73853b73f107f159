"""Form widgets rendered in Python, for the filter forms every list page draws.

Django renders each <option> of a Select through the template engine (a template per option):
about 0.2 ms an option, 25 ms for the ~100 options of the item list's filters, a third of the
page. FastSelect writes the same markup directly.
"""

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
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


def flatatt_html(attrs) -> str:
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(key)}")
        elif value not in (False, None):
            parts.append(f' {conditional_escape(key)}="{conditional_escape(value)}"')
    return mark_safe("".join(parts))


def use_fast_selects(form_class):
    """Swap the plain Selects of a form class's fields for FastSelect (same attributes and choices)."""
    for field in form_class.base_fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            fast.is_required = field.widget.is_required
            field.widget = fast
    return form_class
