"""Django's Redis cache, with Redis errors turned into cache misses.

The reader site must keep answering when Redis is down: a read that fails is a miss
(the page is rendered from the database), a write that fails is skipped; both are
logged. ``incr`` alone still raises, so that the content version's bump can tell it
did not happen (``articles.reader.cache`` then owes the bump and pays it on the next
request that reaches Redis). Short socket timeouts keep a hung Redis from holding a
reader's request: ``REDIS_TIMEOUT`` seconds (default 0.5).
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("newsroom.cache")


class ResilientRedisCache(RedisCache):
    def _guard(self, operation, default, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            logger.warning("Redis 不可用,缓存%s按未命中处理:%s", operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)
