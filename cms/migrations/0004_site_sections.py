from django.db import migrations

SECTIONS = [
    # (model, title, slug, intro)
    (
        "announcementindexpage",
        "Thông báo",
        "thong-bao",
        "<p>Thông báo, thể lệ, kế hoạch và kết quả các cuộc thi “Dân vận khéo”.</p>",
    ),
    (
        "gallerypage",
        "Mô hình tiêu biểu",
        "mo-hinh",
        "<p>Những mô hình “Dân vận khéo” đạt giải: cách làm, kết quả và khả năng nhân rộng.</p>",
    ),
]


def create_sections(apps, schema_editor):
    """Give a fresh site its announcements list and its gallery under the home page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    home = HomePage.objects.first()
    if home is None:
        return
    for model, title, slug, intro in SECTIONS:
        Model = apps.get_model("cms", model)
        if Model.objects.exists() or Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug):
            continue
        content_type, _ = ContentType.objects.get_or_create(model=model, app_label="cms")
        last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
        # Treebeard's materialised path: four base-36 digits per level.
        step = int(last.path[-4:], 36) + 1 if last else 1
        suffix = ""
        while step:
            step, digit = divmod(step, 36)
            suffix = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + suffix
        Model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=home.path + suffix.rjust(4, "0"),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            intro=intro,
        )
        home.numchild += 1
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild)


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_public_site_pages")]
    operations = [migrations.RunPython(create_sections, migrations.RunPython.noop)]
