from django.urls import path

from newsroom import converters  # noqa: F401  (registers id and key)

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    path("archive/<id:year>/<id:month>/", views.archive, name="archive_month"),
    path("issues/<id:number>/", views.issue, name="issue"),
    path("issues/<id:number>/pages/<id:page>/", views.page, name="page"),
    path("articles/<id:pk>/", views.article, name="article"),
    path("columns/", views.column_list, name="column_list"),
    path("columns/<key:slug>/", views.column, name="column"),
    path("columns/<key:slug>/rss/", feeds.ColumnFeed(), name="column_feed_rss"),
    path("columns/<key:slug>/atom/", feeds.ColumnAtomFeed(), name="column_feed_atom"),
    path("tags/<key:slug>/", views.tag, name="tag"),
    path("series/<key:slug>/", views.series, name="series"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
]
