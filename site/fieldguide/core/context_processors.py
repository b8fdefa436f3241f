from django.http import HttpRequest

import fieldguide


def fieldguide(request: HttpRequest) -> dict[str, object]:
    return {"fieldguide_version": fieldguide.__version__}
