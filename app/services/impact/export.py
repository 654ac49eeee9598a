"""CSV export of an impact report: the same tables as the JSON, one line per row, with the
same suppression (suppressed counts read "<5", hidden money is empty)."""

from __future__ import annotations

import csv
import io

from app.schemas.impact import ImpactFigures, ImpactReport, ImpactRow

FIGURES = tuple(ImpactFigures.model_fields)
HEADER = ("table", "key", "label", "label_en", *FIGURES)


def _line(table: str, key: str, label: str, label_en: str, figures: ImpactFigures) -> list[str]:
    values = figures.model_dump()
    shown = [
        ""
        if values[f] is None
        else str(values[f]).lower()
        if isinstance(values[f], bool)
        else str(values[f])
        for f in FIGURES
    ]
    return [table, key, label, label_en, *shown]


def report_csv(report: ImpactReport) -> str:
    """The report's tables as CSV (UTF-8, comma separated, a header line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    span = f"{report.from_month:%Y-%m}..{report.to_month:%Y-%m}"
    before = f"{report.previous_from_month:%Y-%m}..{report.previous_to_month:%Y-%m}"
    writer.writerow(_line("total", span, "Jumlah", "Total", report.totals))
    writer.writerow(
        _line("previous", before, "Periode sebelumnya", "Previous period", report.previous)
    )
    growth = report.growth.model_dump()
    writer.writerow(
        ["growth_percent", span, "Pertumbuhan (%)", "Growth (%)"]
        + ["" if growth.get(f) is None else str(growth[f]) for f in FIGURES]
    )
    tables: tuple[tuple[str, list[ImpactRow]], ...] = (
        ("period", report.by_period),
        ("province", report.by_province),
        ("regency", report.by_regency),
        ("category", report.by_category),
    )
    for table, rows in tables:
        for row in rows:
            writer.writerow(_line(table, row.key, row.label, row.label_en, row.figures))
    return out.getvalue()
