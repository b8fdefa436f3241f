"""The instructor account: the user ``instructor``, a superuser (it edits lessons in the
Wagtail admin too). Its password also unlocks the kiosk.

Any active superuser counts as an instructor (a machine set up with ``createsuperuser`` keeps
working); ``set_instructor_password`` and the first-visit page manage the one named
``instructor``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.db.models import QuerySet

USERNAME = "instructor"


def instructors() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, is_superuser=True)


def exists() -> bool:
    return instructors().exists()


def instructor_user() -> Any:
    """The account named ``instructor`` (not saved yet, if new), an active superuser."""
    model = get_user_model()
    user = model.objects.filter(username=USERNAME).first() or model(username=USERNAME)
    user.is_active = user.is_staff = user.is_superuser = True
    return user


def set_password(password: str) -> Any:
    """Create the instructor or change its password; raises ValidationError for a weak one."""
    user = instructor_user()
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def password_matches(password: str) -> bool:
    # Check every instructor, so that the time taken says nothing about which one matched.
    return any([user.check_password(password) for user in instructors()])


def is_instructor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
