"""Registers the public site's back-office pages; each lives in cms/views/."""

import cms.views.publish  # noqa: F401  (registration happens on import)
