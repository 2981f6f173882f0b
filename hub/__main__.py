"""python -m hub setup|start|remove: the course on JupyterHub, on this machine (as root; see hub/trial.py).

python -m hub setup [--students N] [--port 8000]   accounts, environment, exchange, the instructor's course
python -m hub start                                JupyterHub on http://127.0.0.1:PORT/ until Ctrl+C
python -m hub remove                               the trial's accounts, homes and state folder
"""

import argparse
import json
import os
import signal
from pathlib import Path

from . import trial

DEFAULT_STATE = "/srv/nn-hub"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m hub",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["setup", "start", "remove"])
    parser.add_argument(
        "--state",
        default=os.environ.get("NN_HUB_STATE", DEFAULT_STATE),
        help=f"the trial's state folder (default: NN_HUB_STATE or {DEFAULT_STATE})",
    )
    parser.add_argument(
        "--students", type=int, default=2, help="student accounts (setup; default 2)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (setup; default 8000)"
    )
    args = parser.parse_args(argv)
    state = Path(args.state)
    if args.command == "setup":
        settings = trial.setup(state, students=args.students, port=args.port)
        print(
            f"\nThe trial is ready in {state}. Accounts: {', '.join(settings['instructors'] + settings['students'])}."
            "\nEach account's first log-in sets its password (at least 7 characters)."
        )
    elif args.command == "start":
        settings = json.loads((state / "settings.json").read_text())
        hub = trial.start(state)
        print(
            f"JupyterHub: {trial.url(settings)} (Ctrl+C stops it and every user's server)",
            flush=True,
        )
        try:
            hub.wait()
        except KeyboardInterrupt:
            hub.send_signal(signal.SIGINT)
            hub.wait()
        print("Stopped. `make hub-remove` removes the trial's accounts and their files.")
    else:
        trial.remove(state)
        print(f"removed the trial's accounts and {state}")


if __name__ == "__main__":
    main()
