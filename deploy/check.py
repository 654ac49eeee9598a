"""`make deploy-check`: the deployment files agree with the application.

Kubernetes manifests are validated against the API schemas by kubernetes-validate (bundled
schemas, offline) in the Makefile; this adds what no schema knows: every `pasar` command in
the Compose file and the manifests parses with the real CLI, and every environment variable
they set is a setting the app reads (a typo would otherwise be ignored silently).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from app.cli import _parser
from app.core.config import Settings

DEPLOY = Path(__file__).resolve().parent
# Read by the platform or by libraries, not by Settings.
NOT_SETTINGS = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}


def _containers(document: dict[str, Any]) -> list[dict[str, Any]]:
    spec = document.get("spec", {})
    template = spec.get("template", spec.get("jobTemplate", {}).get("spec", {}).get("template"))
    return list((template or {}).get("spec", {}).get("containers", []))


def problems() -> list[str]:
    found: list[str] = []
    settings = {name.upper() for name in Settings.model_fields}
    commands: list[tuple[str, list[str]]] = []
    variables: list[tuple[str, str]] = []

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for name in ("postgres", "migrate", "api", "worker", "haproxy"):
        if name not in compose["services"]:
            found.append(f"compose.yaml: service {name} is missing")
    for name, service in compose["services"].items():
        command = service.get("command")
        if command and command[0] == "pasar":
            commands.append((f"compose.yaml {name}", command[1:]))
            variables += [(f"compose.yaml {name}", key) for key in service.get("environment", {})]
    migrate_first = compose["services"]["api"]["depends_on"]["migrate"]["condition"]
    if migrate_first != "service_completed_successfully":
        found.append("compose.yaml: api must wait for the migrate job to complete")
    if not (DEPLOY / "haproxy.cfg").is_file():
        found.append("haproxy.cfg is missing")

    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document.get("kind") == "ConfigMap":
                variables += [(path.name, key) for key in document.get("data", {})]
            for container in _containers(document):
                args = container.get("args", [])
                if args[:1] == ["pasar"]:
                    commands.append((f"{path.name} {container['name']}", args[1:]))
                variables += [(path.name, env["name"]) for env in container.get("env", [])]

    for where, args in commands:
        try:
            _parser().parse_args(args)
        except SystemExit:
            found.append(f"{where}: `pasar {' '.join(args)}` does not parse")
    for where, variable in variables:
        if variable not in settings and variable not in NOT_SETTINGS:
            found.append(f"{where}: {variable} is not a setting the app reads")
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"deploy-check: {error}", file=sys.stderr)
    print(
        "deploy-check: compose and manifests agree with the CLI and settings" if not errors else ""
    )
    sys.exit(1 if errors else 0)
