from django.urls import path

from fieldguide.lessons import exports, views

app_name = "lessons"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("tutorials/<int:pk>/handout/", exports.handout, name="handout"),
    path("tutorials/<int:pk>/notebook.ipynb", exports.notebook, name="notebook"),
]
