"""Images are decoded and written again: what is stored is pixels we produced (no EXIF, no
GPS position, no trailing payload), plus a thumbnail. Decoding is bounded so a small file that
claims a huge canvas (a decompression bomb) is refused before it takes the memory."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import Unprocessable
from app.services.files import sniffing as t

# 40 megapixels: a 7,300 x 5,500 photo; far above any camera phone an UMKM owner uses.
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
# GIFs are stored as their first frame in PNG (animation is not worth a decoder's risk).
OUTPUT_FORMAT = {t.JPEG: ("JPEG", t.JPEG), t.PNG: ("PNG", t.PNG), t.WEBP: ("WEBP", t.WEBP)}
OUTPUT_FORMAT[t.GIF] = ("PNG", t.PNG)


class ImageTooLarge(Unprocessable):
    code, title = "image_too_large", "The image has too many pixels to be decoded safely"


class ImageUnreadable(Unprocessable):
    code, title = "image_unreadable", "The image could not be decoded"


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    content_type: str
    thumbnail: bytes
    width: int
    height: int


def process_image(data: bytes, content_type: str) -> ProcessedImage:
    """Decode, orient, re-encode without metadata and make a JPEG thumbnail (CPU-bound: run it
    in a thread)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise ImageTooLarge(width=width, height=height, max_pixels=MAX_PIXELS)
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(max_pixels=MAX_PIXELS) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable() from exc
    pil_format, stored_type = OUTPUT_FORMAT[content_type]
    if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode == "P":
        image = image.convert("RGBA")
    out = io.BytesIO()
    # No `exif=` argument: nothing of the original metadata is written.
    image.save(out, format=pil_format, **({"quality": 90} if pil_format != "PNG" else {}))
    thumbnail = image.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    if thumbnail.mode not in ("RGB", "L"):
        thumbnail = thumbnail.convert("RGB")
    thumb = io.BytesIO()
    thumbnail.save(thumb, format="JPEG", quality=80)
    return ProcessedImage(out.getvalue(), stored_type, thumb.getvalue(), image.width, image.height)
