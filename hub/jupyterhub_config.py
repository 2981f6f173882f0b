"""JupyterHub for the course on one server (make hub; python -m hub start).

Everything on 127.0.0.1. Users are system accounts (hub/accounts.py) whose servers LocalProcessSpawner
starts as them, from the hub's Python environment (hub/install.py), in their own home. Log-in:
FirstUseAuthenticator, for a trial: each allowed account's first log-in sets its password (kept
hashed in the state folder's secrets/, which only root can read); no other name can log in.

Roles, by the JUPYTER_CONFIG_PATH each user's server gets (hub/roles/):
- instructor: JupyterLab with nbgrader's formgrader, Create Assignment and the Assignment List; nbgrader's
  course root is ~/course/build, the instructor's copy of the course repository.
- student: the Assignment List (fetch, submit, fetch feedback) and the validate button; no formgrader,
  no Create Assignment, no course list.

Settings come from NN_HUB_STATE/settings.json, written by `python -m hub setup` (ports, accounts, the
exchange, the environment, the proxy).
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub)

STATE = Path(os.environ["NN_HUB_STATE"])
SECRETS = STATE / "secrets"  # mode 700: the hub's database, cookie secret and password hashes
settings = json.loads((STATE / "settings.json").read_text())
VENV = Path(settings["venv"])

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{SECRETS / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(SECRETS / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.check_running_servers = False
c.JupyterHub.shutdown_on_logout = False

c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.dbm_path = str(SECRETS / "passwords.dbm")
c.FirstUseAuthenticator.create_users = False
c.Authenticator.allowed_users = set(settings["instructors"]) | set(settings["students"])
c.Authenticator.admin_users = set(settings["instructors"])

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.args = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.start_timeout = 180  # a busy 2-core machine starts a server in ~5 s, sometimes much later
c.Spawner.http_timeout = 180
c.LocalProcessSpawner.shell_cmd = []  # started directly, not through a login shell


def role(username):
    return "instructor" if username in settings["instructors"] else "student"


def role_environment(spawner):
    """The user's role decides their server's configuration folder (hub/roles/<role>, copied to the state)."""
    name = spawner.user.name
    spawner.environment.update(
        {
            "JUPYTER_CONFIG_PATH": str(STATE / "roles" / role(name)),
            "NN_EXCHANGE_ROOT": settings["exchange"],
            "NN_COURSE_ID": settings["course_id"],
            "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "OPENBLAS_NUM_THREADS": "1",
        }
    )
    if role(name) == "instructor":
        spawner.environment["NN_COURSE"] = str(Path(os.path.expanduser(f"~{name}")) / "course")


c.Spawner.pre_spawn_hook = role_environment
