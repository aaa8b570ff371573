"""Rate limits need a cache shared by every worker: production never runs on the per-process
memory cache, and the database cache it falls back to counts without losing increments."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

from contest.core.cache import SharedDatabaseCache
from tests.core.test_settings_and_setup import production_env, run_python

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND']); print(settings.SILENCED_SYSTEM_CHECKS)"
)


def test_production_without_cache_url_counts_in_the_database_and_silences_nothing(tmp_path):
    result = run_python(["-c", SHOW], env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    backend, silenced = result.stdout.splitlines()
    assert backend == "contest.core.cache.SharedDatabaseCache"
    assert "django_ratelimit.E003" not in silenced


def test_production_keeps_redis_when_given(tmp_path):
    result = run_python(["-c", SHOW], env=production_env(tmp_path, CACHE_URL="redis://127.0.0.1:6379/2"))
    assert result.stdout.splitlines()[0] == "django.core.cache.backends.redis.RedisCache"


def test_an_unknown_cache_url_is_refused(tmp_path):
    result = run_python(["-c", SHOW], env=production_env(tmp_path, CACHE_URL="memcached://x"))
    assert result.returncode != 0
    assert "CACHE_URL must be" in result.stderr


def _database_cache():
    return SharedDatabaseCache("dvk_cache", {})


@pytest.mark.django_db
def test_the_database_cache_table_comes_with_migrate_and_counts():
    cache = _database_cache()
    assert cache.add("dem", 1, 60)
    assert not cache.add("dem", 1, 60)
    assert cache.incr("dem") == 2
    assert cache.incr("dem", 5) == 7
    with pytest.raises(ValueError):
        cache.incr("khong-co")


@pytest.mark.django_db
def test_the_verification_limit_holds_on_the_database_cache(client, settings, entry):
    from django.urls import reverse

    from tests.factories.certificates import make_certificate

    settings.CACHES = {**settings.CACHES, "default": settings.DATABASE_CACHE}
    settings.RATELIMIT_ENABLE = True
    caches["default"].clear()
    certificate = make_certificate(entry)
    statuses = [client.get(reverse("certificate-verify", args=[certificate.token])).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_from_several_workers_are_all_counted():
    cache = _database_cache()
    cache.set("dem", 0, 60)
    workers, each = 6, 25
    barrier = threading.Barrier(workers)
    errors = []

    def count():
        from django.db import connections

        try:
            barrier.wait()
            for _ in range(each):
                cache.incr("dem")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert cache.get("dem") == workers * each
