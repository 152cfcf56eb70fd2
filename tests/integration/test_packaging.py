"""The wheel carries the browser client: installed the way the Dockerfile does it
(`pip install .`, not editable), the hub serves the page (issue: scale-out, item 5)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from ..support import TIMEOUT, HubProcess

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_an_installed_wheel_serves_the_client(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(ROOT)],
        check=True, timeout=30 * TIMEOUT, cwd=tmp_path,
    )  # fmt: skip
    assert (target / "crossboard" / "_client" / "index.html").is_file()
    hub = HubProcess(tmp_path / "data", env={"PYTHONPATH": str(target)}).start()
    try:
        check = subprocess.run(
            [sys.executable, "-c", "import crossboard; print(crossboard.__file__)"],
            env={"PYTHONPATH": str(target)}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert check.stdout.startswith(str(target)), "the test must run the installed copy"
        with urllib.request.urlopen(f"{hub.url}/b/some-board", timeout=TIMEOUT) as r:
            page = r.read().decode()
        assert "/client/src/main.js" in page and "No client build" not in page
        with urllib.request.urlopen(f"{hub.url}/client/src/main.js", timeout=TIMEOUT) as r:
            assert r.status == 200 and b"import" in r.read()
    finally:
        hub.stop()
