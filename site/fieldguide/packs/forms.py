"""The instructor's pack forms: which tutorials to export, which file to import."""

from __future__ import annotations

from typing import Any

from django import forms

from fieldguide.lessons.models import TutorialPage
from fieldguide.packs.format import SUFFIX


class PackExportForm(forms.Form):
    tutorial = forms.MultipleChoiceField(
        error_messages={"required": "Choose at least one tutorial to export."}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        live = TutorialPage.objects.live().order_by("path").values_list("slug", "title")
        tutorial = self.fields["tutorial"]
        assert isinstance(tutorial, forms.MultipleChoiceField)
        tutorial.choices = list(live)


class PackUploadForm(forms.Form):
    file = forms.FileField(error_messages={"required": f"Choose a {SUFFIX} file to import."})
