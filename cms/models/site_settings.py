"""Who runs the portal: the organiser's name and emblem in the header, its contacts in the footer.

One row per Wagtail site (Cài đặt → Cổng thông tin), edited by the organisers. Every field may be
left empty on a fresh install: the header then shows the portal's name beside a neutral emblem
shipped with the app (static/img/emblem.svg), and the footer only what is filled in. The header
reads these through cms/identity.py, which caches them, so that a page costs no query for them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_PORTAL_NAME = "Cổng thông tin Cuộc thi “Dân vận khéo”"


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    parent_body = models.CharField(
        _("cơ quan cấp trên"),
        max_length=150,
        blank=True,
        help_text=_("Dòng nhỏ phía trên tên cơ quan, ví dụ: Thành ủy Đà Nẵng. Để trống nếu không có."),
    )
    organiser_name = models.CharField(
        _("tên cơ quan tổ chức"),
        max_length=150,
        blank=True,
        help_text=_("Hiện lớn ở đầu mọi trang, ví dụ: Ban Tuyên giáo và Dân vận."),
    )
    portal_name = models.CharField(
        _("tên cổng thông tin"),
        max_length=150,
        default=DEFAULT_PORTAL_NAME,
        help_text=_("Dòng dưới tên cơ quan, cũng là tên trang khi chia sẻ."),
    )
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Ảnh PNG nền trong suốt, gần vuông, cạnh từ 200 điểm ảnh. Dùng cả làm biểu tượng trên thẻ trình duyệt. "
            "Để trống: dùng biểu trưng trung tính có sẵn."
        ),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible = models.CharField(
        _("cơ quan chịu trách nhiệm nội dung"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng."),
    )
    footer_note = models.CharField(
        _("ghi chú cuối trang"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("parent_body"), FieldPanel("organiser_name"), FieldPanel("portal_name"), FieldPanel("emblem")],
            heading=_("Đầu trang"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("responsible"),
                FieldPanel("footer_note"),
            ],
            heading=_("Cuối trang"),
        ),
    ]

    class Meta:
        verbose_name = _("cổng thông tin")
