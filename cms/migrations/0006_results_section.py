from django.db import migrations

TITLE = "Kết quả"
SLUG = "ket-qua"
INTRO = "<p>Kết quả đã công bố của các cuộc thi “Dân vận khéo”: bảng xếp hạng, điểm và giải thưởng.</p>"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def create_results_section(apps, schema_editor):
    """Give the site its /ket-qua/ list of every published result, under the home page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    ResultsIndexPage = apps.get_model("cms", "ResultsIndexPage")
    home = HomePage.objects.first()
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1) if home else None
    if home is None or ResultsIndexPage.objects.exists() or children.filter(slug=SLUG).exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="resultsindexpage")
    last = children.order_by("-path").first()
    # Treebeard's materialised path: four base-36 digits per level.
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    while step:
        step, digit = divmod(step, 36)
        suffix = DIGITS[digit] + suffix
    ResultsIndexPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=home.path + suffix.rjust(4, "0"),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        intro=INTRO,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_portal_settings_banner_results_index")]
    operations = [migrations.RunPython(create_results_section, migrations.RunPython.noop)]
