from django.http import HttpResponse
from django.urls import path


def home(request):
    return HttpResponse("Hello from your first Django project, running offline!")


def about(request):
    return HttpResponse("This project lives in your own workspace: change it as you like.")


urlpatterns = [
    path("", home),
    path("/about/", about),
]
