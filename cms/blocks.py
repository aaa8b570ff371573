"""StreamField blocks of announcement pages: what an organiser's notice is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tiêu đề"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("cấp"), choices=[("h2", _("Tiêu đề mục")), ("h3", _("Tiêu đề mục con"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Tiêu đề")
        template = "cms/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    # ImageBlock carries the alt text (or "decorative"), so every picture is described.
    image = ImageBlock(label=_("ảnh"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "cms/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("tài liệu"))
    label = blocks.CharBlock(
        label=_("tên hiển thị"), required=False, max_length=255, help_text=_("Để trống: dùng tên tài liệu.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu tải về")
        template = "cms/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("đường dẫn video"), help_text=_("YouTube, Facebook hoặc trang chia sẻ video khác."))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"


class AnnouncementBody(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = CaptionedImageBlock()
    document = DocumentBlock()
    video = VideoBlock()
