"""Rich displays of the lesson's content from data: anatomy topics, fibre studies, guidelines,
disagreements, the class plan.

Each display is an object a notebook shows by leaving it as a cell's last line. It carries
escaped HTML (inline styles only, so it survives JupyterLab's sanitiser in untrusted notebooks)
and a plain-text form of the same content for screen readers, nbval and terminals. Nothing here
imports a widget or plotting library.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalog import Catalog, default_catalog
from .html import Markup, items, join, tag
from .theme import ACCENT, INK, MUTED, PAPER, TABLE_CELL, TABLE_HEAD, WARN, WARN_PAPER

if TYPE_CHECKING:
    from .routine import Routine


@dataclass(frozen=True)
class Display:
    """HTML and plain text of one piece of content."""

    html: str
    text: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text

    def __add__(self, other: Display) -> Display:
        return Display(self.html + other.html, self.text + "\n\n" + other.text)


def _box(*children: object, colour: str = ACCENT, label: str | None = None) -> Markup:
    style = (
        f"border-left: 5px solid {colour}; background: {PAPER}; padding: 0.6em 1em; "
        f"margin: 0.6em 0; color: {INK}; line-height: 1.45; max-width: 60em"
    )
    return tag("section", *children, style=style, aria_label=label)


def _source(text: str) -> Markup:
    return tag("p", "Source: ", text, style=f"color: {MUTED}; font-size: 0.85em; margin: 0.3em 0 0")


def _heading(text: str, level: int = 4) -> Markup:
    return tag(f"h{level}", text, style="margin: 0.2em 0 0.4em")


def _catalog(catalog: Catalog | None) -> Catalog:
    return catalog or default_catalog()


def anatomy_topic(topic_id: str, catalog: Catalog | None = None) -> Display:
    """One anatomy topic: the plain summary, what the article says, what references add."""
    topic = _catalog(catalog).anatomy.topic(topic_id)
    literature = [
        tag(
            "li",
            citation.text,
            " ",
            tag("span", f"({citation.source})", style=f"color: {MUTED}; font-size: 0.85em"),
        )
        for citation in topic.literature
    ]
    html = _box(
        _heading(topic.title),
        tag("p", topic.summary),
        tag("p", tag("strong", "The article: "), topic.article),
        tag("div", tag("strong", "References add:"), tag("ul", *literature)) if literature else "",
        label=topic.title,
    )
    text_lines = [topic.title, topic.summary, f"The article: {topic.article}"]
    text_lines += [f"- {c.text} ({c.source})" for c in topic.literature]
    return Display(html, "\n".join(text_lines))


def fibre_study(study_id: str, catalog: Catalog | None = None) -> Display:
    """One source of fibre-type figures: who, how, what it found, and its caveat."""
    study = _catalog(catalog).fibres.study(study_id)
    shares = [f"{share.label}: {share.percent:g} %" for share in study.shares]
    html = _box(
        _heading(study.label),
        tag(
            "p",
            tag("strong", "Who: "),
            study.subjects,
            tag("br"),
            tag("strong", "How: "),
            study.method,
        ),
        items("ul", shares)
        if shares
        else tag("p", tag("em", "No percentages are given or were seen here.")),
        items("ul", study.findings),
        tag("p", tag("strong", "Caveat: "), study.caveat) if study.caveat else "",
        _source(study.source),
        colour=WARN if study.id == "article" else ACCENT,
        label=study.label,
    )
    lines = [
        study.label,
        f"Who: {study.subjects}",
        f"How: {study.method}",
        *shares,
        *study.findings,
    ]
    if study.caveat:
        lines.append(f"Caveat: {study.caveat}")
    lines.append(f"Source: {study.source}")
    return Display(html, "\n".join(lines))


def fibre_types(catalog: Catalog | None = None) -> Display:
    """Slow and fast fibres in one sentence each."""
    types = _catalog(catalog).fibres.fibre_types
    html = _box(
        *(tag("p", tag("strong", t.name, ": "), t.text) for t in types),
        _source(types[0].source),
        label="Fibre types",
    )
    return Display(
        html, "\n".join(f"{t.name}: {t.text}" for t in types) + f"\nSource: {types[0].source}"
    )


def article_problems(catalog: Catalog | None = None) -> Display:
    """Where the article's fibre-type paragraph agrees with the research, and where it goes
    wrong: fair to it both ways."""
    fibres = _catalog(catalog).fibres
    right = (
        [_heading("Where the article is right", 5), items("ul", fibres.article_right)]
        if fibres.article_right
        else []
    )
    html = _box(
        _heading("Reading the article critically"),
        *right,
        _heading("Where it goes wrong", 5),
        items("ol", fibres.article_problems),
        tag("p", fibres.stain_caveat),
        colour=WARN,
        label="Reading the article critically",
    )
    lines = ["Reading the article critically"]
    if fibres.article_right:
        lines += ["Where the article is right:", *(f"- {p}" for p in fibres.article_right)]
    lines += ["Where it goes wrong:"]
    lines += [f"{i}. {p}" for i, p in enumerate(fibres.article_problems, 1)]
    lines += [fibres.stain_caveat]
    return Display(html, "\n".join(lines))


def guidelines(group: str, catalog: Catalog | None = None) -> Display:
    """The guidelines of one group (``article``, ``finding``, ``stretching`` or ``safety``)."""
    chosen = _catalog(catalog).guidance.group(group)
    if not chosen:
        raise ValueError(
            f"no guidelines in group {group!r}; groups: article, finding, stretching, safety"
        )
    colour = WARN if group == "safety" else ACCENT
    html = join(
        _box(_heading(g.title), tag("p", g.text), _source(g.source), colour=colour, label=g.title)
        for g in chosen
    )
    text = "\n\n".join(f"{g.title}\n{g.text}\nSource: {g.source}" for g in chosen)
    return Display(html, text)


SUPPORT_LABEL = {
    "indirect": "Evidence for something related, not for massage",
    "none": "No study found",
}


def benefits(catalog: Catalog | None = None) -> Display:
    """The benefits the article promises from psoas massage, each beside what the evidence says."""
    chosen = _catalog(catalog).guidance.benefits
    cell = TABLE_CELL
    head = tag(
        "tr",
        *(
            tag("th", h, style=TABLE_HEAD, scope="col")
            for h in ("The article promises", "What the evidence says", "Source")
        ),
    )
    rows = [
        tag(
            "tr",
            tag(
                "th",
                tag("strong", b.title),
                tag("br"),
                b.article,
                style=cell + "; font-weight: normal",
                scope="row",
            ),
            tag(
                "td",
                tag("strong", SUPPORT_LABEL[b.support], ". ", b.verdict),
                tag("br"),
                b.evidence,
                style=cell,
            ),
            tag("td", b.source, style=cell + f"; color: {MUTED}; font-size: 0.85em"),
        )
        for b in chosen
    ]
    caption = "What the article says psoas massage does for you, and what the evidence says"
    html = tag(
        "table",
        tag("caption", caption, style="text-align: left; font-weight: bold; padding: 0.3em 0"),
        tag("thead", head),
        tag("tbody", *rows),
        style=(
            f"border-collapse: collapse; color: {INK}; max-width: 70em; line-height: 1.4; "
            "font-weight: normal"
        ),
    )
    text = (
        caption
        + "\n"
        + "\n".join(
            f"- {b.title}: the article: {b.article} | evidence: {SUPPORT_LABEL[b.support]}. "
            f"{b.verdict} {b.evidence} ({b.source})"
            for b in chosen
        )
    )
    return Display(html, text)


def safety_box(catalog: Catalog | None = None) -> Display:
    """The safety notice, prominent."""
    notice = _catalog(catalog).guidance.safety_notice
    html = tag(
        "section",
        tag("h4", "Safety first", style="margin: 0 0 0.4em"),
        tag("p", notice, style="margin: 0"),
        role="note",
        aria_label="Safety notice",
        style=(
            f"border: 2px solid {WARN}; border-left-width: 8px; background: {WARN_PAPER}; "
            f"color: {INK}; "
            "padding: 0.7em 1em; margin: 0.6em 0; line-height: 1.45; max-width: 60em"
        ),
    )
    return Display(html, f"Safety first\n{notice}")


def disagreements(catalog: Catalog | None = None) -> Display:
    """Where the article and the research literature disagree, side by side."""
    rows = _catalog(catalog).teaching.disagreements
    cell = TABLE_CELL
    head = tag(
        "tr",
        *(
            tag("th", h, style=TABLE_HEAD)
            for h in ("Topic", "The article says", "The literature says", "Source")
        ),
    )
    body = [
        tag(
            "tr",
            tag("th", r.topic, style=cell, scope="row"),
            tag("td", r.article, style=cell),
            tag("td", r.literature, style=cell),
            tag("td", r.source, style=cell + f"; color: {MUTED}; font-size: 0.85em"),
        )
        for r in rows
    ]
    html = tag(
        "table",
        tag(
            "caption",
            "Where the article and the research disagree",
            style="text-align: left; font-weight: bold; padding: 0.3em 0",
        ),
        tag("thead", head),
        tag("tbody", *body),
        style=f"border-collapse: collapse; color: {INK}; max-width: 70em; line-height: 1.4",
    )
    text = "Where the article and the research disagree\n" + "\n".join(
        f"- {r.topic}: article: {r.article} | literature: {r.literature} ({r.source})" for r in rows
    )
    return Display(html, text)


def notebook_title(file_name: str) -> str:
    """``03_stretch_library.ipynb`` → ``03 Stretch library``: a notebook file named as a reader
    would say it."""
    stem = file_name.removesuffix(".ipynb")
    number, _, words = stem.partition("_")
    return f"{number} {words.replace('_', ' ').capitalize()}".strip()


# A lesson notebook's file name, as data/schema/teaching.schema.json allows it.
NOTEBOOK_NAME = re.compile(r"^[0-9]{2}_[a-z_]+\.ipynb$")


def notebook_link(file_name: str) -> Markup:
    """A link to a lesson notebook, relative, so it opens beside this one in JupyterLab; a name
    that is not a lesson notebook's is shown as text, never made a link."""
    if not NOTEBOOK_NAME.match(file_name):
        return tag("code", file_name)
    return tag(
        "a",
        notebook_title(file_name),
        href=file_name,
        style=f"color: {ACCENT}; text-decoration: underline",
    )


