"""An allowlist of test demos and their workspace, written into a temporary content folder."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from tests.servers import ROOT

SPAWNER = '''\
"""Start a grandchild that leaves the process group and ignores SIGTERM, then wait."""
import os, signal, sys, time
child = os.fork()
if child == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open("grandchild.pid", "w") as f:
        f.write(str(os.getpid()))
    while True:
        time.sleep(1)
print("spawned", child, flush=True)
time.sleep(int(sys.argv[1]))
'''

DEMOS = """\
[demos.hello]
title = "Hello"
argv = ["{python}", "-c", "import sys; print('hello'); print('to stderr', file=sys.stderr); print('bye')"]
workspace = "lab"
timeout = 20

[demos.greet]
title = "Greet"
argv = ["{python}", "greet.py", "{name}", "{colour}"]
workspace = "lab"
params.name = { pattern = "^[a-z]{1,10}$", default = "ada" }
params.colour = { choices = ["red", "green"], default = "green" }

[demos.environ]
title = "Environment"
argv = ["{python}", "-c", "import json, os; print(json.dumps(dict(os.environ)))"]
workspace = "lab"
env = { GREETING = "hi" }

[demos.sleeper]
title = "Sleep"
argv = ["{python}", "-c", "import time; print('start', flush=True); time.sleep(60)"]
workspace = "lab"
timeout = 2

[demos.spawner]
title = "Spawn a stubborn grandchild"
argv = ["{python}", "spawner.py", "{seconds}"]
workspace = "lab"
timeout = 2
params.seconds = { choices = ["0", "60"], default = "60" }

[demos.flood]
title = "Flood"
argv = ["{python}", "-c", "import sys\\nline = b'x' * 1023 + b'\\\\n'\\nfor _ in range(200 * 1024): sys.stdout.buffer.write(line)"]
workspace = "lab"
timeout = 120

[demos.colours]
title = "Colours"
argv = ["{python}", "-c", "print('\\\\x1b[31mred\\\\x1b[0m plain')"]
workspace = "lab"

[demos.counter]
title = "Count slowly"
argv = ["{python}", "-c", "import time\\nfor i in range(30):\\n    print(i, flush=True)\\n    time.sleep(0.1)"]
workspace = "lab"
timeout = 30

[demos.echo]
title = "Echo"
argv = ["{python}", "-c", "import sys; print(sys.argv[1:])", "{text}"]
workspace = "lab"
params.text = { pattern = "^.{0,40}$", default = "" }

[demos.marker]
title = "Leave a marker"
argv = ["{python}", "-c", "open('spawned.marker', 'w').write('x')"]
workspace = "lab"
"""


def make_content(folder: Path) -> Path:
    """A content folder: the shipped lessons and workspaces plus the test demos and 'lab'."""
    shutil.copytree(ROOT / "content", folder)
    (folder / "demos.toml").write_text((ROOT / "content" / "demos.toml").read_text() + "\n" + DEMOS)
    lab = folder / "workspaces" / "lab"
    lab.mkdir()
    (lab / "spawner.py").write_text(SPAWNER)
    (lab / "greet.py").write_text(
        textwrap.dedent("""\
        import sys
        print("hello", sys.argv[1], "in", sys.argv[2])
    """)
    )
    (lab / "pristine.txt").write_text("pristine\n")
    return folder
