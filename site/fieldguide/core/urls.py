from django.urls import path

from fieldguide.core import views

app_name = "core"
urlpatterns = [
    path("health", views.health, name="health"),
    path("launch", views.launch, name="launch"),
    path("api/csrf", views.csrf, name="csrf"),
]