def class_plan(catalog: Catalog | None = None) -> Display:
    """The 45-minute class plan, block by block, with running clock times and a link to the
    notebook each block uses."""
    teaching = _catalog(catalog).teaching
    cell = TABLE_CELL
    rows, start, lines = [], 0, []
    for block in teaching.blocks:
        when = f"{start}–{start + block.minutes} min"
        rows.append(
            tag(
                "tr",
                tag("td", when, style=cell + "; white-space: nowrap"),
                tag("th", block.title, style=cell, scope="row"),
                tag("td", block.activity, style=cell),
                tag("td", notebook_link(block.notebook), style=cell + "; white-space: nowrap"),
            )
        )
        lines.append(
            f"{when}  {block.title}: {block.activity} "
            f"({notebook_title(block.notebook)}, {block.notebook})"
        )
        start += block.minutes
    head = tag(
        "tr",
        *(tag("th", h, style=TABLE_HEAD) for h in ("When", "Block", "What happens", "Notebook")),
    )
    caption = f"{teaching.title}: {teaching.minutes} minutes"
    html = tag(
        "table",
        tag("caption", caption, style="text-align: left; font-weight: bold; padding: 0.3em 0"),
        tag("thead", head),
        tag("tbody", *rows),
        style=f"border-collapse: collapse; color: {INK}; max-width: 70em; line-height: 1.4",
    )
    return Display(html, caption + "\n" + "\n".join(lines))


