from django.db import migrations

# Since 01/7/2025 Vietnam has two levels of local government; old levels stay as data.
LEVELS = [
    ("tinh", "Tỉnh, thành phố"),
    ("xa", "Xã, phường, đặc khu"),
    ("co-so", "Cơ sở (chi bộ, tổ dân phố, thôn)"),
    ("huyen", "Huyện, quận (trước 01/7/2025)"),
]
TYPES = [
    ("dang-uy", "Đảng ủy, chi bộ"),
    ("ubnd", "Ủy ban nhân dân"),
    ("mttq", "Mặt trận Tổ quốc, đoàn thể"),
    ("co-quan", "Sở, ban, ngành"),
    ("cong-an", "Công an"),
    ("quan-su", "Quân sự"),
    ("truong-hoc", "Trường học"),
    ("khac", "Khác"),
]


def seed(apps, schema_editor):
    UnitLevel = apps.get_model("contest", "UnitLevel")
    UnitType = apps.get_model("contest", "UnitType")
    for order, (code, name) in enumerate(LEVELS):
        UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(TYPES):
        UnitType.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("contest", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
