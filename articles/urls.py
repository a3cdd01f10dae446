from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("issues/<int:number>/", views.issue, name="issue"),
    path("issues/<int:number>/pages/<int:page>/", views.page, name="page"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("columns/", views.column_list, name="column_list"),
    path("columns/<str:slug>/", views.column, name="column"),
    path("columns/<str:slug>/rss/", feeds.ColumnFeed(), name="column_feed_rss"),
    path("columns/<str:slug>/atom/", feeds.ColumnAtomFeed(), name="column_feed_atom"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("series/<str:slug>/", views.series, name="series"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
]