def discussion_prompts(catalog: Catalog | None = None) -> Display:
    prompts = _catalog(catalog).teaching.discussion_prompts
    html = _box(_heading("Discussion prompts"), items("ol", prompts), label="Discussion prompts")
    return Display(
        html, "Discussion prompts\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(prompts, 1))
    )


def routine_summary(
    routine: Routine | str | os.PathLike, catalog: Catalog | None = None
) -> Display:
    """A routine (a ready routine's id, a routine file or a Routine): its description, exercises
    with their doses, and total time."""
    from .describe import dose_text, duration
    from .routine import applied_dose
    from .timeline import compile_timeline

    cat = _catalog(catalog)
    routine = cat.resolve_routine(routine)
    total = compile_timeline(routine, cat).total_s
    lines = [
        (
            cat.exercise(e.exercise).name,
            dose_text(
                cat.exercise(e.exercise),
                applied_dose(cat.exercise(e.exercise), e, routine.settings),
            ),
        )
        for e in routine.entries
    ]
    html = _box(
        _heading(f"{routine.name} ({duration(total)})"),
        tag("p", routine.description) if routine.description else None,
        tag("ol", *(tag("li", tag("strong", name), ": ", dose) for name, dose in lines)),
        label=routine.name,
    )
    heading = [f"{routine.name} ({duration(total)})", routine.description]
    text = "\n".join(
        [
            *filter(None, heading),
            *(f"{i}. {name}: {dose}" for i, (name, dose) in enumerate(lines, 1)),
        ]
    )
    return Display(html, text)


