"""The models and their migrations agree, whichever language is active when the models are read."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_model_change_has_its_migration(db, language):
    out = io.StringIO()
    with translation.override(language):
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out)
        except SystemExit:
            pytest.fail(f"a model change has no migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
