import pytest

from tests.signing.keys import make_dev_key


@pytest.fixture
def dev_key(tmp_path, settings):
    return make_dev_key(tmp_path, settings)


from tests.signing.services import remote_signer, remote_signer_with_approval, timestamp_authority  # noqa: E402, F401
from tests.signing.token import softhsm_token  # noqa: E402, F401  (a fixture)
