"""Listening to the workflow: each logged transition and each published issue notifies.

``workflow.apply`` creates one ``ArticleTransition`` per step (a post_save here).
Publishing an issue bulk-creates its transitions, which sends no signal, and then saves
the issue as published: that save is where its authors are told, one message each.
"""

from collections import defaultdict

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article, ArticleTransition, Issue

from . import notify
from .models import Notification


@receiver(post_save, sender=ArticleTransition, dispatch_uid="planning-transition-notifies")
def transition_logged(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        notify.article_changed_state(
            instance.article, instance.to_status, instance.user, instance.comment
        )


@receiver(post_save, sender=Issue, dispatch_uid="planning-issue-published-notifies")
def issue_published(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or instance.status != Issue.Status.PUBLISHED:
        return
    if update_fields is not None and "published_at" not in update_fields:
        return
    # The transitions publishing.publish_issue logged for this publication (an archive
    # import that publishes logs draft -> published and is not news to anyone).
    steps = (
        ArticleTransition.objects.filter(
            article__page__issue=instance,
            from_status=Article.Status.APPROVED,
            to_status=Article.Status.PUBLISHED,
            created_at=instance.published_at,
            article__author__isnull=False,
        )
        .select_related("article__author")
        .order_by("article__page__number", "article__position")
    )
    by_author = defaultdict(list)
    for step in steps:
        by_author[step.article.author].append(step.article)
    for author, articles in by_author.items():
        titles = "、".join(f"《{a.title}》" for a in articles[:5])
        more = f"等 {len(articles)} 篇" if len(articles) > 5 else ""
        text = f"您的稿件{titles}{more}已随{instance}发布。"
        notify.deliver(
            [author],
            Notification.Kind.PUBLISHED,
            text[:400],
            actor=instance.published_by,
            article=articles[0] if len(articles) == 1 else None,
        )
