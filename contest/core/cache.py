"""The database cache, made safe for counters: what production uses when no Redis is configured.

Rate limits (django-ratelimit) count with ``cache.add`` then ``cache.incr``. Django's database
cache implements ``incr`` as a read followed by a write, so two gunicorn workers counting the same
visitor at once can both write the same number and let a request through uncounted. Here the
counter's row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serialises writers), so the read and the write happen as one step. The table is created
by a migration (contest/migrations), so ``migrate`` is the only step a server needs.
"""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

TABLE = "dvk_cache"


class SharedDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                quote_name = connection.ops.quote_name
                table = self.cache_model_class._meta.db_table
                with connection.cursor() as cursor:
                    cursor.execute(
                        # The table name comes from settings, the key is a parameter.
                        f"SELECT 1 FROM {quote_name(table)} WHERE {quote_name('cache_key')} = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
