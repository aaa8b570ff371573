from django.db import migrations, models

# Frozen here (a migration must not import code that may change): the library's short names.
SHORT_NAMES = {
    "can_thiet": "Cấp thiết",
    "sang_tao": "Sáng tạo",
    "lanh_dao_phoi_hop": "Lãnh đạo, phối hợp",
    "nhan_dan_tham_gia": "Nhân dân tham gia",
    "hieu_qua": "Hiệu quả",
    "ben_vung_nhan_rong": "Bền vững, nhân rộng",
    "ho_so": "Hồ sơ",
    "chao_hoi": "Chào hỏi",
    "trac_nghiem": "Trắc nghiệm",
    "xu_ly_tinh_huong": "Xử lý tình huống",
    "kich_ban": "Kịch bản",
    "thong_diep": "Thông điệp",
    "dien_xuat": "Diễn xuất",
    "dan_dung": "Dàn dựng",
    "thoi_gian": "Thời gian",
}


def fill_short_names(apps, schema_editor):
    """Criteria copied from the library get the library's short name (hand-made ones keep none:
    their full name is shown until an organiser gives one)."""
    Criterion = apps.get_model("contest", "Criterion")
    for code, short in SHORT_NAMES.items():
        Criterion.objects.filter(code=code, short_name="").update(short_name=short)


class Migration(migrations.Migration):

    dependencies = [
        ("contest", "0014_worker_heartbeats_and_discarded_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="criterion",
            name="short_name",
            field=models.CharField(
                blank=True,
                help_text="In trên bảng kết quả, dòng phân định và tệp Excel (tên đầy đủ hiện khi rê chuột). Ví dụ: Hiệu quả.",
                max_length=40,
                verbose_name="tên ngắn",
            ),
        ),
        migrations.RunPython(fill_short_names, migrations.RunPython.noop),
    ]
