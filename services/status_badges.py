"""How a status shows: its name, symbol and colours, with the text colour that contrasts best (colour is
never the only signal: the symbol goes with it). Pages, the live updates and the bot all use `badge`."""

import re

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
DARK_TEXT = "#1a1a1a"
FALLBACK_COLOUR = "#9e9e9e"


def _luminance(hex_colour):
    """WCAG relative luminance of "#rrggbb"."""
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def badge(status):
    """Name, symbol and colours of a status badge, with whichever text colour contrasts best."""
    colour = status.colour if _HEX_COLOUR.match(status.colour or "") else FALLBACK_COLOUR
    if len(colour) == 4:
        colour = "#" + "".join(ch * 2 for ch in colour[1:])
    background = _luminance(colour)
    on_dark_text = (background + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    on_white_text = 1.05 / (background + 0.05)
    return {
        "key": status.key,
        "name": status.name,
        "symbol": status.symbol,
        "colour": colour,
        "text_colour": DARK_TEXT if on_dark_text >= on_white_text else "#ffffff",
    }
