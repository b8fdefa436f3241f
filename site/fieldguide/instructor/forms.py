"""The instructor's forms: Django's own password form, with labels for a first-time set-up."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import SetPasswordForm


class InstructorPasswordForm(SetPasswordForm):
    """Django's SetPasswordForm (the password validators, the "didn't match" check) for the
    instructor account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Password"
        self.fields["new_password2"].label = "The same password again"
        for field in self.fields.values():
            field.widget.attrs["minlength"] = 8
