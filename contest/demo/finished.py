"""The demo's finished contest of the previous year: dossiers, measured results, scores, decision.

Plain data only; ``manage.py seed_demo`` turns it into rows through the services. Units and
people are the fictional ones of DOMAIN.md §11 (the Đà Nẵng units of the demo).
"""

import datetime as dt

FINISHED_SLUG = "cuoc-thi-dan-van-kheo-2025"

FINISHED_CONTEST = {
    "name": "Cuộc thi “Dân vận khéo” thành phố Đà Nẵng năm 2025",
    "year": 2025,
    "document_place": "Đà Nẵng",
    "rules_text": (
        "Mỗi đơn vị đăng ký tối đa 3 mô hình đã triển khai ít nhất 12 tháng, có xác nhận của cấp ủy. "
        "Chấm theo thang 100 điểm; xét 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 5 giải Khuyến khích; "
        "chỉ trao giải cho mô hình đạt từ 70 điểm."
    ),
    "entry_quota_per_unit": 3,
    "require_endorsement": True,
    "min_running_months": 12,
}

# The calendar the contest ends up with once the demo has run it to the end (it is run "now",
# through the services, which only accept dossiers while a contest is open).
FINISHED_CALENDAR = {
    "registration_opens": dt.datetime(2025, 6, 2, 7, 0),
    "submission_deadline": dt.datetime(2025, 9, 30, 17, 0),
    "judging_starts": dt.date(2025, 10, 6),
    "judging_ends": dt.date(2025, 11, 14),
    "results_date": dt.date(2025, 12, 5),
}
SUBMITTED_ON = dt.datetime(2025, 9, 22, 9, 30)
FROZEN_ON = dt.datetime(2025, 11, 28, 16, 0)
PUBLISHED_ON = dt.datetime(2025, 12, 5, 9, 0)

# Since 2025 the organiser is the merged Ban Tuyên giáo và Dân vận Thành ủy, hence "BTGDVTU" on the
# decision and on the certificates alike.
CERTIFICATE_TEMPLATE = {
    "document_format": "party",
    "parent_body": "THÀNH ỦY ĐÀ NẴNG",
    "issuing_body": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    "decision_number": "24-QĐ/BTGDVTU",
    "decision_date": dt.date(2025, 12, 5),
    "place": "Đà Nẵng",
    "serial_suffix": "GCN-BTGDVTU",
    # Names the model, so that a unit's two prizes never read the same.
    "body_text": "Với {ho_so}\nđã đạt {giai} {cuoc_thi}",
    # The head of the Ban signs in person: no "T/M" line (that is for a committee's standing
    # board, whose head is a Bí thư, never a Trưởng ban).
    "signer_authority": "",
    "signer_title": "TRƯỞNG BAN",
    "signer_name": "Lê Minh Châu",
}

