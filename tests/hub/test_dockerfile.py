"""hub/Dockerfile, the single-user image, installs exactly the course's pins (no Docker daemon here: the
file is parsed, not built).

Checked: the base image's Python is the one environment.yml names; every file it copies exists; the pins
reach the image only as the repository's requirements.txt with constraints.txt (one `pip install -r ... -c
...` of the copied files), nnhelpers goes in with --no-deps, and no other install names a package or a
version of its own; the server it starts is jupyterhub-singleuser, of the version requirements.txt pins
for the hub too; it does not run as root.
"""

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "hub" / "Dockerfile"


def instructions(text):
    """[(INSTRUCTION, arguments)] of a Dockerfile: comments dropped, continued lines joined."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    return [
        (
            line.split(None, 1)[0].upper(),
            line.split(None, 1)[1].strip() if " " in line.strip() else "",
        )
        for line in joined.splitlines()
        if line.strip()
    ]


def pip_installs(run):
    """The argument lists of every `pip install` in a RUN line (commands split at && and ;)."""
    installs = []
    for command in re.split(r"&&|;", run):
        words = shlex.split(command)
        if (
            words[:2] == ["pip", "install"]
            or words[1:3] == ["-m", "pip"]
            and words[3:4] == ["install"]
        ):
            installs.append(words[words.index("install") + 1 :])
    return installs


def problems(text, root=ROOT):
    """What is wrong with a Dockerfile's text, as a list of sentences (empty: nothing)."""
    found = []
    steps = instructions(text)
    python = re.search(r"python=(\d+\.\d+)", (root / "environment.yml").read_text()).group(1)
    base = [args for op, args in steps if op == "FROM"]
    if len(base) != 1 or not re.fullmatch(rf"python:{re.escape(python)}(\.\d+)?-slim-\w+", base[0]):
        found.append(
            f"FROM should be one python:{python}-slim-<debian> image (environment.yml), got {base}"
        )
    copied = {}
    for op, args in steps:
        if op == "COPY":
            *sources, target = shlex.split(args)
            for source in sources:
                if not (root / source).exists():
                    found.append(f"COPY {source}: no such file in the repository")
                copied[source] = (
                    target.rstrip("/") + "/" + Path(source).name if target.endswith("/") else target
                )
    installs = [words for op, args in steps if op == "RUN" for words in pip_installs(args)]
    pinned = [
        w
        for w in installs
        if w == ["-r", copied.get("requirements.txt"), "-c", copied.get("constraints.txt")]
    ]
    if len(pinned) != 1:
        found.append(
            "the pins should be installed once as `pip install -r <copied requirements.txt> -c <copied "
            f"constraints.txt>`; pip installs: {installs}"
        )
    for words in installs:
        if words in pinned:
            continue
        names = [w for w in words if not w.startswith("-")]
        local = [
            w
            for w in names
            if any(w == target or w == Path(target).parent.as_posix() for target in copied.values())
        ]
        if names != local or "--no-deps" not in words:
            found.append(
                f"`pip install {' '.join(words)}` installs something other than the pins "
                "(only the copied course, with --no-deps, may be installed besides them)"
            )
    cmd = [args for op, args in steps if op == "CMD"]
    if cmd != ['["jupyterhub-singleuser"]']:
        found.append(f"CMD should start jupyterhub-singleuser, got {cmd}")
    if not re.search(r"^jupyterhub==\S+", (root / "requirements.txt").read_text(), flags=re.M):
        found.append(
            "requirements.txt pins no jupyterhub: the image's jupyterhub-singleuser must match the hub's"
        )
    users = [args for op, args in steps if op == "USER"]
    if not users or users[-1] in ("root", "0"):
        found.append(f"the image should end as an unprivileged USER, got {users}")
    return found


def test_the_single_user_image_installs_the_pins():
    assert problems(DOCKERFILE.read_text()) == []


@pytest.mark.parametrize(
    "change",
    [
        ("pip install --no-deps --no-build-isolation /tmp/course", "pip install numpy==1.26.4"),
        ("-c /tmp/course/constraints.txt", ""),
        ("RUN pip install -r", "RUN pip install jupyterlab && pip install -r"),
        ("FROM python:3.11-slim-bookworm", "FROM python:3.12-slim-bookworm"),
        ("COPY nnhelpers /tmp/course/nnhelpers", "COPY nnhelper /tmp/course/nnhelpers"),
        ("USER jovyan", "USER root"),
        ('CMD ["jupyterhub-singleuser"]', 'CMD ["jupyter", "lab"]'),
    ],
)
def test_the_check_finds_a_changed_image(change):
    old, new = change
    text = DOCKERFILE.read_text()
    assert old in text
    assert problems(text.replace(old, new)) != []
