#!/usr/bin/env python3
"""Verify a built bundle: its manifest, then a smoke test in a scrubbed environment with no
network. Exit 0 only if everything held. See docs/packaging.md.

    python packaging/verify_bundle.py dist/bundle
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from bundler import manifest, smoke

INSIDE_FLAG = "--inside-namespace"


def say(ok: bool, message: str) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {message}", flush=True)


def check_manifest(bundle: Path) -> bool:
    try:
        listed = manifest.load(bundle)
    except (FileNotFoundError, ValueError) as exc:
        say(False, str(exc))
        return False
    result = manifest.check(bundle, listed)
    for problem in result.problems()[:50]:
        say(False, f"manifest: {problem}")
    if len(result.problems()) > 50:
        say(False, f"manifest: … and {len(result.problems()) - 50} more")
    if result.extra_other:
        print(
            f"note {len(result.extra_other)} extra file(s) that cannot run, e.g. "
            f"{result.extra_other[0]}"
        )
    if result.ok:
        say(
            True,
            f"manifest: {result.files} files, {result.total_bytes / 1e6:.1f} MB, all "
            f"present and unchanged (Fieldguide {listed.get('version')}, "
            f"Python {listed.get('python')}, {listed.get('platform')})",
        )
    return result.ok


def built_from_local_interpreter(bundle: Path) -> bool:
    return "--python-home" in str(manifest.load(bundle).get("python_source", ""))


def smoke_in_namespace(bundle: Path) -> bool:
    """Re-run this script inside a fresh network namespace, where this system allows one."""
    unshare = shutil.which("unshare")
    if sys.platform == "linux" and unshare:
        command = [unshare, "--net", "--map-root-user", sys.executable, __file__, INSIDE_FLAG,
                   str(bundle)]  # fmt: skip
        probe = subprocess.run([unshare, "--net", "--map-root-user", "true"], capture_output=True)
        if probe.returncode == 0:
            return subprocess.run(command).returncode == 0
        reason = probe.stderr.decode(errors="replace").strip() or "unshare failed"
    else:
        reason = "no unshare(1)" if sys.platform == "linux" else f"not supported on {sys.platform}"
    print(f"note network NOT isolated: cannot create a network namespace here ({reason})")
    return smoke.run(bundle, say, built_from_local_interpreter(bundle))


def inside_namespace(bundle: Path) -> int:
    # A new namespace's loopback starts down; the server listens on 127.0.0.1.
    subprocess.run(["ip", "link", "set", "lo", "up"], check=False, capture_output=True)
    if smoke.network_isolated():
        say(True, "network: isolated (a fresh network namespace with loopback only)")
    else:
        print("note network NOT isolated: interfaces other than loopback are visible")
    return 0 if smoke.run(bundle, say, built_from_local_interpreter(bundle)) else 1


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle folder (build_bundle.py --out)")
    parser.add_argument(
        "--manifest-only", action="store_true",
        help="check the manifest only (e.g. a bundle for another platform)",
    )  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [INSIDE_FLAG]:  # internal: the second half of smoke_in_namespace()
        return inside_namespace(Path(argv[1]).resolve())
    args = parser().parse_args(argv)
    bundle = args.bundle.resolve()
    ok = check_manifest(bundle)
    if ok and not args.manifest_only:
        ok = smoke_in_namespace(bundle)
        # Running must not have written inside the install folder.
        ok = check_manifest(bundle) and ok
    print("verified" if ok else "NOT verified")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
