"""Property-based tests of the API against its own OpenAPI schema (schemathesis): whatever the generated
request, no 500, and every response matches the documented status codes, content types and schemas."""

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from newsfuse.web import create_app

# The app opens its store on the first request, so the schema loads at import and the seeded store is
# copied in before any test calls it. (schemathesis.pytest.from_fixture does not run under pytest 9.)
DB = Path(tempfile.mkdtemp(prefix="newsfuse-schema-")) / "news.db"
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # a cursor is opaque: a string the schema allows can still be one this API never made (422)
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "422"]},
            # a body over the size limit is refused before it is read, whatever else is wrong with it (413)
            "negative_data_rejection": {"expected-statuses": ["401", "403", "404", "413", "422"]},
        }
    }
)
# a token is set, so POST /api/articles answers (401 without it) instead of being off
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(DB, token="t0k3n"), config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def seeded_copy(seeded_db):
    shutil.copy(seeded_db, DB)
    yield
    shutil.rmtree(DB.parent, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
