"""Each name word carries its person's directory row (`NameWord.MIRRORED_COLUMNS`). The triggers that copy it
are installed, and the copies made, after every migration run (`alumni.name_search.install_mirror`)."""

from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from alumni.name_search import remove_mirror

    remove_mirror(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('alumni', '0006_importjob'),
    ]

    operations = [
        migrations.AddField(
            model_name='nameword',
            name='alumni_country',
            field=models.CharField(editable=False, max_length=100, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='alumni_graduation_year',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='alumni_help_offers',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='alumni_sector',
            field=models.CharField(editable=False, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='alumni_study_cycle',
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='faculty_id',
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='listed',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='nameword',
            name='public_country',
            field=models.CharField(editable=False, max_length=100, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='public_graduation_year',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='public_help_offers',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='public_sector',
            field=models.CharField(editable=False, max_length=20, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='public_study_cycle',
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name='nameword',
            name='sort_key',
            field=models.CharField(default='', editable=False, max_length=700),
        ),
        # Migrating back: the triggers go before the columns they read.
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
