"""The class hub's generated configuration, checked without a hub (make test-hub runs the real one).

What these pin: every server and service listens on 127.0.0.1; only the class logs in; formgrader
is reachable by the formgrade group only; the admin service cannot administer users; the hub's
nbgrader configs load the hardened exchange plug-ins, and those are nbgrader's own classes extended.
"""
from __future__ import annotations

from pathlib import Path

from traitlets.config.loader import PyFileConfigLoader
from traitlets.utils.importstring import import_item

from course.grader.hub import Hub, configs

HUB = Hub(root=Path("/srv/example-hub"), port=8010, students=("student01", "student02"))


def load(tmp_path: Path, name: str, text: str):
    (tmp_path / name).write_text(text)
    return PyFileConfigLoader(name, path=str(tmp_path)).load_config()


def test_the_hub_listens_on_loopback_and_lets_only_the_class_in(tmp_path):
    c = load(tmp_path, "jupyterhub_config.py", configs.jupyterhub_config(HUB, "t" * 64))
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8010"
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert all(s["url"].startswith("http://127.0.0.1:") for s in c.JupyterHub.services if "url" in s)
    assert set(c.Authenticator.allowed_users) == {"instructor", "student01", "student02"}
    assert c.JupyterHub.authenticator_class == "pam"


def test_formgrader_is_for_the_formgrade_group_and_the_admin_service_is_not_a_superuser(tmp_path):
    c = load(tmp_path, "jupyterhub_config.py", configs.jupyterhub_config(HUB, "t" * 64))
    service = next(s for s in c.JupyterHub.services if s["name"] == HUB.course_id)
    assert service["user"] == HUB.grader
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    access = [r for r in roles.values() if f"access:services!service={HUB.course_id}" in r["scopes"]]
    assert [r["groups"] for r in access] == [[f"formgrade-{HUB.course_id}"]]
    assert c.JupyterHub.load_groups[f"formgrade-{HUB.course_id}"]["users"] == ["instructor"]
    assert "admin:users" not in roles["class-admin"]["scopes"]
    assert not any(s.startswith("access:") for s in roles[f"nbgrader-{HUB.course_id}"]["scopes"])


def test_the_hubs_nbgrader_configs_load_the_hardened_exchange(tmp_path):
    glob = load(tmp_path, "nbgrader_config.py", configs.global_nbgrader_config(HUB))
    assert glob.Exchange.root == "/srv/example-hub/exchange"
    course = configs.course_nbgrader_config("c = get_config()\n", HUB, "postgresql+psycopg2://u:p@127.0.0.1:5433/g")
    (tmp_path / "course").mkdir()
    cc = load(tmp_path / "course", "nbgrader_config.py", course)
    assert cc.CourseDirectory.db_url.startswith("postgresql")
    from nbgrader.exchange.default.collect import ExchangeCollect
    from nbgrader.exchange.default.submit import ExchangeSubmit
    assert issubclass(import_item(glob.ExchangeFactory.submit), ExchangeSubmit)
    assert issubclass(import_item(cc.ExchangeFactory.collect), ExchangeCollect)


def test_stopping_the_hub_stops_a_proxy_it_left_behind(tmp_path):
    """JupyterHub starts configurable-http-proxy in a session of its own; a hub that was killed
    leaves it holding the hub's ports (a second CI run on one machine once failed with EADDRINUSE).
    `stop_proxy` finds it by the folder it runs from, as `node <root>/proxy/.../configurable-http-proxy`,
    and leaves every other process alone."""
    import subprocess
    import sys

    from course.grader.hub import __main__ as hub_cli

    hub = Hub(root=tmp_path, port=8010, students=())
    script = hub.proxy_dir / "node_modules" / "configurable-http-proxy" / "bin" / "configurable-http-proxy"
    script.parent.mkdir(parents=True)
    script.write_text("import time\ntime.sleep(120)\n")
    stray = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", str(tmp_path / "elsewhere")])
    try:
        assert hub_cli.machine.processes_running_from(hub.proxy_dir) == [stray.pid]
        hub_cli.stop_proxy(hub)
        assert stray.wait(timeout=5) is not None and bystander.poll() is None
        assert hub_cli.machine.processes_running_from(hub.proxy_dir) == []
    finally:
        for p in (stray, bystander):
            p.kill()
            p.wait()
