"""The impact page of a hub (server-rendered, Indonesian with English): what the template
shows, built from the public report, or from the hub staff view when opened with a valid
signed key (app/services/impact/page_links.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Hub
from app.reference.rupiah import format_rupiah
from app.schemas.impact import Count, ImpactReport, ImpactView
from app.services.hubs.access import HubNotFound
from app.services.impact.charts import bar_chart, line_chart
from app.services.impact.page_links import opens_staff_view
from app.services.impact.report import hub_page_report


@dataclass(frozen=True)
class Headline:
    label: str
    label_en: str
    value: str
    growth: str | None


@dataclass(frozen=True)
class ImpactPageView:
    report: ImpactReport
    headlines: list[Headline]
    monthly_chart: Markup
    category_chart: Markup
    # A key was given but does not open the staff view (expired, another hub's, forged).
    key_refused: bool = False

    @property
    def staff_view(self) -> bool:
        return self.report.view is ImpactView.hub_staff

    def template_context(self) -> dict[str, object]:
        """What templates/hub_impact.html reads."""
        return {
            "report": self.report,
            "headlines": self.headlines,
            "monthly_chart": self.monthly_chart,
            "category_chart": self.category_chart,
            "rupiah": rupiah,
            "staff_view": self.staff_view,
            "key_refused": self.key_refused,
        }


def _number(value: Count | float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{value:,}".replace(",", ".")


def rupiah(value: int | None) -> str:
    return "–" if value is None else format_rupiah(value)


def _growth(value: float | None) -> str | None:
    return None if value is None else f"{value:+.1f} %".replace(".", ",")


def _plotted(value: Count) -> float | None:
    return None if isinstance(value, str) else float(value)


def headlines(report: ImpactReport) -> list[Headline]:
    t, g = report.totals, report.growth
    return [
        Headline("UMKM dilayani", "UMKM served", _number(t.umkm_served), _growth(g.umkm_served)),
        Headline("Gig diposting", "Gigs posted", _number(t.gigs_posted), _growth(g.gigs_posted)),
        Headline(
            "Pekerjaan diberikan", "Jobs awarded", _number(t.gigs_awarded), _growth(g.gigs_awarded)
        ),
        Headline(
            "Pekerjaan selesai",
            "Jobs completed",
            _number(t.gigs_completed),
            _growth(g.gigs_completed),
        ),
        Headline(
            "Dana dicairkan (GMV)",
            "GMV released",
            rupiah(t.gmv_released_idr),
            _growth(g.gmv_released_idr),
        ),
        Headline(
            "Pendapatan kreator",
            "Creative earnings",
            rupiah(t.creative_earnings_idr),
            _growth(g.creative_earnings_idr),
        ),
        Headline(
            "Kreator dengan pekerjaan berbayar pertama",
            "Creatives with a first paid job",
            _number(t.creatives_first_paid_job),
            _growth(g.creatives_first_paid_job),
        ),
        Headline(
            "Kreator aktif",
            "Active creatives",
            _number(t.active_creatives),
            _growth(g.active_creatives),
        ),
        Headline(
            "Median jam hingga kontrak",
            "Median hours to contract",
            _number(t.median_hours_to_contract),
            None,
        ),
        Headline(
            "Median hari hingga selesai",
            "Median days to completion",
            _number(t.median_days_to_completion),
            None,
        ),
        Headline(
            "Tingkat rekrut ulang (%)",
            "Repeat-hire rate (%)",
            _number(t.repeat_hire_rate_percent),
            None,
        ),
        Headline(
            "Sengketa per 100 kontrak",
            "Disputes per 100 contracts",
            _number(t.disputes_per_100_contracts),
            None,
        ),
        Headline("Rata-rata penilaian", "Average rating", _number(t.average_rating), None),
    ]


async def hub_impact_page(
    session: AsyncSession,
    slug: str,
    *,
    from_day: date | None,
    to_day: date | None,
    key: str | None = None,
) -> ImpactPageView:
    """The page of the hub with this slug over whole months (404 `hub_not_found`): the public
    view, or the staff view when `key` is a valid page link of this hub."""
    hub = await session.scalar(select(Hub).where(Hub.slug == slug))
    if hub is None:
        raise HubNotFound()
    staff = key is not None and await opens_staff_view(session, hub, key)
    view = ImpactView.hub_staff if staff else ImpactView.public
    report = await hub_page_report(session, hub, from_day=from_day, to_day=to_day, view=view)
    monthly = line_chart(
        "Pekerjaan diberikan per bulan / Jobs awarded per month",
        [(row.key, _plotted(row.figures.gigs_awarded)) for row in report.by_period],
    )
    by_category = bar_chart(
        "Pekerjaan per kategori / Jobs by category",
        [(row.label, _plotted(row.figures.gigs_awarded)) for row in report.by_category],
    )
    refused = key is not None and not staff
    return ImpactPageView(report, headlines(report), monthly, by_category, refused)
