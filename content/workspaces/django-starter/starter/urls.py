from django.http import HttpResponse
from django.urls import path


def home(request):
    return HttpResponse("Hello from your first Django project, running offline!")


urlpatterns = [path("", home)]
