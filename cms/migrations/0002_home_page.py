from django.db import migrations


def create_home(apps, schema_editor):
    """Replace Wagtail's welcome page with our HomePage as the default site's root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Dân vận khéo",
        draft_title="Dân vận khéo",
        slug="trang-chu",
        content_type=home_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/trang-chu/",
        locale=locale,
        live=True,
        intro="<p>Cổng thông tin các cuộc thi, hội thi “Dân vận khéo”: thể lệ, nộp hồ sơ trực tuyến, "
        "kết quả và các mô hình tiêu biểu.</p>",
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Dân vận khéo"},
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
