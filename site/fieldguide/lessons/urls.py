from django.urls import path

from fieldguide.lessons import takeaways, views

app_name = "lessons"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("tutorials/<int:pk>/handout/", takeaways.handout, name="handout"),
    path("tutorials/<int:pk>/notebook.ipynb", takeaways.notebook, name="notebook"),
]
