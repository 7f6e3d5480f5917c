"""Replace Wagtail's welcome page with the alumni home page, and create the English locale."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    romanian, _ = Locale.objects.get_or_create(language_code="ro")
    Locale.objects.get_or_create(language_code="en")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    home_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Alumni",
        draft_title="Alumni",
        slug="home",
        content_type=home_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=romanian,
        live=True,
        introduction="Comunitatea absolvenților universității.",
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
