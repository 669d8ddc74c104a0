import subprocess

from tests.conftest import PROJECT_DIR

CATALOGUE = PROJECT_DIR / "src" / "kompeten" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_checked_indonesian_translation():
    """Nothing untranslated, nothing fuzzy (a guess gettext made that nobody checked)."""
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", option, "--no-wrap", str(CATALOGUE)], capture_output=True, text=True, check=True
        )
        entries = [
            line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
        ]
        assert entries == [], option
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], check=True)
