"""Reference data as the API shows it: categories, skills and Kemendagri regions."""

from __future__ import annotations

from pydantic import ConfigDict

from app.models.reference import RegionLevel
from app.schemas.common import ResponseModel


class CategoryRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "slug": "packaging-design",
                "name_id": "Desain Kemasan",
                "name_en": "Packaging Design",
                "description_id": "Desain kemasan produk, label, stiker, standing pouch ...",
                "description_en": "Product packaging, labels, stickers, standing pouches ...",
            }
        },
    )

    slug: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str


class CategoryList(ResponseModel):
    data: list[CategoryRead]


class SkillRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "slug": "packaging-design",
                "name_id": "Desain Kemasan",
                "name_en": "Packaging Design",
                "category_slug": "packaging-design",
                "synonyms": ["desain kemasan", "kemasan produk", "desain packaging"],
            }
        },
    )

    slug: str
    name_id: str
    name_en: str
    category_slug: str
    synonyms: list[str]


class SkillList(ResponseModel):
    data: list[SkillRead]


class RegionRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "code": "35.78",
                "name": "Kota Surabaya",
                "level": "regency",
                "parent_code": "35",
            }
        },
    )

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


class RegionRef(ResponseModel):
    """A region named inside another resource (a business, a creative profile)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"example": {"code": "35.78", "name": "Kota Surabaya"}},
    )

    code: str
    name: str
