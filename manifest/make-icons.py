#!/usr/bin/env python3
"""Draws the two Teams app icons with the standard library only (no image packages on CI).

color.png   192x192, opaque: the bureau blue with a white shield and a check mark.
outline.png  32x32, white on a fully transparent background, as Teams requires.
"""
import struct, zlib, math, pathlib

def png(path, w, h, pixel):
    raw = bytearray()
    for y in range(h):
        raw.append(0)  # filter: none
        for x in range(w):
            raw.extend(pixel(x + 0.5, y + 0.5))
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    pathlib.Path(path).write_bytes(data)

def in_shield(u, v):
    """Shield in unit coordinates (0..1): flat top, sides curving to a point at the bottom."""
    if v < 0.18 or v > 0.86 or u < 0.2 or u > 0.8:
        return False
    if v < 0.55:
        return True
    half = 0.3 * math.sqrt(max(0.0, 1 - ((v - 0.55) / 0.31) ** 2))
    return abs(u - 0.5) <= half

def on_check(u, v, width):
    def seg(ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0, min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(u - ax - t * dx, v - ay - t * dy) <= width
    return seg(0.36, 0.5, 0.47, 0.62) or seg(0.47, 0.62, 0.66, 0.38)

def color(x, y):
    u, v = x / 192, y / 192
    if in_shield(u, v) and not on_check(u, v, 0.035):
        return (255, 255, 255, 255)
    return (31, 95, 173, 255)

def outline(x, y):
    u, v = x / 32, y / 32
    inner = in_shield(0.5 + (u - 0.5) * 1.25, 0.52 + (v - 0.52) * 1.25)
    edge = in_shield(u, v) and not inner
    return (255, 255, 255, 255) if edge or (inner and on_check(u, v, 0.05)) else (0, 0, 0, 0)

here = pathlib.Path(__file__).parent
png(here / "color.png", 192, 192, color)
png(here / "outline.png", 32, 32, outline)
