"""Uploaded avatars: checked and re-encoded with Pillow, never stored as uploaded.

Re-encoding drops metadata (EXIF location included) and anything hidden in the file, and gives
every avatar one small size and format."""

import secrets
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
SIZE = 256
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def reencode(upload):
    """A square SIZE×SIZE WebP ContentFile from an uploaded image, or a ValidationError."""
    if upload.size > MAX_BYTES:
        raise ValidationError("That image is larger than 2 MB: choose a smaller one.")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError("Upload a PNG, JPEG, GIF or WebP image.")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("That image has too many pixels: choose a smaller one.")
            image.load()
            image = ImageOps.exif_transpose(image)
            mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            square = ImageOps.fit(image.convert(mode), (SIZE, SIZE), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError("That file isn't an image we can read.") from None
    output = BytesIO()
    square.save(output, "WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{secrets.token_urlsafe(12)}.webp")
