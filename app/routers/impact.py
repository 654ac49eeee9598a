"""Impact reports: a hub's (its staff and administrators), public ones by region and
category, CSV exports of both, and the hub's public impact page (HTML, no script)."""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InvalidToken
from app.core.pages import templates
from app.core.problems import problem_responses
from app.schemas.common import RegionCode, Slug
from app.schemas.impact import Granularity, ImpactPageLink, ImpactReport
from app.services.hubs.access import HubNotFound
from app.services.impact import export, report
from app.services.impact.page import hub_impact_page
from app.services.impact.page_links import create_page_link
from app.services.impact.report import ImpactRangeInvalid, ImpactRangeTooLong
from app.services.reference import UnknownCategory, UnknownRegion

router = APIRouter(tags=["impact"])

FromDay = Annotated[
    date | None,
    Query(
        alias="from",
        description="First month counted (any day of it); default 11 months before `to`",
    ),
]
ToDay = Annotated[
    date | None,
    Query(alias="to", description="Last month counted (any day of it); default this month"),
]
GranularityQuery = Annotated[Granularity, Query(description="Rows of `by_period`")]
RegionQuery = Annotated[
    RegionCode | None, Query(description="A province (`35`) or regency (`35.78`)")
]
CategoryQuery = Annotated[Slug | None, Query(description="A category slug")]
StaffKey = Annotated[
    str | None,
    Query(
        max_length=400,
        description="A signed key from `POST /v1/hubs/{id}/impact/page-links`: shows the hub "
        "staff view; an invalid or expired key shows the public view",
    ),
]
# Inline styles and inline SVG only: the page loads nothing and runs no script.
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
STAFF_PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The report's tables as CSV"}
}
_RANGE = (ImpactRangeInvalid, ImpactRangeTooLong)
_HUB_ERRORS = problem_responses(InvalidToken, HubNotFound, *_RANGE)
_PUBLIC_ERRORS = problem_responses(UnknownRegion, UnknownCategory, *_RANGE)


@router.get(
    "/v1/hubs/{hub_id}/impact",
    summary="A hub's impact: its assisted businesses and affiliated creatives",
    responses=_HUB_ERRORS,
)
async def hub_impact(
    hub_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentUser,
    from_day: FromDay = None,
    to_day: ToDay = None,
    granularity: GranularityQuery = Granularity.month,
) -> ImpactReport:
    return await report.hub_impact(
        session, principal, hub_id, from_day=from_day, to_day=to_day, granularity=granularity
    )


@router.get(
    "/v1/hubs/{hub_id}/impact.csv",
    summary="A hub's impact as CSV",
    response_class=Response,
    responses={**_HUB_ERRORS, **CSV},
)
async def hub_impact_csv(
    hub_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentUser,
    from_day: FromDay = None,
    to_day: ToDay = None,
    granularity: GranularityQuery = Granularity.month,
) -> Response:
    found = await report.hub_impact(
        session, principal, hub_id, from_day=from_day, to_day=to_day, granularity=granularity
    )
    return Response(export.report_csv(found), media_type="text/csv; charset=utf-8")


@router.post(
    "/v1/hubs/{hub_id}/impact/page-links",
    summary="A one-hour link to the hub's impact page in the hub staff view",
    responses=problem_responses(InvalidToken, HubNotFound),
)
async def hub_impact_page_link(
    hub_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> ImpactPageLink:
    # Nothing is stored (the link is signed, not recorded), so no Idempotency-Key: 200.
    return await create_page_link(session, principal, hub_id)


@router.get(
    "/v1/impact",
    summary="Public impact figures for the country, a province or a regency",
    responses=_PUBLIC_ERRORS,
)
async def public_impact(
    session: SessionDep,
    region: RegionQuery = None,
    category: CategoryQuery = None,
    from_day: FromDay = None,
    to_day: ToDay = None,
    granularity: GranularityQuery = Granularity.month,
) -> ImpactReport:
    return await report.public_impact(
        session,
        region=region,
        category=category,
        from_day=from_day,
        to_day=to_day,
        granularity=granularity,
    )


@router.get(
    "/v1/impact.csv",
    summary="Public impact figures as CSV",
    response_class=Response,
    responses={**_PUBLIC_ERRORS, **CSV},
)
async def public_impact_csv(
    session: SessionDep,
    region: RegionQuery = None,
    category: CategoryQuery = None,
    from_day: FromDay = None,
    to_day: ToDay = None,
    granularity: GranularityQuery = Granularity.month,
) -> Response:
    found = await report.public_impact(
        session,
        region=region,
        category=category,
        from_day=from_day,
        to_day=to_day,
        granularity=granularity,
    )
    return Response(export.report_csv(found), media_type="text/csv; charset=utf-8")


@router.get(
    "/hubs/{slug}/impact",
    response_class=HTMLResponse,
    summary="A hub's public impact page (HTML, Indonesian with English)",
    responses=problem_responses(HubNotFound, *_RANGE),
)
async def hub_impact_html(
    request: Request,
    slug: Slug,
    session: SessionDep,
    from_day: FromDay = None,
    to_day: ToDay = None,
    key: StaffKey = None,
) -> HTMLResponse:
    view = await hub_impact_page(session, slug, from_day=from_day, to_day=to_day, key=key)
    headers = {"Content-Security-Policy": PAGE_POLICY}
    if key is not None:
        # The key is in the URL: keep the page out of caches and the key out of Referer.
        headers |= STAFF_PAGE_HEADERS
    return templates.TemplateResponse(
        request, "hub_impact.html", view.template_context(), headers=headers
    )
