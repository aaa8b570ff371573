"""The demo that ``manage.py seed_demo`` builds through the real services.

data.py and finished.py hold the data (units, accounts, dossiers; last year's finished contest),
builders.py seeds it through the services, illustrations.py draws the JPEG photos and
documents.py writes the small PDFs the dossiers carry.
"""
