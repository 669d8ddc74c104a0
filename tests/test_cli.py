import subprocess

from kompeten.cli import main
from tests.conftest import PROJECT_DIR

KOMPETEN = PROJECT_DIR / ".venv" / "bin" / "kompeten"


def test_it_explains_its_commands(capsys):
    assert main(["--help"]) == 0
    assert "manage" in capsys.readouterr().out


def test_an_unknown_command_exits_with_status_2(capsys):
    assert main(["terbang"]) == 2
    assert "unknown command 'terbang'" in capsys.readouterr().err


def test_manage_passes_through_to_django(tmp_path):
    result = subprocess.run(
        [str(KOMPETEN), "manage", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "KOMPETEN_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
