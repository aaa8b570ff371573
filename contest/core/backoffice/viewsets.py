"""The "Cuộc thi" menu of the Wagtail admin: its name, and the hook through which every domain's
back office adds its pages to it. The menu itself (contests, entries, extensions, units and their
levels and types, certificate templates) is put together in contest/wagtail_hooks.py, which may
import every domain; core imports none of them.

Who sees what follows the model permissions that contest/core/roles.py gives each group; the
review page checks ``review.review_entry`` (contest/rules.py) on top.
"""

# Back-office parts (imports, reports …) add entries to this menu by registering a MenuItem with
# this hook: @hooks.register(CONTEST_MENU_HOOK).
CONTEST_MENU_HOOK = "register_contest_menu_item"
