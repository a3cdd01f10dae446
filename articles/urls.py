from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/<int:number>/", views.issue, name="issue"),
    path("issues/<int:number>/pages/<int:page>/", views.page, name="page"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("columns/<str:slug>/", views.column, name="column"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("series/<str:slug>/", views.series, name="series"),
]
