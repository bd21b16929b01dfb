"""Draw the example plan's figures (simple charts as PNG): run once, commit the PNGs.

    python content/misakino-kanko-plan/make_figures.py

Pillow is only needed to redraw them; the build reads the PNG files.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
FONT = HERE.parent.parent / "fonts" / "BIZUDGothic-Regular.ttf"


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def box(draw, xy, text, size=22, fill="white", width=2):
    draw.rectangle(xy, outline="black", width=width, fill=fill)
    x0, y0, x1, y1 = xy
    f = font(size)
    lines = text.split("\n")
    total = len(lines) * (size + 6)
    for i, line in enumerate(lines):
        w = draw.textlength(line, font=f)
        draw.text(((x0 + x1 - w) / 2, (y0 + y1 - total) / 2 + i * (size + 6)), line, font=f, fill="black")


def save(image: Image.Image, name: str) -> None:
    image.convert("L").quantize(8).save(HERE / name, optimize=True)


def position() -> None:
    img = Image.new("RGB", (900, 520), "white")
    d = ImageDraw.Draw(img)
    box(d, (40, 30, 300, 110), "国\n観光立国推進基本計画", 20)
    box(d, (40, 150, 300, 230), "県\n県観光振興計画", 20)
    box(d, (330, 30, 860, 110), "第7次みさき野市総合計画", 26, fill="#eeeeee", width=3)
    box(d, (430, 250, 760, 350), "みさき野市\n観光振興計画", 28, fill="#dddddd", width=4)
    box(d, (40, 410, 300, 490), "産業振興計画", 22)
    box(d, (320, 410, 580, 490), "農林水産業振興計画", 22)
    box(d, (600, 410, 860, 490), "都市計画\nマスタープラン", 22)
    d.line((595, 110, 595, 250), fill="black", width=3)
    d.line((300, 190, 430, 300), fill="black", width=2)
    d.line((170, 110, 170, 150), fill="black", width=2)
    for x in (170, 450, 730):
        d.line((x, 410, x, 380), fill="black", width=2)
    d.line((170, 380, 730, 380), fill="black", width=2)
    d.line((595, 350, 595, 380), fill="black", width=2)
    d.text((610, 170), "整合", font=font(20), fill="black")
    d.text((610, 360), "連携", font=font(20), fill="black")
    save(img, "position.png")


def visitors() -> None:
    years = ["令和元年", "令和2年", "令和3年", "令和4年", "令和5年"]
    day = [1712, 951, 1108, 1396, 1574]
    stay = [148, 69, 82, 117, 136]
    img = Image.new("RGB", (900, 520), "white")
    d = ImageDraw.Draw(img)
    left, bottom, top = 110, 450, 40
    scale = (bottom - top) / 2000
    for v in range(0, 2001, 500):
        y = bottom - v * scale
        d.line((left, y, 860, y), fill="#bbbbbb", width=1)
        d.text((20, y - 12), f"{v:,}", font=font(18), fill="black")
    for i, year in enumerate(years):
        x = left + 40 + i * 145
        y1 = bottom - day[i] * scale
        d.rectangle((x, y1, x + 80, bottom), fill="#999999", outline="black")
        y2 = y1 - stay[i] * scale
        d.rectangle((x, y2, x + 80, y1), fill="#333333", outline="black")
        d.text((x - 5, bottom + 12), year, font=font(18), fill="black")
        d.text((x + 5, y2 - 26), f"{day[i] + stay[i]:,}", font=font(18), fill="black")
    d.line((left, top, left, bottom), fill="black", width=2)
    d.line((left, bottom, 860, bottom), fill="black", width=2)
    d.text((20, 8), "（千人）", font=font(18), fill="black")
    d.rectangle((640, 20, 660, 40), fill="#999999", outline="black")
    d.text((668, 18), "日帰り客", font=font(18), fill="black")
    d.rectangle((760, 20, 780, 40), fill="#333333", outline="black")
    d.text((788, 18), "宿泊客", font=font(18), fill="black")
    save(img, "visitors.png")


def structure() -> None:
    img = Image.new("RGB", (900, 560), "white")
    d = ImageDraw.Draw(img)
    box(d, (300, 220, 600, 320), "みさき野市観光振興\n計画推進委員会", 24, fill="#dddddd", width=4)
    outer = {
        "市": (60, 40, 300, 120),
        "観光地域づくり法人\n（DMO）": (600, 40, 840, 120),
        "観光事業者": (40, 420, 280, 500),
        "関係団体": (330, 440, 570, 520),
        "市民": (620, 420, 860, 500),
    }
    for text, xy in outer.items():
        box(d, xy, text, 22)
        cx, cy = (xy[0] + xy[2]) / 2, (xy[1] + xy[3]) / 2
        d.line((cx, cy + (40 if cy < 220 else -40), 450, 270 + (-50 if cy < 220 else 50)), fill="black", width=2)
    d.text((340, 150), "報告・意見", font=font(20), fill="black")
    save(img, "structure.png")


if __name__ == "__main__":
    position()
    visitors()
    structure()
