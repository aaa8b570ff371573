"""The database cache's table (contest/core/cache.py), so that `migrate` is all a server needs
before production falls back to it (config/settings/production.py)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from contest.core.cache import TABLE


def create_table(apps, schema_editor):
    # Does nothing when the table exists (e.g. made earlier by `manage.py createcachetable`).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("contest", "0010_entry_indicators")]

    operations = [migrations.RunPython(create_table, drop_table)]
