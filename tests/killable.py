"""Running `eventdesk` as a real process that stops at a chosen point and waits there to be killed (SIGKILL), so
a test can kill it in the middle of the work, at the same point on every run, without guessing at timings.

    python -m tests.killable POINT -- eventdesk arguments...

POINT is one of:
    write:PATH     half-way through the first write to PATH or PATH.part (the file then holds half the data)
    replace:PATH   just before a file is renamed over PATH (the complete file still waits under another name)
    audit:ACTION   just after the audit entry ACTION is added, before its transaction commits

At the point the process writes "paused" on the file descriptor named by KILLABLE_FD and sleeps.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def pause() -> None:
    os.write(int(os.environ["KILLABLE_FD"]), b"paused\n")
    while True:
        time.sleep(60)


class HalfWritten:
    """A file whose first write stops half-way."""

    def __init__(self, file: Any) -> None:
        self._file = file

    def write(self, data: Any) -> int:
        half = len(data) // 2
        self._file.write(data[:half])
        self._file.flush()
        os.fsync(self._file.fileno())
        pause()
        return half  # never reached

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def stop_at(point: str) -> None:
    kind, _, target = point.partition(":")
    if kind == "write":
        real_open = io.open

        def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            opened = real_open(file, mode, *args, **kwargs)
            if "w" in mode and str(file) in (target, f"{target}.part"):
                return HalfWritten(opened)
            return opened

        io.open = builtins.open = opening  # type: ignore[assignment]
    elif kind == "replace":
        real_replace = os.replace

        def replacing(source: Any, destination: Any, *args: Any, **kwargs: Any) -> None:
            if str(destination) == target:
                pause()
            real_replace(source, destination, *args, **kwargs)

        os.replace = replacing  # type: ignore[assignment]
    elif kind == "audit":
        from eventdesk import audit

        real_record = audit.record

        def recording(action: str, *args: Any, **kwargs: Any) -> Any:
            entry = real_record(action, *args, **kwargs)
            if action == target:
                from eventdesk.extensions import db

                db.session.flush()  # the transaction's writes are at the database, uncommitted
                pause()
            return entry

        audit.record = recording  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stopping point {point!r}")


class Run:
    """The command, started; `paused()` waits until it reached the point, `kill()` sends SIGKILL."""

    def __init__(self, args: list[str], env: dict[str, str], point: str | None) -> None:
        self.read_end, write_end = os.pipe()
        env = {**env, "KILLABLE_FD": str(write_end), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "tests.killable", point or "none", "--", *args]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, pass_fds=(write_end,),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(write_end)

    def paused(self, timeout: float = 300) -> None:
        import select

        ready, _, _ = select.select([self.read_end], [], [], timeout)
        if not ready or os.read(self.read_end, 100) != b"paused\n":
            self.process.kill()
            out, err = self.process.communicate()
            raise AssertionError(f"the command ended before its stopping point: {out.decode()}{err.decode()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        os.close(self.read_end)
        assert self.process.returncode == -signal.SIGKILL


def main() -> None:
    point, separator, *args = sys.argv[1:]
    assert separator == "--"
    if point != "none":
        stop_at(point)
    from eventdesk.cli import main as eventdesk

    sys.argv = ["eventdesk", *args]
    eventdesk()


if __name__ == "__main__":
    main()
