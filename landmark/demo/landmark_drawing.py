"""Drawing of the synthetic landmark photos, shared by every task.

Each photo shows one structure of a clearly different shape (tower, dome,
arch, pyramid, bridge) drawn with OpenCV over a varied sky and ground, large
in the frame, at photo resolutions from 1280x720 up to 4000x3000. The pixels
drawn are known exactly: detection takes their tight box
(:mod:`landmark.detection.datasets.synthetic_landmarks`), segmentation their
mask (:mod:`landmark.segmentation.datasets.synthetic_masks`). Only NumPy and
OpenCV are used, so no task library is imported.

Everything is deterministic: the same generator state draws the same photo.
"""
from typing import (Callable, Dict, Iterator, NamedTuple, Optional, Sequence,
                    Tuple)

import cv2
import numpy as np

LANDMARK_CLASSES = ('tower', 'dome', 'arch', 'pyramid', 'bridge')

# (width, height) and how often each is drawn: mostly common photo sizes,
# some 12-megapixel shots, portrait and landscape.
PHOTO_SIZES: Tuple[Tuple[int, int],
                   ...] = ((1280, 720), (1920, 1080), (1600, 1200),
                           (1080, 1440), (2048, 1536), (2560, 1440),
                           (3000, 2000), (4000, 3000))
PHOTO_SIZE_WEIGHTS = (4, 4, 3, 2, 2, 1, 1, 1)

_SKIES = (  # (top, horizon) BGR
    ((170, 110, 40), (235, 200, 150)),  # clear blue
    ((120, 60, 90), (110, 170, 250)),  # dusk
    ((150, 150, 150), (205, 205, 200)),  # overcast
    ((90, 40, 20), (170, 110, 70)),  # evening blue
)
_GROUNDS = ((60, 130, 70), (110, 110, 115), (120, 170, 200), (130, 100, 60))

Color = Tuple[int, int, int]


class _Painter:
    """Draws on a photo and on the object mask at once."""

    def __init__(self, image: np.ndarray):
        self.image = image
        self.background = image.copy()
        self.mask = np.zeros(image.shape[:2], np.uint8)
        self.thick = max(1, round(min(image.shape[:2]) / 300))

    def poly(self, points, color: Color) -> None:
        pts = np.round(np.asarray(points)).astype(np.int32)
        cv2.fillPoly(self.image, [pts], color, cv2.LINE_AA)
        cv2.fillPoly(self.mask, [pts], 255)

    def rect(self, x1, y1, x2, y2, color: Color) -> None:
        self.poly([(x1, y1), (x2, y1), (x2, y2), (x1, y2)], color)

    def ellipse(self, cx, cy, ax, ay, color: Color, start=0, end=360) -> None:
        args = ((round(cx), round(cy)), (max(1, round(ax)), max(1, round(ay))),
                0, start, end)
        cv2.ellipse(self.image, *args, color, -1, cv2.LINE_AA)
        cv2.ellipse(self.mask, *args, 255, -1)

    def line(self, points, color: Color, thickness: float = 1.) -> None:
        pts = np.round(np.asarray(points)).astype(np.int32)
        width = max(1, round(self.thick * thickness))
        cv2.polylines(self.image, [pts], False, color, width, cv2.LINE_AA)
        cv2.polylines(self.mask, [pts], False, 255, width)

    def erase(self, points) -> None:
        """Show the background again inside a polygon (an opening)."""
        hole = np.zeros_like(self.mask)
        cv2.fillPoly(hole, [np.round(np.asarray(points)).astype(np.int32)],
                     255)
        self.image[hole > 0] = self.background[hole > 0]
        self.mask[hole > 0] = 0


def _shade(color: Color, factor: float) -> Color:
    return tuple(int(np.clip(c * factor, 0, 255)) for c in color)


def _jitter(rng: np.random.Generator, color: Color, amount=25) -> Color:
    return tuple(
        int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255))
        for c in color)


