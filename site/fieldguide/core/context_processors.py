from django.http import HttpRequest

from fieldguide import __version__


def fieldguide(request: HttpRequest) -> dict[str, object]:
    return {"fieldguide_version": __version__}
