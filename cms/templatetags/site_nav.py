from django import template

from cms import identity, navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def public_sections(context):
    """The header's public sections (cms/navigation.py), without a database query."""
    return navigation.public_sections(context.get("request"), page=context.get("page"))


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The organiser's names, emblem and contacts (cms/identity.py), cached: no query once warm."""
    return identity.for_request(context.get("request"))
