"""`pasar hub create`: an operator registers a hub from the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys

from pydantic import ValidationError

from app.models import HubKind


def add_hub_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hub = commands.add_parser("hub", help="register hubs and programmes")
    actions = hub.add_subparsers(title="actions", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="register a hub; prints it as JSON")
    create.add_argument("--slug", required=True, help="e.g. ejsc-madiun")
    create.add_argument("--name", required=True)
    create.add_argument("--kind", required=True, choices=[k.value for k in HubKind])
    create.add_argument("--region", required=True, help="Kemendagri code, e.g. 35.77")
    create.add_argument("--parent", help="slug of the programme it belongs to")
    create.add_argument("--contact-email")
    create.add_argument("--contact-phone")
    create.add_argument("--website")
    create.add_argument("--description", default="")
    create.set_defaults(command=run_hub_create)


def run_hub_create(args: argparse.Namespace) -> int:
    from app.cli import _use_database
    from app.core.config import get_settings

    _use_database(get_settings())

    async def run() -> dict[str, object]:
        from sqlalchemy import select

        from app.core.db import dispose_engine, session_scope
        from app.models import Hub
        from app.schemas.hubs import HubCreate
        from app.services.audit import AuditActor
        from app.services.hubs import hubs
        from app.services.hubs.hubs import ParentHubNotFound

        try:
            async with session_scope() as session:
                parent_id = None
                if args.parent:
                    parent_id = await session.scalar(select(Hub.id).where(Hub.slug == args.parent))
                    if parent_id is None:
                        raise ParentHubNotFound(f"No hub with slug {args.parent}")
                body = HubCreate(
                    slug=args.slug,
                    name=args.name,
                    kind=HubKind(args.kind),
                    region_code=args.region,
                    parent_id=parent_id,
                    contact_email=args.contact_email,
                    contact_phone=args.contact_phone,
                    website=args.website,
                    description=args.description,
                )
                created = await hubs.create_hub(
                    session, AuditActor.operator(getpass.getuser()), body
                )
                return created.model_dump(mode="json")
        finally:
            await dispose_engine()

    from app.core.errors import DomainError

    try:
        result = asyncio.run(run())
    except DomainError as error:
        print(f"pasar: {error.detail}", file=sys.stderr)
        return 1
    except ValidationError as error:
        first = error.errors()[0]
        print(f"pasar: {'.'.join(map(str, first['loc']))}: {first['msg']}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