def _draw_tower(p: _Painter, rng, x, y, w, h) -> None:
    cx = x + w / 2
    color = _jitter(rng, ((235, 235, 235), (60, 60, 200),
                          (180, 180, 170))[rng.integers(3)])
    shaft = w * rng.uniform(0.08, 0.14)
    deck_y = y + h * rng.uniform(0.22, 0.32)
    p.poly([(cx - shaft, y + h), (cx + shaft, y + h),
            (cx + shaft * 0.6, deck_y), (cx - shaft * 0.6, deck_y)], color)
    p.ellipse(cx, deck_y, w * rng.uniform(0.3, 0.45), h * 0.05,
              _shade(color, 0.8))
    p.rect(cx - shaft * 0.9, deck_y - h * 0.1, cx + shaft * 0.9, deck_y,
           _shade(color, 0.95))
    p.line([(cx, deck_y - h * 0.1), (cx, y)], _shade(color, 0.7), 2.5)
    p.rect(cx - shaft * 1.6, y + h * 0.96, cx + shaft * 1.6, y + h,
           _shade(color, 0.6))


def _draw_dome(p: _Painter, rng, x, y, w, h) -> None:
    base = _jitter(rng, (170, 200, 220))
    roof = _jitter(rng, ((90, 150, 60), (40, 170, 220),
                         (160, 90, 40))[rng.integers(3)], 20)
    p.rect(x, y + h * 0.58, x + w, y + h, base)
    for i in range(7):  # columns of the portico
        cx = x + w * (0.1 + 0.8 * i / 6)
        p.rect(cx - w * 0.02, y + h * 0.63, cx + w * 0.02, y + h * 0.97,
               _shade(base, 0.8))
    p.rect(x + w * 0.22, y + h * 0.42, x + w * 0.78, y + h * 0.58,
           _shade(base, 0.9))
    p.ellipse(x + w / 2, y + h * 0.42, w * 0.27, h * 0.32, roof, 180, 360)
    p.rect(x + w * 0.47, y + h * 0.04, x + w * 0.53, y + h * 0.11,
           _shade(base, 0.95))
    p.line([(x + w / 2, y + h * 0.04), (x + w / 2, y)], _shade(roof, 0.6))


def _draw_arch(p: _Painter, rng, x, y, w, h) -> None:
    stone = _jitter(rng, ((150, 170, 190), (200, 205, 210),
                          (110, 120, 150))[rng.integers(3)])
    p.rect(x + w * 0.03, y + h * 0.12, x + w * 0.97, y + h, stone)
    p.rect(x, y, x + w, y + h * 0.14, _shade(stone, 0.85))
    for i in range(1, 6):  # courses of stone
        yy = y + h * (0.14 + i * 0.14)
        p.line([(x + w * 0.03, yy), (x + w * 0.97, yy)], _shade(stone, 0.7))
    r = w * rng.uniform(0.17, 0.24)
    top = y + h * rng.uniform(0.38, 0.5)
    theta = np.linspace(np.pi, 2 * np.pi, 40)
    opening = [(x + w / 2 - r, y + h)] + [
        (x + w / 2 + r * np.cos(t), top + r * np.sin(t)) for t in theta
    ] + [(x + w / 2 + r, y + h)]
    p.erase(opening)


def _draw_pyramid(p: _Painter, rng, x, y, w, h) -> None:
    sand = _jitter(rng, (120, 180, 215))
    apex = (x + w * rng.uniform(0.4, 0.6), y)
    p.poly([(x, y + h), (x + w, y + h), apex], sand)
    p.poly([(apex[0], y), (x + w, y + h), (apex[0] + w * 0.08, y + h)],
           _shade(sand, 0.7))
    for i in range(1, 8):  # steps
        t = i / 8
        yy = y + h * t
        p.line([(apex[0] - (apex[0] - x) * t, yy),
                (apex[0] + (x + w - apex[0]) * t, yy)], _shade(sand, 0.8))


def _draw_bridge(p: _Painter, rng, x, y, w, h) -> None:
    steel = _jitter(rng, ((50, 50, 190), (200, 200, 200),
                          (60, 120, 60))[rng.integers(3)])
    deck = y + h * rng.uniform(0.6, 0.72)
    p.rect(x, deck, x + w, deck + h * 0.06, _shade(steel, 0.8))
    towers = (x + w * 0.27, x + w * 0.73)
    for tx in towers:
        p.rect(tx - w * 0.025, y, tx + w * 0.025, y + h, steel)
        p.rect(tx - w * 0.035, y + h * 0.18, tx + w * 0.035, y + h * 0.22,
               steel)
    spans = ((x, towers[0]), (towers[0], towers[1]), (towers[1], x + w))
    for i, (a, b) in enumerate(spans):
        xs = np.linspace(a, b, 30)
        if i == 0:  # cable from the deck end up to the tower top
            ys = deck - (deck - y) * ((xs - a) / (b - a))**2
        elif i == 2:
            ys = deck - (deck - y) * ((b - xs) / (b - a))**2
        else:
            mid = (a + b) / 2
            ys = y + (deck - y) * 0.85 * (1 - ((xs - mid) / (mid - a))**2)
        p.line(np.stack([xs, ys], 1), steel, 2)
        for xx, yy in zip(xs[::3], ys[::3]):  # suspenders
            p.line([(xx, yy), (xx, deck)], steel, 0.6)


