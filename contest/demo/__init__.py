"""The demo contests that ``manage.py seed_demo`` builds through the real services."""
