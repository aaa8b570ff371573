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


OLD_BODY_TEXT = "Đã đạt {giai} {cuoc_thi}"
NEW_BODY_TEXT = "Với {ho_so}\nđã đạt {giai} {cuoc_thi}"


def name_the_dossier(apps, schema_editor):
    """Templates still on the old default wording name the model from now on: two prizes of one
    unit no longer read the same. A wording the organisers wrote themselves is left alone."""
    CertificateTemplate = apps.get_model("contest", "CertificateTemplate")
    CertificateTemplate.objects.filter(body_text=OLD_BODY_TEXT).update(body_text=NEW_BODY_TEXT)


def format_follows_the_issuer(apps, schema_editor):
    """A contest whose organiser is recognisably a Party or a state body gets that body's format
    (the documents already follow it; the contest form now refuses a contradiction)."""
    # Imported here: the rule is plain text matching (no model), needed only while migrating.
    from contest.core.officialdom import issuer_format

    Contest = apps.get_model("contest", "Contest")
    for contest in Contest.objects.only("pk", "organiser_body", "document_format"):
        found = issuer_format(contest.organiser_body)
        if found and found != contest.document_format:
            Contest.objects.filter(pk=contest.pk).update(document_format=found)


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
        migrations.AlterField(
            model_name="certificatetemplate",
            name="body_text",
            field=models.TextField(
                default="Với {ho_so}\nđã đạt {giai} {cuoc_thi}",
                help_text="Dùng {ho_so} (“mô hình …”, “điển hình …” hoặc “đội thi …” kèm tên), {mo_hinh} (chỉ tên, trong ngoặc kép), {giai} (tên giải), {cuoc_thi} (tên cuộc thi).",
                verbose_name="lời văn",
            ),
        ),
        migrations.AlterField(
            model_name="certificatetemplate",
            name="signer_authority",
            field=models.CharField(
                blank=True,
                default="TM. BAN TỔ CHỨC",
                help_text="Mỗi dòng một dòng in, ví dụ “TM. ỦY BAN NHÂN DÂN” rồi “KT. CHỦ TỊCH” (văn bản của Đảng: “T/M BAN THƯỜNG VỤ”, “K/T TRƯỞNG BAN”). Để trống khi người đứng đầu cơ quan ký trực tiếp.",
                max_length=200,
                verbose_name="thẩm quyền ký",
            ),
        ),
        migrations.RunPython(name_the_dossier, migrations.RunPython.noop),
        migrations.RunPython(format_follows_the_issuer, migrations.RunPython.noop),
    ]
