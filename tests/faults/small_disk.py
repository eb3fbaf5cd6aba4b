"""A disk of a few megabytes (a tmpfs mounted for the test) that a test fills up and frees.

Mounting needs the privilege to (root, or CAP_SYS_ADMIN); `why_not` says when it is missing.
"""

import errno
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHUNK = b"\0" * 65536


def why_not(folder: Path) -> str | None:
    """The reason a small disk cannot be mounted here, or None when it can."""
    folder.mkdir(parents=True, exist_ok=True)
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                           capture_output=True, text=True)
    if tried.returncode != 0:
        return f"cannot mount a small tmpfs: {tried.stderr.strip() or 'refused'}"
    subprocess.run(["umount", str(folder)], check=True)
    return None


class SmallDisk:
    def __init__(self, folder: Path) -> None:
        self.folder, self.filler = folder, folder / "filler"

    def fill(self) -> int:
        """Take every free byte; how many were taken."""
        taken = 0
        with self.filler.open("ab", buffering=0) as file:
            while True:
                try:
                    taken += file.write(CHUNK)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    return taken

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[SmallDisk]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
                   check=True, capture_output=True)
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)