# Each dossier: who enters it, what it says, its measured results (name, unit, before, after),
# and ``score_share``, the share of the maximum the jury gives it (spaced so that no two tie).
FINISHED_ENTRIES = [
    {
        "unit_code": "DU-THANHKHE",
        "username": "thanhkhe",
        "title": "Dân vận khéo trong vận động hiến đất làm đường kiệt K82",
        "field_code": "van-hoa-xa-hoi",
        "photos": [
            ("road", "Bà con kiệt K82 cùng tháo dỡ tường rào, lùi cổng để mở rộng mặt đường"),
            ("ceremony", "Khánh thành kiệt K82 mở rộng, biểu dương 146 hộ hiến đất"),
        ],
        "score_share": 0.95,
        "data": {
            "situation": "Kiệt K82 rộng 1,5 m, ngập mỗi mùa mưa; xe cứu thương, xe chữa cháy không vào được.",
            "goals": "Mở rộng kiệt lên 4 m, làm mới cống thoát nước, không dùng ngân sách bồi thường.",
            "content_methods": "Đảng viên, cán bộ hiến đất trước; họp dân từng nhóm hộ; công khai thiết kế, "
            "dự toán và danh sách đóng góp; Nhân dân cử tổ giám sát thi công.",
            "scope_beneficiaries": "146 hộ dân của 2 tổ dân phố.",
            "forces": "Chủ trì: Đảng ủy phường; phối hợp: UBND phường, UBMTTQ; tham gia: các hộ dân.",
            "resources": "Nhân dân hiến 1.250 m² đất; vận động 120.000.000 đồng; 1.860 ngày công.",
            "started_on": dt.date(2023, 9, 1),
            "outputs": "Kiệt mở rộng 620 m; 100% hộ đồng thuận, không có đơn thư khiếu nại.",
            "sustainability": "Cách làm “dân bàn – dân làm – dân giám sát” đã áp dụng cho 3 kiệt khác.",
        },
        "indicators": [
            ("Hộ tự nguyện hiến đất", "hộ", "0", "146"),
            ("Diện tích đất hiến", "m²", "0", "1.250"),
            ("Tiền vận động xã hội hóa", "đồng", "0", "120.000.000"),
            ("Ngày công Nhân dân đóng góp", "ngày công", "0", "1.860"),
            ("Chiều rộng mặt kiệt", "m", "1,5", "4"),
        ],
    },
    {
        "unit_code": "UBND-HOAVANG",
        "username": "hoavang",
        "title": "Tổ hợp tác trồng rau an toàn của hội viên phụ nữ",
        "field_code": "kinh-te",
        "photos": [
            ("vegetables", "Hội viên chăm sóc rau trong nhà lưới của tổ hợp tác, thôn Cẩm Toại"),
            ("office", "Cán bộ nông nghiệp xã hướng dẫn ghi nhật ký sản xuất theo VietGAP"),
        ],
        "score_share": 0.91,
        "data": {
            "situation": "Hội viên trồng rau nhỏ lẻ, bán qua thương lái, giá bấp bênh, lạm dụng thuốc bảo vệ thực vật.",
            "goals": "Lập tổ hợp tác, có đầu ra ổn định và rau đạt chuẩn VietGAP trong 2 năm.",
            "content_methods": "Hội Phụ nữ vận động hội viên góp đất, góp công; cán bộ nông nghiệp tập huấn; "
            "ký hợp đồng với bếp ăn trường học.",
            "scope_beneficiaries": "58 hộ hội viên của 3 thôn.",
            "forces": "Chủ trì: UBND xã; phối hợp: Hội Phụ nữ, Hội Nông dân; tham gia: hợp tác xã.",
            "resources": "Vốn vay ưu đãi 600.000.000 đồng; 2 nhà lưới do doanh nghiệp tài trợ.",
            "started_on": dt.date(2022, 10, 1),
            "outputs": "Thu nhập bình quân tăng từ 3,2 lên 6,8 triệu đồng/tháng; 12 ha đạt VietGAP.",
            "sustainability": "Tổ hợp tác tự chủ; 2 xã lân cận đến học tập.",
        },
        "indicators": [
            ("Hộ tham gia tổ hợp tác", "hộ", "12", "58"),
            ("Diện tích rau đạt VietGAP", "ha", "0", "12"),
            ("Thu nhập bình quân", "triệu đồng/tháng", "3,2", "6,8"),
        ],
    },
    {
        "unit_code": "DU-HAICHAU",
        "username": "thuky",
        "title": "Phố đi bộ không rác thải nhựa",
        "field_code": "van-hoa-xa-hoi",
        "photos": [("riverside", "Đoàn viên đổi chai nhựa lấy cây xanh trên phố đi bộ ven sông Hàn")],
        "score_share": 0.87,
        "data": {
            "situation": "Tuyến phố ven sông đông khách, rác thải nhựa dùng một lần nhiều.",
            "goals": "Giảm 70% túi ni lông, chai nhựa dùng một lần tại 120 cơ sở kinh doanh.",
            "content_methods": "Đoàn Thanh niên đến từng quán vận động; đổi chai nhựa lấy cây xanh; "
            "biểu dương cơ sở làm tốt trên trang của phường.",
            "scope_beneficiaries": "120 hộ kinh doanh; khoảng 8.000 lượt khách mỗi tối cuối tuần.",
            "forces": "Chủ trì: Đảng ủy phường; phối hợp: Đoàn Thanh niên, Hội Phụ nữ, các hộ kinh doanh.",
            "resources": "Xã hội hóa 85.000.000 đồng; 640 ngày công tình nguyện.",
            "started_on": dt.date(2023, 4, 1),
            "outputs": "Lượng rác nhựa thu gom giảm từ 410 kg xuống 95 kg mỗi tuần.",
            "sustainability": "Đưa vào quy ước của tuyến phố.",
        },
        "indicators": [
            ("Cơ sở cam kết không dùng túi ni lông", "cơ sở", "9", "112"),
            ("Rác nhựa thu gom mỗi tuần", "kg", "410", "95"),
            ("Ngày công tình nguyện", "ngày công", "0", "640"),
        ],
    },
    {
        "unit_code": "DU-THANHKHE",
        "username": "thanhkhe",
        "title": "Camera an ninh – mắt thần khu dân cư",
        "field_code": "quoc-phong-an-ninh",
        "photos": [("camera", "Camera do Nhân dân góp tiền lắp đặt ở đầu kiệt 45 Lê Duẩn")],
        "score_share": 0.83,
        "data": {
            "situation": "Trộm cắp xe máy, tài sản trong khu dân cư tăng, nhiều vụ không tìm ra đối tượng.",
            "goals": "Lắp camera tại mọi đầu kiệt, kết nối với Công an phường.",
            "content_methods": "Tổ dân phố họp dân, công khai chi phí; người dân tự nguyện góp tiền và "
            "cho lắp camera trên tường nhà.",
            "scope_beneficiaries": "2.310 hộ dân của 24 tổ dân phố.",
            "forces": "Chủ trì: Đảng ủy phường; phối hợp: Công an phường; tham gia: Nhân dân.",
            "resources": "Nhân dân đóng góp 356.000.000 đồng.",
            "started_on": dt.date(2023, 6, 15),
            "outputs": "Lắp 178 camera; vụ trộm cắp giảm từ 37 xuống 9 vụ/năm.",
            "sustainability": "Tổ dân phố tự duy trì phí bảo trì.",
        },
        "indicators": [
            ("Camera kết nối Công an phường", "camera", "6", "178"),
            ("Vụ trộm cắp tài sản", "vụ/năm", "37", "9"),
        ],
    },
    {
        "unit_code": "CB-TDP12-HAICHAU",
        "username": "thuky",
        "title": "Nhà văn hóa sáng – xanh – sạch nhờ sức dân",
        "field_code": "xay-dung-he-thong-chinh-tri",
        "photos": [("cultural_house", "Câu lạc bộ dân vũ sinh hoạt tối thứ Bảy tại nhà văn hóa tổ dân phố 12")],
        "score_share": 0.79,
        "data": {
            "situation": "Nhà văn hóa tổ dân phố xuống cấp, ít được sử dụng.",
            "goals": "Sửa chữa bằng sức dân và đưa vào sinh hoạt thường xuyên.",
            "content_methods": "Chi bộ họp bàn, đảng viên gương mẫu đóng góp trước; công khai thu chi hằng tháng.",
            "scope_beneficiaries": "312 hộ dân của tổ dân phố 12.",
            "forces": "Chủ trì: Chi bộ; phối hợp: Ban công tác Mặt trận, Chi hội Phụ nữ.",
            "resources": "Nhân dân đóng góp 64.000.000 đồng; 210 ngày công.",
            "started_on": dt.date(2023, 3, 1),
            "outputs": "Nhà văn hóa sửa xong; 4 câu lạc bộ sinh hoạt hằng tuần.",
            "sustainability": "Quỹ bảo trì do các câu lạc bộ tự đóng góp.",
        },
        "indicators": [
            ("Buổi sinh hoạt cộng đồng", "buổi/tháng", "2", "16"),
            ("Tiền Nhân dân đóng góp", "đồng", "0", "64.000.000"),
        ],
    },
    {
        "unit_code": "MTTQ-SONTRA",
        "username": "thuky",
        "title": "Tủ bánh mì nghĩa tình cho người lao động nghèo",
        "field_code": "van-hoa-xa-hoi",
        "photos": [],
        "score_share": 0.75,
        "data": {
            "situation": "Nhiều người lao động tự do, người bán vé số thiếu bữa sáng.",
            "goals": "Mỗi sáng phát 150 ổ bánh mì miễn phí.",
            "content_methods": "Mặt trận kết nối tiệm bánh, nhà hảo tâm; đoàn viên thanh niên phát bánh.",
            "scope_beneficiaries": "Người lao động nghèo trên địa bàn phường.",
            "forces": "Chủ trì: Ủy ban MTTQ phường; phối hợp: Đoàn Thanh niên; tham gia: nhà hảo tâm.",
            "resources": "Nhà hảo tâm đóng góp 180.000.000 đồng/năm.",
            "started_on": dt.date(2022, 12, 1),
            "outputs": "Phát hơn 52.000 ổ bánh mì.",
            "sustainability": "Có 23 nhà hảo tâm cam kết đóng góp lâu dài.",
        },
        "indicators": [("Ổ bánh mì phát mỗi ngày", "ổ", "0", "150")],
    },
    {
        "unit_code": "UBND-HOAVANG",
        "username": "hoavang",
        "title": "Loa truyền thanh thông minh đến từng thôn",
        "field_code": "xay-dung-he-thong-chinh-tri",
        "photos": [("loudspeaker", "Cụm loa truyền thanh thông minh mới lắp ở thôn Phước Hưng")],
        "score_share": 0.62,
        "data": {
            "situation": "Hệ thống loa cũ hỏng, thông tin không đến được các thôn xa.",
            "goals": "Phủ sóng loa truyền thanh thông minh ở 100% thôn.",
            "content_methods": "Vận động doanh nghiệp tài trợ thiết bị; trưởng thôn phát tin hằng ngày.",
            "scope_beneficiaries": "6 thôn, 1.870 hộ dân.",
            "forces": "Chủ trì: UBND xã; phối hợp: Đài truyền thanh xã.",
            "resources": "Doanh nghiệp tài trợ 95.000.000 đồng.",
            "started_on": dt.date(2023, 1, 10),
            "outputs": "18 cụm loa hoạt động.",
            "sustainability": "Chi phí vận hành đưa vào ngân sách xã.",
        },
        "indicators": [("Thôn có loa truyền thanh", "thôn", "2", "6")],
    },
]
