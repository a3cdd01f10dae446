from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("people/<int:pk>/", views.person, name="person"),
    path("<str:slug>/", views.organization, name="organization"),
]