_DRAWERS: Dict[str, Callable] = dict(
    tower=_draw_tower,
    dome=_draw_dome,
    arch=_draw_arch,
    pyramid=_draw_pyramid,
    bridge=_draw_bridge)

# (min, max) of the object's width and height as fractions of the image
_EXTENTS = dict(
    tower=((0.25, 0.45), (0.7, 0.95)),
    dome=((0.5, 0.85), (0.5, 0.8)),
    arch=((0.4, 0.7), (0.5, 0.85)),
    pyramid=((0.55, 0.9), (0.4, 0.75)),
    bridge=((0.75, 0.98), (0.35, 0.6)))


def _draw_background(rng: np.random.Generator, width: int,
                     height: int) -> Tuple[np.ndarray, int]:
    top, low = (
        np.array(c, np.float32) for c in _SKIES[rng.integers(len(_SKIES))])
    horizon = int(height * rng.uniform(0.55, 0.85))
    t = np.linspace(0, 1, horizon, dtype=np.float32)[:, None]
    sky = top * (1 - t) + low * t
    ground_color = np.array(
        _jitter(rng, _GROUNDS[rng.integers(len(_GROUNDS))]), np.float32)
    t = np.linspace(0, 1, height - horizon, dtype=np.float32)[:, None]
    ground = ground_color * (0.85 + 0.3 * t)
    column = np.concatenate([sky, ground])[:, None, :]
    image = np.ascontiguousarray(
        np.broadcast_to(column, (height, width, 3)).astype(np.uint8))
    # clouds, skyline and texture drawn small and blown up: cheap at 12 MP
    small_w, small_h = max(8, width // 8), max(8, height // 8)
    layer = np.zeros((small_h, small_w), np.uint8)
    for _ in range(rng.integers(0, 6)):
        cv2.ellipse(layer, (int(
            rng.integers(small_w)), int(rng.integers(max(1, horizon // 8)))),
                    (int(small_w * rng.uniform(0.05, 0.2)),
                     int(small_h * rng.uniform(0.02, 0.06))), 0, 0, 360, 200,
                    -1)
    layer = cv2.GaussianBlur(layer, (0, 0), max(1., small_w / 80))
    alpha = cv2.resize(layer, (width, height))[..., None] / 255.
    image = (image * (1 - alpha) + 245 * alpha).astype(np.uint8)
    for _ in range(rng.integers(3, 12)):  # far skyline, much smaller
        bw = width * rng.uniform(0.02, 0.06)
        bh = height * rng.uniform(0.02, 0.08)
        bx = rng.uniform(0, width - bw)
        shade = int(rng.integers(90, 160))
        cv2.rectangle(image, (int(bx), int(horizon - bh)),
                      (int(bx + bw), horizon), (shade, shade, shade + 10), -1)
    noise = rng.normal(0, 6, (small_h, small_w, 3)).astype(np.float32)
    noise = cv2.resize(noise, (width, height))
    image = np.clip(image + noise, 0, 255).astype(np.uint8)
    return image, horizon


def draw_landmark_photo_and_mask(
        rng: np.random.Generator, class_name: str, width: int, height: int
) -> Tuple[np.ndarray, Tuple[int, int, int, int], np.ndarray]:
    """Draw one photo holding one landmark, with the mask of its pixels.

    Args:
        rng (np.random.Generator): Source of every random choice; the same
            generator state draws the same photo.
        class_name (str): One of :data:`LANDMARK_CLASSES`.
        width (int): Photo width in pixels.
        height (int): Photo height in pixels.

    Returns:
        tuple[np.ndarray, tuple, np.ndarray]: The BGR image, the exact
        ``(x1, y1, x2, y2)`` box of the landmark's pixels, and the
        ``(height, width)`` uint8 mask of those pixels (1 on the landmark,
        0 elsewhere; the box is the mask's bounding box).
    """
    if class_name not in _DRAWERS:
        raise ValueError(f'unknown synthetic class {class_name!r}; expected '
                         f'one of {", ".join(LANDMARK_CLASSES)}')
    image, horizon = _draw_background(rng, width, height)
    painter = _Painter(image)
    (wmin, wmax), (hmin, hmax) = _EXTENTS[class_name]
    w = width * rng.uniform(wmin, wmax)
    h = min(height * rng.uniform(hmin, hmax), height * 0.97)
    bottom = min(height - 1.,
                 max(h, horizon + (height - horizon) * rng.uniform(0.1, 0.9)))
    x = rng.uniform(0, width - w)
    _DRAWERS[class_name](painter, rng, x, bottom - h, w, h)
    rows = np.flatnonzero(painter.mask.any(1))
    cols = np.flatnonzero(painter.mask.any(0))
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    image = painter.image
    if rng.random() < 0.5:  # mild softness, like a real lens
        image = cv2.GaussianBlur(image, (3, 3), 0)
    return image, box, (painter.mask > 0).astype(np.uint8)


def draw_landmark_photo(
        rng: np.random.Generator, class_name: str, width: int,
        height: int) -> Tuple[np.ndarray, Tuple[int, int, int, int]]:
    """Draw one photo holding one landmark.

    Returns:
        tuple[np.ndarray, tuple]: The BGR image and the exact
        ``(x1, y1, x2, y2)`` box of the landmark's pixels (see
        :func:`draw_landmark_photo_and_mask`, which also gives the mask).
    """
    image, box, _ = draw_landmark_photo_and_mask(rng, class_name, width,
                                                 height)
    return image, box


def choose_photo_size(
        rng: np.random.Generator,
        sizes: Sequence[Tuple[int, int]] = PHOTO_SIZES,
        size_weights: Optional[Sequence[float]] = None) -> Tuple[int, int]:
    """Draw a ``(width, height)`` from ``sizes``, by ``size_weights``
    (default :data:`PHOTO_SIZE_WEIGHTS` with the default sizes, uniform
    otherwise)."""
    if size_weights is None:
        size_weights = PHOTO_SIZE_WEIGHTS if tuple(sizes) == PHOTO_SIZES \
            else [1.] * len(sizes)
    probs = np.asarray(size_weights, float) / np.sum(size_weights)
    return sizes[rng.choice(len(sizes), p=probs)]


def check_landmark_classes(classes: Sequence[str]) -> None:
    """Raise ValueError naming any of ``classes`` that cannot be drawn."""
    unknown = set(classes) - set(LANDMARK_CLASSES)
    if unknown:
        raise ValueError(f'unknown synthetic classes {sorted(unknown)}; '
                         f'choose from {LANDMARK_CLASSES}')


class SyntheticPhoto(NamedTuple):
    """One photo of :func:`iter_landmark_photos`."""
    index: int
    class_name: str
    image: np.ndarray  # BGR
    box: Tuple[int, int, int, int]  # x1, y1, x2, y2 of the mask
    mask: np.ndarray  # (H, W) uint8, 1 on the landmark


def iter_landmark_photos(
        count: int,
        seed: int = 0,
        sizes: Sequence[Tuple[int, int]] = PHOTO_SIZES,
        size_weights: Optional[Sequence[float]] = None,
        classes: Sequence[str] = LANDMARK_CLASSES) -> Iterator[SyntheticPhoto]:
    """The photos of a synthetic data set, one at a time.

    Photo ``i`` of seed ``s`` is drawn from ``numpy.random.default_rng([s,
    i])`` (whatever else is generated) and shows ``classes[(i + s) %
    len(classes)]``, so every class comes in turn.

    Args:
        count (int): How many photos.
        seed (int): Same seed, same photos. Defaults to 0.
        sizes (Sequence[tuple]): ``(width, height)`` choices.
        size_weights (Sequence[float], optional): See
            :func:`choose_photo_size`.
        classes (Sequence[str]): Subset of :data:`LANDMARK_CLASSES`.

    Yields:
        SyntheticPhoto: index, class name, image, box and mask.
    """
    check_landmark_classes(classes)  # here: the generator starts lazily
    return _landmark_photos(count, seed, sizes, size_weights, classes)


def _landmark_photos(count, seed, sizes, size_weights, classes):
    for index in range(count):
        rng = np.random.default_rng([seed, index])
        class_name = classes[(index + seed) % len(classes)]
        width, height = choose_photo_size(rng, sizes, size_weights)
        yield SyntheticPhoto(
            index, class_name,
            *draw_landmark_photo_and_mask(rng, class_name, width, height))
