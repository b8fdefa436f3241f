from django.conf import settings
from django.test import Client


class TokenClient(Client):
    """A test client that carries the launch token, as the shell's requests do."""

    def __init__(self, *args, **kwargs):
        headers = {"X-Fieldguide-Token": settings.FIELDGUIDE_LAUNCH_TOKEN}
        kwargs["headers"] = {**headers, **(kwargs.get("headers") or {})}
        super().__init__(*args, **kwargs)
