"""Draw the extension's toolbar icons (extension/icons/icon-*.png) with Pillow.

Run once after changing the design: python tests/extension/make_icons.py
The PNGs are committed; nothing at run or test time needs Pillow.
"""
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[2] / "extension" / "icons"
SIZE = 512


def draw() -> Image.Image:
    """A radar screen (rings and a sweep) with a red warning dot, on a dark rounded square."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((16, 16, SIZE - 16, SIZE - 16), radius=96, fill=(20, 33, 61, 255))
    center = SIZE // 2
    for radius, width in ((190, 28), (120, 24)):
        pen.ellipse((center - radius, center - radius, center + radius, center + radius),
                    outline=(94, 234, 212, 255), width=width)
    pen.pieslice((center - 190, center - 190, center + 190, center + 190), 200, 260,
                 fill=(94, 234, 212, 150))
    pen.ellipse((center + 40, center - 150, center + 160, center - 30), fill=(229, 57, 53, 255),
                outline=(255, 255, 255, 255), width=14)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    for size in (16, 32, 48, 128):
        big.resize((size, size), Image.LANCZOS).save(ICONS / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