def psoas_length_groups(catalog: Catalog | None = None) -> Display:
    """Which exercises lengthen the psoas, group by group: why, which exercises, their hip angle
    in the lesson's drawing, and a small figure of each."""
    from .charts.psoas_length import ORDER, psoas_rows
    from .figures import alt_text, figure_img, thumbnail_svg
    from .poses import hip_words
    from .theme import COLOURS

    cat = _catalog(catalog)
    poses = cat.poses
    by_name = {cat.exercise(p.exercise).name: p for p in poses.sets}
    sections, lines = [], []
    for group_id in ORDER:
        group = poses.group(group_id)
        members = [(name, hip) for g, name, hip in psoas_rows(cat) if g is group_id]
        cards = []
        for name, hip in members:
            pose_set = by_name[name]
            key = pose_set.key_position
            svg = thumbnail_svg(pose_set.exercise, cat)
            cards.append(
                tag(
                    "figure",
                    figure_img(svg, alt_text(cat, pose_set, key), height="7em"),
                    tag("figcaption", tag("strong", name), tag("br"), hip_words(hip)),
                    style=(
                        f"margin: 0; width: 11em; font-size: 0.85em; line-height: 1.3; "
                        f"background: {PAPER}"
                    ),
                )
            )
        swatch = tag(
            "span",
            "",
            style=(
                f"display: inline-block; width: 1.6em; height: 0.7em; margin-right: 0.4em; "
                f"border-radius: 0.35em; background: {COLOURS[group_id.value]}"
            ),
        )
        sections.append(
            _box(
                tag("h4", swatch, group.label, style="margin: 0.2em 0 0.4em"),
                tag("p", group.text),
                tag(
                    "div",
                    *cards,
                    style="display: flex; flex-wrap: wrap; gap: 0.8em; margin: 0.4em 0",
                ),
                _source(group.source),
                colour=MUTED,
                label=group.label,
            )
        )
        listed = "; ".join(f"{name}: {hip_words(hip)}" for name, hip in members)
        lines.append(f"{group.label}\n{group.text}\n{listed}\nSource: {group.source}")
    intro = poses.source
    html = join([tag("p", intro, style=f"color: {MUTED}; max-width: 60em"), *sections])
    return Display(html, intro + "\n\n" + "\n\n".join(lines))
