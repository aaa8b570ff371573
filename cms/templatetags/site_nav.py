from django import template

from cms import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def public_sections(context):
    """The header's public sections (cms/navigation.py), without a database query."""
    return navigation.public_sections(context.get("request"), page=context.get("page"))
