"""Unit types and levels: people see and type their Vietnamese names, never their internal codes."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from contest.core.models import UnitLevel, UnitType
from contest.spreadsheets import importing


def test_the_type_and_level_lists_show_names_not_codes(client, organiser):
    client.force_login(organiser)
    for namespace, model in (("unit_types", UnitType), ("unit_levels", UnitLevel)):
        html = client.get(reverse(f"{namespace}:index")).content.decode()
        for obj in model.objects.all():
            assert obj.name in html
            assert not re.search(rf">\s*{re.escape(obj.code)}\s*<", html), (namespace, obj.code)


def test_a_type_created_by_its_name_gets_an_internal_key(client, organiser):
    client.force_login(organiser)
    client.post(reverse("unit_types:add"), {"name": "Đoàn Thanh niên", "order": "7"})

    created = UnitType.objects.get(name="Đoàn Thanh niên")
    assert created.code == "doan-thanh-nien"
    same_key = UnitType.objects.create(name="Đoàn thanh niên ")
    assert same_key.code == "doan-thanh-nien-2"


def test_the_import_guide_lists_names_only(db):
    download = importing.template_file(importing.KINDS["don-vi"])

    guide = load_workbook(io.BytesIO(download.content))["Hướng dẫn"]
    cells = {c for row in guide.iter_rows(values_only=True) for c in row if c}
    assert {t.name for t in UnitType.objects.all()} <= cells
    assert {level.name for level in UnitLevel.objects.all()} <= cells
    codes = {t.code for t in UnitType.objects.all()} | {lv.code for lv in UnitLevel.objects.all()}
    assert not cells & codes


def test_the_unit_export_names_types_and_levels_and_imports_back(db):
    from tests.factories import UnitFactory

    unit = UnitFactory()
    download = importing.export_file(importing.KINDS["don-vi"])
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    row = [c.value for c in sheet[2]]
    assert unit.unit_type.name in row and unit.level.name in row
    assert unit.unit_type.code not in row and unit.level.code not in row

    dataset = importing.read_table(download.content, "don-vi.xlsx")
    report = importing.run_import(importing.KINDS["don-vi"], dataset, dry_run=False)
    assert report.ok and report.unchanged == 1
