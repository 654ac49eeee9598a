from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.core.db import SessionDep
from app.core.errors import InvalidCursor
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models.reference import RegionLevel
from app.schemas.common import RegionCode, SearchText, Slug
from app.schemas.reference import CategoryList, RegionRead, SkillList
from app.services import reference
from app.services.reference import RegionNotFound, UnknownCategory, UnknownRegion

router = APIRouter(tags=["reference"])


@router.get(
    "/v1/categories",
    summary="List service categories",
    responses=problem_responses(),
)
async def list_categories(session: SessionDep) -> CategoryList:
    """The fixed, curated list of service categories in display order (not paginated)."""
    return await reference.list_categories(session)


@router.get(
    "/v1/skills",
    summary="Search skills",
    responses=problem_responses(UnknownCategory),
)
async def search_skills(
    session: SessionDep,
    q: Annotated[
        SearchText | None,
        Query(description="Matches Indonesian and English names and synonyms, e.g. `kemasan`"),
    ] = None,
    category: Annotated[Slug | None, Query(description="Only skills of this category")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many skills")] = 20,
) -> SkillList:
    """Skills matching `q` best first (substring or close trigram match), else all in order."""
    return await reference.search_skills(session, q=q, category=category, limit=limit)


@router.get(
    "/v1/regions",
    summary="List Kemendagri regions",
    responses=problem_responses(InvalidCursor, UnknownRegion),
)
async def list_regions(
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[
        SearchText | None, Query(description="Case-insensitive name substring, e.g. `surabaya`")
    ] = None,
    level: Annotated[RegionLevel | None, Query(description="`province` or `regency`")] = None,
    parent: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{2}$", description="Province code: list its regencies, e.g. `35`"),
    ] = None,
) -> Page[RegionRead]:
    """Provinces and regencies/cities in code order; `parent` lists one province's regencies."""
    return await reference.list_regions(session, q=q, level=level, parent=parent, page=page)


@router.get(
    "/v1/regions/{code}",
    summary="Get a region",
    responses=problem_responses(RegionNotFound),
)
async def get_region(session: SessionDep, code: Annotated[RegionCode, Path()]) -> RegionRead:
    """One province (`35`) or regency/city (`35.78`) by its Kemendagri code."""
    return await reference.get_region(session, code)
