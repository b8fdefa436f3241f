"""Starting a demo in its own session and killing everything in that session.

``killpg`` only reaches one process group; a grandchild that moved to a group of its own
stays in the session, so on Linux the whole session is found through /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

GRACE = 1.5  # seconds between SIGTERM and SIGKILL (the contract says at most 2)
KILL_PATIENCE = 5.0  # a process stuck in the kernel cannot die at once; do not spin forever
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def boot_id() -> str:
    """Identifies this boot, so that pids recorded before a reboot are never signalled."""
    try:
        return BOOT_ID.read_text().strip()
    except OSError:
        return ""


def spawn(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    # argv comes only from the allowlist (see commands.build_argv); never a shell.
    return subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        close_fds=True,
    )


def session_members(sid: int) -> list[int]:
    """Every live process whose session id is ``sid`` (Linux; elsewhere the group leader)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return [sid] if alive(sid) else []
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces): state ppid pgrp session …
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def alive(pid: int) -> bool:
    """True for a running process; a zombie (dead, not yet reaped) does not count."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc here: trust the signal
    return stat[stat.rfind(")") + 2 :].split()[0] != "Z"


def _signal_all(sid: int, signum: int) -> list[int]:
    members = session_members(sid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(sid, signum)
    for pid in members:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)
    return members


def terminate_session(sid: int, grace: float = GRACE) -> None:
    """SIGTERM to everything in the session, SIGKILL to whatever is left after ``grace``."""
    if not hasattr(os, "killpg"):
        return
    if not _signal_all(sid, signal.SIGTERM):
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and session_members(sid):
        time.sleep(0.05)
    deadline = time.monotonic() + KILL_PATIENCE
    while session_members(sid) and time.monotonic() < deadline:
        _signal_all(sid, signal.SIGKILL)
        time.sleep(0.02)
