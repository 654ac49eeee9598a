"""What each purpose accepts, and how a client's file name is made safe to keep."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from app.models import FilePurpose
from app.services.files import sniffing as t

MB = 1024 * 1024


@dataclass(frozen=True)
class PurposeRules:
    max_bytes: int
    types: frozenset[str]
    # How many may be used at once (in one message, one delivery, one portfolio item ...).
    max_per_use: int
    # Public once attached (portfolio images, avatars); everything else is private.
    public: bool = False


_IMAGES = t.RASTER_IMAGES
PURPOSES: dict[FilePurpose, PurposeRules] = {
    FilePurpose.message_attachment: PurposeRules(25 * MB, _IMAGES | {t.PDF, t.ZIP}, max_per_use=10),
    FilePurpose.deliverable: PurposeRules(
        50 * MB, _IMAGES | {t.PDF, t.POSTSCRIPT, t.PSD, t.SVG, t.ZIP}, max_per_use=20
    ),
    FilePurpose.portfolio_image: PurposeRules(10 * MB, _IMAGES, max_per_use=1, public=True),
    FilePurpose.dispute_evidence: PurposeRules(25 * MB, _IMAGES | {t.PDF}, max_per_use=10),
    FilePurpose.avatar: PurposeRules(
        5 * MB, frozenset({t.JPEG, t.PNG, t.WEBP}), max_per_use=1, public=True
    ),
    FilePurpose.training_certificate: PurposeRules(
        10 * MB, _IMAGES | {t.PDF}, max_per_use=1, public=True
    ),
}
LARGEST_UPLOAD = max(rules.max_bytes for rules in PURPOSES.values())
# Uploads a user may hold that nothing uses yet (the worker removes them after a day).
MAX_PENDING_PER_USER = 100

_UNSAFE = re.compile(r"[^\w.\- ()+]+")
NAME_MAX = 120


def sanitise_filename(raw: str | None, content_type: str) -> str:
    """A name safe for Content-Disposition: no directories, controls or odd characters, at
    most NAME_MAX characters, ending in an extension that matches the detected type."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, extension = os.path.splitext(name)
    allowed = t.KEPT_EXTENSIONS.get(content_type, {t.EXTENSIONS[content_type]})
    if extension.lower() not in allowed:
        stem, extension = name, t.EXTENSIONS[content_type]
    stem = stem[: NAME_MAX - len(extension)].strip(" ._") or "file"
    return f"{stem}{extension.lower()}"
