"""What every page does with a form the same way."""

from django import forms
from django.core.exceptions import ValidationError


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: each field's messages next
    to that field (when the form has it), the rest at the top — so the
    person sees why next to what they typed, which the form keeps."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


def form_refusal(form) -> ValidationError:
    """A form that did not validate, as a service's refusal: all its
    messages, for a page that says them rather than showing the form."""
    return ValidationError([text for texts in form.errors.values() for text in texts])


class DateInput(forms.DateInput):
    """A date field the browser shows as a date picker (ISO value)."""

    input_type = "date"
