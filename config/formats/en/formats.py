# English interface keeps day-first dates (the data and the documents are Vietnamese) and uses
# English number separators.
from config.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
