"""Mail templates: `templates/mail/<locale>/<name>.txt` (a `subject` and a `body` block) and
`<name>.html` (the same message as HTML), Indonesian unless the recipient chose English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.core.config import get_settings

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "mail"
LOCALES = ("id", "en")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text_body: str
    html_body: str


@lru_cache
def _environment() -> Environment:
    # StrictUndefined: a context missing a variable fails when enqueued, in the request and
    # its tests, rather than mailing a link with a hole in it.
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_email(template: str, locale: str, context: dict[str, Any]) -> RenderedEmail:
    """Render both parts of one message in `locale` (falling back to Indonesian)."""
    locale = locale if locale in LOCALES else "id"
    values = {"base_url": get_settings().public_base_url.rstrip("/"), **context}
    env = _environment()
    text_template = env.get_template(f"{locale}/{template}.txt")
    text_context = text_template.new_context(values)
    subject = "".join(text_template.blocks["subject"](text_context)).strip()
    body = "".join(text_template.blocks["body"](text_context)).strip() + "\n"
    html = env.get_template(f"{locale}/{template}.html").render(values)
    return RenderedEmail(subject=" ".join(subject.split()), text_body=body, html_body=html)
