"""The database itself refuses to change or delete audit entries (see audit.triggers; they are
also re-installed after every migrate, since SQLite loses them when a table is rebuilt)."""
from django.db import migrations


def forwards(apps, schema_editor):
    from trienkhai.audit.triggers import install

    install(schema_editor.connection)


def backwards(apps, schema_editor):
    from trienkhai.audit.triggers import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
