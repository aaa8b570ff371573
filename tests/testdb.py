"""The test database, built from the migrations once and then copied.

Migrating an empty database (~215 migrations, most of them Wagtail's) took ~18 s per run and per
xdist worker, a third of the suite. Here the migrated database is a *template*, keyed on the
content of every migration file (and the models of apps without migrations, the Django version,
INSTALLED_APPS and the database vendor), so it is rebuilt only when one of them changes:

- SQLite: the template is a file in pytest's cache folder (``.pytest_cache/d/dvk-test-db/``); each
  run and each xdist worker copies it into its in-memory test database with SQLite's backup API
  (~0.1 s). A clean clone builds it once (one worker builds, the other waits for it).
- PostgreSQL: the template is a database on the server, ``test_<NAME>_tpl_<key>``, and each run
  and worker gets ``CREATE DATABASE test_<NAME>[_gwN] TEMPLATE …`` (~1 s). Templates of older keys
  for the same NAME are dropped when a new one is built.

What the tests see is exactly what ``migrate`` makes (data migrations included: Wagtail's root
page, the groups, the cache table): the template *is* a migrated database. ``--reuse-db`` and
``--no-migrations`` keep pytest-django's own behaviour.
"""

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
import sqlite3
import warnings
from pathlib import Path
from typing import Protocol

import pytest

# Bump when the way a template is built changes, so that old templates are not reused.
SCHEME = "1"


def fingerprint(connection) -> str:
    """A digest of everything that decides the migrated schema and data."""
    import django
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    for part in (SCHEME, django.get_version(), connection.vendor, *settings.INSTALLED_APPS):
        digest.update(part.encode() + b"\0")
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        module_name, _explicit = MigrationLoader.migrations_module(app.label)
        spec = importlib.util.find_spec(module_name) if module_name else None
        if spec is not None and spec.submodule_search_locations:
            files = sorted(path for folder in spec.submodule_search_locations for path in Path(folder).glob("*.py"))
        else:
            # No migrations: `migrate --run-syncdb` creates its tables from the models.
            files = [Path(app.models_module.__file__)] if app.models_module else []
        for path in files:
            digest.update(f"{app.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def file_lock(path: Path):
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _point_at(connection, name) -> None:
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _finish(creation, serialize) -> None:
    """What Django's create_test_db does after migrating."""
    if serialize:
        creation.connection._test_serialized_contents = creation.serialize_db_to_string()
    creation.connection.ensure_connection()


def _create_sqlite(creation, original, cache_dir, verbosity, serialize):
    connection = creation.connection
    test_name = creation._get_test_db_name()
    key = fingerprint(connection)
    template = cache_dir / f"sqlite-{key}.sqlite3"
    with file_lock(cache_dir / "sqlite.lock"):
        if not template.exists():
            if verbosity >= 1:
                creation.log(f"Building the test database template {template} from the migrations…")
            original(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
            partial = template.with_suffix(".partial")
            target = sqlite3.connect(partial)
            connection.connection.backup(target)
            target.close()
            os.replace(partial, template)
            for stale in cache_dir.glob("sqlite-*.sqlite3"):
                if stale != template:
                    stale.unlink(missing_ok=True)
            _finish(creation, serialize)
            RESTORERS[connection.alias] = SqliteRestorer(template)
            return test_name
    if verbosity >= 1:
        creation.log(f"Copying the test database from the template {template}…")
    _point_at(connection, test_name)
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    _finish(creation, serialize)
    RESTORERS[connection.alias] = SqliteRestorer(template)
    return test_name


def _create_postgresql(creation, verbosity, serialize):
    from django.core.management import call_command

    connection = creation.connection
    quote = connection.ops.quote_name
    test_name = creation._get_test_db_name()
    prefix = f"test_{connection.settings_dict['NAME']}_tpl_"
    template = prefix + fingerprint(connection)
    building = template + "_building"
    with creation._nodb_cursor() as cursor:
        # One builder at a time (xdist workers, two runs at once): a lock on the server.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [prefix])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                if verbosity >= 1:
                    creation.log(f"Building the test database template {template} from the migrations…")
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(building)}")
                cursor.execute(f"CREATE DATABASE {quote(building)}")
                original_name = connection.settings_dict["NAME"]
                _point_at(connection, building)
                try:
                    call_command("migrate", verbosity=max(verbosity - 1, 0), interactive=False, run_syncdb=True)
                    call_command("createcachetable", database=connection.alias)
                finally:
                    _point_at(connection, original_name)
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
                cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
                for (stale,) in cursor.fetchall():
                    if stale != template:
                        with contextlib.suppress(Exception):
                            cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
            elif verbosity >= 1:
                creation.log(f"Copying the test database from the template {template}…")
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [prefix])
    _point_at(connection, test_name)
    _finish(creation, serialize)
    RESTORERS[connection.alias] = PostgresRestorer(connection)
    return test_name


