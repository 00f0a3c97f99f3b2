"""Which exercises lengthen the psoas: the hip angle, measured from the pelvis, of the leg whose
psoas each exercise's figure shows (the working side's, or the straight leg's in knee-to-chest),
in its held or end position, from the pose data, grouped lengthened / about neutral / shortened."""

from __future__ import annotations

from ..catalog import Catalog, default_catalog
from ..poses import Group, Limbs, hip_words
from ..theme import INK, MUTED
from .base import COLOURS, Chart, add_source, chart_style, new_figure, plain

# Colour AND pattern AND the group's name on the chart: never colour alone.
HATCH = {Group.LENGTHENED: "", Group.NEUTRAL: "..", Group.SHORTENED: "//"}
ORDER = (Group.LENGTHENED, Group.NEUTRAL, Group.SHORTENED)
# How far healthy hips extend (FACTS: Kendall 10°, AAOS 1965 30°): the room a stretch has.
EXTENSION_RANGE_DEG = (10, 30)


def psoas_rows(catalog: Catalog | None = None) -> list[tuple[Group, str, float]]:
    """(group, exercise name, hip angle) for every exercise with pose data, grouped as the
    chart shows them: lengthened first, then about neutral, then shortened; within a group the
    most extended first."""
    catalog = catalog or default_catalog()
    poses = catalog.poses
    rows = []
    for pose_set in poses.sets:
        hip = pose_set.key_position.hip_deg
        rows.append((poses.group_of(hip), catalog.exercise(pose_set.exercise).name, hip))
    return sorted(rows, key=lambda row: (ORDER.index(row[0]), row[2]))


def which_leg(catalog: Catalog) -> dict[str, str]:
    """Exercise name -> " (straight leg)" where the figure shows the other leg's psoas."""
    return {
        catalog.exercise(s.exercise).name: f" ({s.leg_marker.words})"
        for s in catalog.poses.sets
        if s.psoas is Limbs.FAR and s.leg_marker is not None
    }


def psoas_length_chart(catalog: Catalog | None = None) -> Chart:
    """A bar for each exercise: the hip angle of the leg whose psoas the figure shows, in its held
    or end position, as the lesson draws it, grouped by what that does to the psoas."""
    catalog = catalog or default_catalog()
    poses = catalog.poses
    rows = psoas_rows(catalog)
    legs = which_leg(catalog)
    low, high = poses.neutral_band
    with chart_style():
        figure = new_figure(10.5, 1.6 + 0.5 * len(rows) + 0.3 * len(ORDER))
        ax = figure.subplots()
        ys, y, labels = [], 0.0, []
        group_spans: dict[Group, list[float]] = {}
        for index, (group, _name, _hip) in enumerate(rows):
            if index and rows[index - 1][0] != group:
                y += 1.0  # room for the next group's heading
            ys.append(y)
            group_spans.setdefault(group, []).append(y)
            y += 1.0
        ax.axvspan(low, high, color=COLOURS["neutral"], alpha=0.15, lw=0)
        ax.axvspan(
            -EXTENSION_RANGE_DEG[1],
            -EXTENSION_RANGE_DEG[0],
            color=COLOURS["lengthened"],
            alpha=0.07,
        )
        for yy, (group, name, hip) in zip(ys, rows, strict=True):
            ax.barh(
                yy,
                hip,
                height=0.62,
                color=COLOURS[group.value],
                hatch=HATCH[group],
                edgecolor=INK if group is Group.NEUTRAL else "white",
                linewidth=0.8,
            )
            text = f"{abs(round(hip))}° {'extension' if hip < 0 else 'flexion' if hip > 0 else ''}"
            # right of the bar's end, or of the zero line for an extension: clear of the names
            ax.text(
                max(hip, 0) + 2, yy, text.strip(), va="center", ha="left", fontsize=11, color=INK
            )
            labels.append(plain(name + legs.get(name, "")))
        ax.set_yticks(ys, labels)
        ax.set_ylim(ys[-1] + 0.7, -1.2)
        ax.axvline(0, color=INK, lw=1.2)
        ax.set_xlim(-45, 140)
        ax.set_xlabel(
            "Hip angle in the drawing, measured from the pelvis (degrees)\n"
            "← extension (psoas longer)        flexion (psoas shorter) →"
        )
        ax.set_title("Which exercises really lengthen the psoas?")
        for group, spans in group_spans.items():
            label = plain(poses.group(group).label if poses.groups else group.value)
            ax.text(
                -44,
                spans[0] - 0.72,
                label,
                ha="left",
                va="center",
                fontsize=12.5,
                fontweight="bold",
                color=INK,
            )
        # The band's label sits low, where the shortened rows leave the extension side empty.
        ax.text(
            -EXTENSION_RANGE_DEG[1] + 0.8,
            ys[-1] - 0.6,
            "healthy hips\nextend about\n10–30°",
            fontsize=9.5,
            color=MUTED,
            va="center",
        )
        add_source(
            figure,
            "hip angles from the lesson's drawings of each exercise (data/poses.yaml), not "
            "measurements; hip extension lengthens the psoas and flexion shortens it, and it does "
            "not cross the knee (Gray's Anatomy; Neumann, Kinesiology of the Musculoskeletal "
            "System); hip extension range: Kendall 10°, AAOS 1965 30°.",
        )
    return Chart(figure, psoas_alt_text(catalog), title="Which exercises lengthen the psoas?")


def psoas_alt_text(catalog: Catalog | None = None) -> str:
    """The chart in words: each group with its exercises and their hip angles."""
    catalog = catalog or default_catalog()
    poses = catalog.poses
    rows = psoas_rows(catalog)
    legs = which_leg(catalog)
    parts = []
    for group in ORDER:
        members = [
            f"{name}{legs.get(name, '')} ({hip_words(hip)})" for g, name, hip in rows if g is group
        ]
        if members:
            label = poses.group(group).label if poses.groups else group.value
            parts.append(f"{label}: {', '.join(members)}")
    return (
        "Bar chart of the hip angle, measured from the pelvis, of the leg whose psoas each "
        "exercise's figure shows, in its held or end position, as the lesson draws it (extension "
        "lengthens the psoas, flexion shortens it). " + ". ".join(parts) + "."
    )
