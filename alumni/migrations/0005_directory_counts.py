import django.db.models.deletion
from django.db import migrations, models


def count_everyone(apps, schema_editor):
    from alumni.directory.counts import rebuild

    rebuild(apps.get_model("alumni", "Alumnus"), apps.get_model("alumni", "DirectoryCount"))


def index_name_words(apps, schema_editor):
    from alumni.name_search import words_of

    alumnus, name_word = apps.get_model("alumni", "Alumnus"), apps.get_model("alumni", "NameWord")
    listed = alumnus.objects.filter(status="approved", consent_directory=True).values_list("pk", "folded_name")
    rows = [name_word(alumnus_id=pk, word=word) for pk, name in listed.iterator() for word in words_of(name)]
    name_word.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("alumni", "0004_directory_columns"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("audience", models.CharField(max_length=10)),
                ("faculty_id", models.BigIntegerField()),
                ("field_name", models.CharField(blank=True, max_length=20)),
                ("value", models.CharField(blank=True, max_length=100)),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("audience", "faculty_id", "field_name", "value"), name="directory_count_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="NameWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=100)),
                (
                    "alumnus",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="alumni.alumnus",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["word", "alumnus"], name="name_word_prefix"),
                    models.Index(fields=["alumnus"], name="name_word_person"),
                ],
            },
        ),
        migrations.RunPython(count_everyone, migrations.RunPython.noop),
        migrations.RunPython(index_name_words, migrations.RunPython.noop),
    ]
