"""The lesson's one look: its palette, what each colour means, and the text colours.

Charts, widgets, displays, the handout, the pose figures and the timer's page all take their
colours from here, so a colour means the same thing wherever a learner meets it. The palette is
Okabe & Ito's (2008), safe for the common kinds of colour blindness; and no colour carries a
meaning alone: a word, a pattern or a label always says it too.

One meaning per colour:

- the timer's phases (and the same segments on every timeline chart): get ready yellow, work
  bluish green, rest sky blue, switch sides orange;
- what an exercise asks of the muscle: static holds blue, dynamic moves vermillion, massage
  reddish purple. The same two colours mark the *postural* (static) and *dynamic* roles in the
  fibre charts, and a psoas drawn *lengthened* or *shortened* on a pose figure (a hold that
  lengthens it, a move that works it short), so blue is always "long and still" and vermillion
  "short and working";
- fibre types by their own names: slow "red" fibres red, fast "white" fibres white with a dark
  outline and hatching, intermediate between them (pink);
- warnings and safety notes vermillion-bordered with a ⚠ and words: they are never a chart
  colour beside vermillion data.

Nothing here imports a plotting or widget library.
"""

from __future__ import annotations

from .timeline import SegmentKind

# Okabe & Ito (2008) colour-blind-safe palette, by name.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

# Text and surfaces. Contrast on white: INK 17:1, MUTED 7.5:1, WARN_TEXT and RIGHT_TEXT over 4.5:1.
INK = "#1a1a1a"
MUTED = "#555555"
ACCENT = OKABE_ITO["blue"]  # headings and links
WARN = OKABE_ITO["vermillion"]  # borders of warnings and safety notes
WARN_TEXT = "#A64500"  # the warning hue, dark enough for text
WARN_PAPER = "#fff4ec"
RIGHT = OKABE_ITO["bluish_green"]
RIGHT_TEXT = "#00664D"
WRONG_TEXT = WARN_TEXT
PAPER = "#f7f7f7"
RULE = "#cccccc"
GRID = "#dddddd"
HEADER = "#eeeeee"
FONT = "DejaVu Sans, Verdana, sans-serif"

# Inside JupyterLab, its theme's colours where it has them (a dark theme stays readable).
LAB_INK = f"var(--jp-content-font-color0, {INK})"
LAB_MUTED = f"var(--jp-content-font-color2, {MUTED})"


class PhaseLook:
    """How one kind of timed segment looks: its word, its colour and the text colour on it."""

    __slots__ = ("colour", "ink", "label")

    def __init__(self, label: str, colour: str, ink: str):
        self.label = label
        self.colour = colour
        self.ink = ink

    def __repr__(self) -> str:
        return f"PhaseLook({self.label!r}, {self.colour!r}, {self.ink!r})"


# Black text on each (contrast 6:1 or more), so the digits read from across a room.
PHASES: dict[SegmentKind, PhaseLook] = {
    kind: PhaseLook(kind.label, colour, "#000000")
    for kind, colour in (
        (SegmentKind.PREPARE, OKABE_ITO["yellow"]),
        (SegmentKind.WORK, OKABE_ITO["bluish_green"]),
        (SegmentKind.REST, OKABE_ITO["sky_blue"]),
        (SegmentKind.SWITCH, OKABE_ITO["orange"]),
    )
}

# Meanings used across charts and figures, so one colour means one thing everywhere.
COLOURS = {
    **{kind.value: look.colour for kind, look in PHASES.items()},
    "static": OKABE_ITO["blue"],
    "dynamic": OKABE_ITO["vermillion"],
    "massage": OKABE_ITO["reddish_purple"],
    "postural": OKABE_ITO["blue"],
    "lengthened": OKABE_ITO["blue"],
    "neutral": OKABE_ITO["grey"],
    "shortened": OKABE_ITO["vermillion"],
    # fibre types, coloured as they are named: red, white, and pink between them
    "slow": "#B2182B",
    "intermediate": "#F4A6A6",
    "fast": "#FFFFFF",
    "highlight": OKABE_ITO["orange"],
}
# Drawn around light fills (white fibres) so they show on white paper.
EDGE = "#444444"

# The pose figures (figures.py): the body in light greys with a dark outline, so the bones and
# the psoas inside it show and the psoas's colour stands out; the far limbs lighter and behind, a
# limb in front of the psoas see-through; the floor, the mat and the props quiet.
FIGURE = {
    "paper": "#ffffff",
    "near": "#c9d0d8",
    "near_edge": "#2f343a",
    "far": "#e9ecef",
    "far_edge": "#8d959e",
    "bone": "#fbfaf6",
    "bone_edge": "#9aa1a9",
    "ghost": "#f1f3f5",
    "ghost_edge": "#a7afb8",
    "floor": "#8c8c8c",
    "mat": "#dde6ee",
    "mat_edge": "#a9b8c6",
    "prop": "#c8b28a",
    "prop_edge": "#7d6a48",
    "casing": "#ffffff",
    "pulse": "#B2182B",
}

# Inline styles shared by every HTML table the lesson draws (inline: JupyterLab's sanitiser
# keeps them in untrusted notebooks).
TABLE_CELL = (
    f"border: 1px solid {RULE}; padding: 0.4em 0.6em; vertical-align: top; text-align: left"
)
TABLE_HEAD = f"{TABLE_CELL}; background: {HEADER}"
