"""Spotting English that a Vietnamese user of the back office would see.

Only what is read counts: text nodes outside <script>, <style>, <template> and <svg>, the
<title>, and the attributes people read or hear (placeholder, a button's value, title,
aria-label, alt). Class names, URLs, data-* and JSON for scripts are code, not text.
"""

import re
from html.parser import HTMLParser

# Words Wagtail's own catalogue left in English, and their neighbours (issue 12).
ENGLISH = [
    "Images",
    "Image",
    "Documents",
    "Document",
    "Reports",
    "Help",
    "Search",
    "Filter",
    r"Page \d+ of",
    "Save draft",
    "Save",
    "Request changes",
    "moderation",
    "minutes? ago",
    r"hours? ago",
    "just now",
    "New",
    "Create",
    "could not be",
    "Edit",
    "Delete",
    "Cancel",
    "Snippets",
    "Settings",
    "Dashboard",
    "Add",
    "Choose",
    "Sort",
    "Status",
    "Live",
    "Draft",
    "Publish",
    "Unpublish",
    "Preview",
    "History",
    "Workflow",
    "Users",
    "Groups",
    "Account",
    "Log out",
    "Sign in",
    "Title",
    "Actions",
    "Select",
    "Upload",
    "Collection",
    "Tags",
    "Clear",
    "Apply",
    "Previous",
    "Next",
    "Yes",
    "More",
    "Back",
    "Updated",
    "Created",
    "Digest",
    "Object",
    "Owner",
    "Explore",
    "Privacy",
    "Locked",
    "Comments",
    "Compare",
    "Approve",
    "Reject",
    "Submit",
    "Loading",
    "Close",
    "Awaiting",
    "Toggle",
    "Skip to",
    "Wagtail",
    "the",
    "and",
    "of",
    "your",
    "this",
]
PATTERN = re.compile(r"(?<![\w/.-])(?:" + "|".join(ENGLISH) + r")(?![\w/.-])")
HIDDEN = {"script", "style", "template", "svg", "noscript"}
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
            return
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        if tag not in HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def read_texts(html):
    reader = _Reader()
    reader.feed(html)
    return reader.texts


def english_in(texts):
    """The texts (or lines of a text) with an English word from the list."""
    found = []
    for text in texts:
        for line in text.splitlines():
            if PATTERN.search(line):
                found.append(line.strip())
    return found


class _IdCollector(HTMLParser):
    """The id attributes of a page's live elements (a <template>'s content is not in the page
    until a script copies it)."""

    def __init__(self):
        super().__init__()
        self.ids = []
        self.template_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self.template_depth += 1
        if not self.template_depth:
            self.ids += [value for name, value in attrs if name == "id" and value]

    def handle_endtag(self, tag):
        if tag == "template" and self.template_depth:
            self.template_depth -= 1


def repeated_ids(html) -> list[str]:
    """Ids given to more than one element of the page: a label or an aria reference to such an
    id points at whichever comes first, often the wrong field."""
    collector = _IdCollector()
    collector.feed(html)
    seen, repeated = set(), set()
    for value in collector.ids:
        (repeated if value in seen else seen).add(value)
    return sorted(repeated)
