"""Files the commands write (reports, exports, badge PDFs) appear under their name only when complete: written
to NAME.part, flushed to disk, then renamed over NAME. A run killed half-way leaves the last good file as it was
and at most a .part beside it, never a truncated file that looks finished."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from eventdesk.errors import Refused


@contextmanager
def whole(path: Path) -> Iterator[BinaryIO]:
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise Refused("unwritable_file", f"cannot write {path}: {e.strerror or e}") from e
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write(path: Path, data: bytes) -> None:
    with whole(path) as out:
        out.write(data)
