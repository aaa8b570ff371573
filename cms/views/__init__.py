"""Back-office views of the public site (registered in cms/wagtail_hooks.py)."""
