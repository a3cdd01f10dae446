"""System checks of the reader site's deployment."""

from django.conf import settings
from django.core.checks import Warning, register

PROCESS_LOCAL = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
@register()
def shared_page_cache(app_configs, **kwargs):
    """Several app processes must share the page cache and its content version."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PROCESS_LOCAL:
        return []
    return [
        Warning(
            "页面缓存只在本进程内有效:多个应用进程时,一个进程里的修改不会让其他进程的缓存失效,"
            "读者会看到旧页面。",
            hint="设置 REDIS_URL(多台机器共用的 Redis),或在单机上设置 DJANGO_CACHE_DIR。",
            obj=backend,
            id="articles.W001",
        )
    ]