def create_from_template(creation, original, cache_dir, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    """Stands in for ``connection.creation.create_test_db`` (same signature, same result)."""
    vendor = creation.connection.vendor
    if not keepdb and vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()):
        return _create_sqlite(creation, original, cache_dir, verbosity, serialize)
    if not keepdb and vendor == "postgresql":
        return _create_postgresql(creation, verbosity, serialize)
    return original(verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb)


@contextlib.contextmanager
def templates_for(aliases, cache_dir: Path):
    from django.db import connections

    patched = []
    for alias in aliases:
        creation = connections[alias].creation
        original = creation.create_test_db
        creation.create_test_db = functools.partial(create_from_template, creation, original, cache_dir)
        patched.append(creation)
    try:
        yield
    finally:
        for creation in patched:
            del creation.create_test_db


def cache_folder(config) -> Path:
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("dvk-test-db"))
    # Without the cache plugin (-p no:cacheprovider): a folder beside it, still per checkout.
    folder = Path(config.rootpath) / ".pytest_cache" / "d" / "dvk-test-db"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture of the same name, with the databases copied from a template."""
    from django.test import TransactionTestCase
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    flush = TransactionTestCase._fixture_teardown
    with django_db_blocker.unblock():
        if django_db_use_migrations and not keepdb:
            with templates_for(aliases, cache_folder(request.config)):
                db_cfg = setup_databases(
                    verbosity=verbosity, interactive=False, aliases=aliases, serialized_aliases=serialized_aliases
                )
            TransactionTestCase._fixture_teardown = functools.partialmethod(_fixture_teardown, original=flush)
        else:
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
    yield
    TransactionTestCase._fixture_teardown = flush
    RESTORERS.clear()
    if not keepdb:
        with django_db_blocker.unblock():
            _end_other_sessions()
            teardown_databases(db_cfg, verbosity=verbosity)


def _end_other_sessions():
    """PostgreSQL refuses to drop a database still in use, and a live server's or a worker's thread may
    still hold a connection at the end of the run: end those sessions first. From the server's
    maintenance database, by name: this process's own connection may itself have been cut by then
    (a fault test), and a dead connection must not fail the run."""
    from django.db import connections

    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        name = connection.settings_dict["NAME"]
        with contextlib.suppress(Exception):
            connection.close()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )


# --- after a transactional test ------------------------------------------------------------------
#
# Django empties the database after each transactional test (``flush``: every table, then the
# post_migrate signal recreates content types, permissions and the role groups: ~1 s, and the data
# the migrations made, like Wagtail's root page, is gone). Instead, the database goes back to the
# template's state: on SQLite by copying the template in again (~10 ms); on PostgreSQL by deleting
# the rows of the tables that have any and putting back the template's rows, kept in memory from
# the start of the run (COPY, a few tables). Anything unusual (available_apps, serialized
# rollback, another vendor) keeps Django's flush.


class Restorer(Protocol):
    """Puts a test database back to the template's state."""

    def restore(self, connection) -> None: ...


class SqliteRestorer:
    def __init__(self, template: Path):
        self.template = template

    def restore(self, connection) -> None:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{self.template}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


class PostgresRestorer:
    def __init__(self, connection):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            self.tables = connection.introspection.table_names(cursor)
            exists = "SELECT %s WHERE EXISTS (SELECT 1 FROM {})"
            self.probe = " UNION ALL ".join(exists.format(quote(t)) for t in self.tables)
            cursor.execute(self.probe, self.tables)
            self.rows = {}
            raw = connection.connection.cursor()
            for (table,) in cursor.fetchall():
                with raw.copy(f"COPY {quote(table)} TO STDOUT (FORMAT binary)") as copy:
                    self.rows[table] = b"".join(bytes(chunk) for chunk in copy)

    def restore(self, connection) -> None:
        from django.db import transaction

        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: the order does not matter.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(self.probe, self.tables)
            dirty = {table for (table,) in cursor.fetchall()} | set(self.rows)
            for table in sorted(dirty):
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - our own table names
            raw = connection.connection.cursor()
            for table, data in self.rows.items():
                with raw.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(data)


RESTORERS: dict[str, Restorer] = {}


def _fixture_teardown(self, original):
    from django.db import connections

    aliases = self._databases_names(include_mirrors=False)
    if self.available_apps is not None or self.serialized_rollback or not all(a in RESTORERS for a in aliases):
        return original(self)
    from django.contrib.contenttypes.models import ContentType

    for alias in aliases:
        try:
            RESTORERS[alias].restore(connections[alias])
        except Exception as error:  # noqa: BLE001 - Django's flush still leaves a clean database
            warnings.warn(f"Restoring the test database failed ({error!r}); flushing it instead.", stacklevel=1)
            del RESTORERS[alias]
            return original(self)
    ContentType.objects.clear_cache()
    return None
