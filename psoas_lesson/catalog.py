"""Load and validate the lesson's data into immutable models.

A data directory holds ``exercises.yaml``, ``anatomy.yaml``, ``fibres.yaml``,
``guidelines.yaml``, ``quiz.yaml``, ``teaching.yaml`` and ready routines in ``routines/``.
Extra directories (a teacher's own) add exercises, quiz questions and routines. Loading is all
or nothing: any problem raises one DataError and no catalog is returned.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import poses as poses_data
from . import schema
from .errors import DataError
from .files import display_path, load_json, load_yaml
from .models import (
    MUSCLE_LEVELS,
    Amount,
    Anatomy,
    AnatomyTopic,
    Benefit,
    Citation,
    ClassBlock,
    Disagreement,
    Dose,
    Exercise,
    Fibres,
    FibreShare,
    FibreStudy,
    FibreType,
    Guidance,
    Guideline,
    Kind,
    Mark,
    OnBeat,
    Overlay,
    Question,
    RegionalClaim,
    RepsScope,
    Sides,
    Structure,
    Teaching,
)
from .paths import data_dir
from .routine import Routine, load_routine, routine_from_data
from .steps import StepError, check_cue, check_fixed_text, check_step, uses_beat

# file name -> (schema name, the key of its list of items with ids)
DATA_FILES = {
    "exercises.yaml": ("exercises", "exercises"),
    "anatomy.yaml": ("anatomy", "topics"),
    "fibres.yaml": ("fibres", "studies"),
    "guidelines.yaml": ("guidelines", "guidelines"),
    "quiz.yaml": ("quiz", "questions"),
    "teaching.yaml": ("teaching", None),
    "poses.yaml": ("poses", "poses"),
}
ROUTINES_DIR = "routines"
ENV_DATA_DIRS = "PSOAS_LESSON_DATA"


@dataclass(frozen=True)
class Catalog:
    """Everything the lesson knows, validated."""

    exercises: tuple[Exercise, ...]
    anatomy: Anatomy
    fibres: Fibres
    guidance: Guidance
    questions: tuple[Question, ...]
    teaching: Teaching
    routines: tuple[Routine, ...]
    poses: poses_data.Poses = poses_data.Poses()
    data_dirs: tuple[Path, ...] = field(default=(), compare=False)

    @functools.cached_property
    def exercises_by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises_by_id[exercise_id]
        except KeyError:
            raise DataError(
                f"unknown exercise id {exercise_id!r}; known ids: {', '.join(self.exercises_by_id)}"
            ) from None

    def routine(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        known = ", ".join(r.id for r in self.routines)
        raise DataError(f"unknown routine {routine_id!r}; ready routines: {known}")

    def resolve_routine(self, routine: Routine | str | os.PathLike[str]) -> Routine:
        """A Routine given as itself, a ready routine's id, or the path of a routine JSON file.

        Everything that takes a routine (builder, timer, handout, charts, class view, command
        line) goes through here, so each accepts the same three forms.
        """
        if isinstance(routine, Routine):
            return routine
        if not isinstance(routine, (str, os.PathLike)):
            raise DataError(
                f"expected a Routine, a ready routine id or a "
                f"routine file, got {type(routine).__name__}",
                field="routine",
            )
        path = routine_file(routine)
        if path is not None:
            return load_routine(path, self.exercises_by_id)
        return self.routine(os.fspath(routine))

    def questions_on(self, topic: str | None = None) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if topic is None or q.topic == topic)


def routine_file(routine: str | os.PathLike[str]) -> Path | None:
    """The file a routine reference names, or None where it is a ready routine's id.

    A path object, or text that ends in ``.json`` or holds a folder separator, is a file (a
    ready routine's id is kebab-case and has neither).
    """
    text = os.fspath(routine)
    if isinstance(routine, os.PathLike) or text.endswith(".json") or "/" in text or os.sep in text:
        return Path(text).expanduser()
    return None


def data_dirs_variable(extra_dirs: Iterable[str | Path], current: str = "") -> str:
    """The value of ``PSOAS_LESSON_DATA`` for a child process (a Jupyter or Voilà kernel): the
    ``current`` value with ``extra_dirs`` added as absolute paths (the kernel runs in another
    folder)."""
    dirs = [str(Path(d).resolve()) for d in extra_dirs]
    return os.pathsep.join(filter(None, [current, *dirs]))


def load_catalog(*extra_dirs: str | Path, base_dir: str | Path | None = None) -> Catalog:
    """Load the built-in data (or ``base_dir``) plus any extra directories, all validated."""
    base = Path(base_dir) if base_dir is not None else data_dir()
    extras = [Path(d) for d in extra_dirs]
    for extra in extras:
        if not extra.is_dir():
            raise DataError("is not a directory", file=display_path(extra))
    extras = [d for d in extras if d.resolve() != base.resolve()]

    docs = {}
    for name in DATA_FILES:
        path = base / name
        if not path.is_file():
            raise DataError("is missing from the data directory", file=display_path(path))
        docs[name] = _read_document(path)

    exercises = _exercises(docs["exercises.yaml"], display_path(base / "exercises.yaml"))
    questions = _questions(docs["quiz.yaml"], display_path(base / "quiz.yaml"))
    for extra in extras:
        # exists(), not is_file(): a directory named exercises.yaml is an error, not nothing.
        if (extra / "exercises.yaml").exists():
            path = extra / "exercises.yaml"
            exercises += _exercises(_read_document(path), display_path(path))
        if (extra / "quiz.yaml").exists():
            path = extra / "quiz.yaml"
            questions += _questions(_read_document(path), display_path(path))
    _unique(exercises, "exercise")
    _unique(questions, "quiz question")

    by_id = {exercise.id: exercise for exercise in exercises}
    routines: list[Routine] = []
    seen_routines: dict[str, str] = {}
    for folder in [base, *extras]:
        routines += _routines(folder / ROUTINES_DIR, by_id, seen_routines)

    anatomy = _anatomy(docs["anatomy.yaml"], display_path(base / "anatomy.yaml"))
    teaching = _teaching(docs["teaching.yaml"], display_path(base / "teaching.yaml"), routines)
    poses = _poses(docs["poses.yaml"], base, extras, by_id)
    return Catalog(
        exercises=exercises,
        anatomy=anatomy,
        fibres=_fibres(docs["fibres.yaml"], display_path(base / "fibres.yaml")),
        guidance=_guidance(docs["guidelines.yaml"], display_path(base / "guidelines.yaml")),
        questions=questions,
        teaching=teaching,
        routines=tuple(routines),
        poses=poses,
        data_dirs=(base, *extras),
    )


@functools.lru_cache(maxsize=8)
def _cached(extra_dirs: tuple[str, ...], stamp: tuple) -> Catalog:
    return load_catalog(*extra_dirs)


def default_catalog(*extra_dirs: str | Path) -> Catalog:
    """The catalog, loaded once per set of directories and reloaded when a data file changes.

    Directories listed in the environment variable ``PSOAS_LESSON_DATA`` (separated like PATH)
    are added too, so a teacher's own exercises reach the notebooks.
    """
    from_env = [d for d in os.environ.get(ENV_DATA_DIRS, "").split(os.pathsep) if d.strip()]
    dirs = tuple(dict.fromkeys(str(Path(d).resolve()) for d in [*from_env, *extra_dirs]))
    return _cached(dirs, _stamp([data_dir(), *map(Path, dirs)]))


def _stamp(dirs: Iterable[Path]) -> tuple:
    stamp = []
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")) + sorted((folder / ROUTINES_DIR).glob("*.json")):
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


# ---------------------------------------------------------------------------------------------
# Validating single files (the CLI's `validate`)


def validate_path(
    path: str | Path,
    exercises: dict[str, Exercise] | None = None,
    poses: poses_data.Poses | None = None,
) -> str:
    """Validate a data file, a data directory or a routine file; return what was checked.

    ``exercises`` and ``poses`` are what is already known (the built-in data), so a teacher's
    file that reuses an id is found.
    """
    path = Path(path)
    if path.is_dir() and path.suffix in (".json", ".yaml", ".yml"):
        raise DataError("is a directory, expected a file", file=display_path(path))
    if path.is_dir():
        if all((path / name).is_file() for name in DATA_FILES):
            catalog = load_catalog(base_dir=path)
            return (
                f"{display_path(path)}: a complete data directory: {len(catalog.exercises)} "
                "exercises, "
                f"{len(catalog.questions)} questions, {len(catalog.routines)} routines"
            )
        catalog = load_catalog(path)
        extra = [e for e in catalog.exercises if e.data_file.startswith(display_path(path))]
        return f"{display_path(path)}: an extra data directory: {len(extra)} exercises"
    if not path.exists():
        raise DataError("no such file or directory", file=display_path(path))
    if path.suffix == ".json":
        routine = routine_from_data(load_json(path), display_path(path), exercises)
        return f"{display_path(path)}: routine {routine.name!r}, {len(routine.entries)} entries"
    if path.name not in DATA_FILES:
        raise DataError(
            f"unknown kind of file; expected a routine (.json) or one of {', '.join(DATA_FILES)}",
            file=display_path(path),
        )
    document = _read_document(path)
    file = display_path(path)
    kind, _ = DATA_FILES[path.name]
    if kind == "poses":
        return _validate_poses(path, document, file, exercises, poses)
    builder = {"exercises": _exercises, "quiz": _questions}.get(kind)
    if builder:
        items = builder(document, file)
        noun = {"exercises": "exercise", "quiz": "quiz question"}[kind]
        _unique(items, noun, file)
        if kind == "exercises" and exercises:
            # A teacher's file is valid alone but breaks loading if it reuses a known id.
            for item in items:
                known = exercises.get(item.id)
                if known is not None and known.data_file != file:
                    raise DataError(
                        f"duplicate exercise id (first defined in {known.data_file})",
                        file=file,
                        item=item.id,
                        field="id",
                    )
        return f"{file}: {len(items)} {'exercises' if kind == 'exercises' else 'questions'}"
    build = {"anatomy": _anatomy, "fibres": _fibres, "guidelines": _guidance, "teaching": _teaching}
    build[kind](document, file)
    return f"{file}: valid {kind} file"


# ---------------------------------------------------------------------------------------------
# Building models from validated documents


def _read_document(path: Path) -> Any:
    kind, list_key = DATA_FILES[path.name]
    document = load_yaml(path)
    schema.validate(document, kind, display_path(path), list_key)
    return document


def _amount(raw: dict, unit: str, file: str, item: str, name: str, whole: bool = False) -> Amount:
    article = raw["article"]
    low, high = (
        (article if isinstance(article, list) else (article, article))
        if article is not None
        else (None, None)
    )
    amount = Amount(
        default=raw["default"],
        min=raw["min"],
        max=raw["max"],
        article_min=low,
        article_max=high,
        unit=unit,
    )

    def fail(field_name: str, message: str):
        raise DataError(message, file=file, item=item, field=f"dose.{name}.{field_name}")

    if whole:
        for key in ("default", "min", "max"):
            if not float(raw[key]).is_integer():
                fail(key, f"must be a whole number, got {raw[key]!r}")
    if amount.min > amount.max:
        fail("min", f"must not be above max ({amount.max:g}), got {amount.min:g}")
    if low is not None:
        if low > high:
            fail("article", f"range must be [low, high], got [{low:g}, {high:g}]")
        if not (amount.min <= low and high <= amount.max):
            fail(
                "article",
                f"must lie within min and max ({amount.min:g}-{amount.max:g}), got "
                f"{amount.article_text}",
            )
        if not low <= amount.default <= high:
            fail(
                "default",
                f"must lie within the article's range {amount.article_text}, got "
                f"{amount.default:g}",
            )
    elif not amount.min <= amount.default <= amount.max:
        fail(
            "default",
            f"must lie within min and max ({amount.min:g}-{amount.max:g}), got {amount.default:g}",
        )
    return amount


def _exercises(document: dict, file: str) -> tuple[Exercise, ...]:
    out = []
    for raw in document["exercises"]:
        item = raw["id"]
        d = raw["dose"]
        hold_s = _amount(d["hold_s"], " s", file, item, "hold_s") if "hold_s" in d else None
        hold_breaths = (
            _amount(d["hold_breaths"], " breaths", file, item, "hold_breaths")
            if "hold_breaths" in d
            else None
        )
        work = hold_s or hold_breaths
        if work.min <= 0:
            raise DataError(
                f"must be above 0, got {work.min:g}",
                file=file,
                item=item,
                field=f"dose.{'hold_s' if hold_s else 'hold_breaths'}.min",
            )
        reps = _amount(d["reps"], "", file, item, "reps", whole=True)
        sets = _amount(d["sets"], "", file, item, "sets", whole=True)
        for name, amount in (("reps", reps), ("sets", sets)):
            if amount.min < 1:
                raise DataError(
                    f"must be at least 1, got {amount.min:g}",
                    file=file,
                    item=item,
                    field=f"dose.{name}.min",
                )
        on_beat = OnBeat(d["on_beat"]) if "on_beat" in d else None
        _check_beat(on_beat, d, hold_s, file, item)
        _check_texts(raw, file, item, on_beat)
        dose = Dose(
            reps=reps,
            sets=sets,
            rest_s=_amount(d["rest_s"], " s", file, item, "rest_s"),
            sides=Sides(d["sides"]),
            reps_scope=RepsScope(d["reps_scope"]),
            hold_s=hold_s,
            hold_breaths=hold_breaths,
            switch_s=d.get("switch_s"),
            on_beat=on_beat,
            beat_s=float(d["beat_s"]) if "beat_s" in d else None,
            note=d.get("note", "").strip(),
        )
        out.append(
            Exercise(
                id=item,
                name=raw["name"].strip(),
                kind=Kind(raw["kind"]),
                targets=tuple(raw["targets"]),
                summary=raw["summary"].strip(),
                why=raw["why"].strip(),
                steps=tuple(s.strip() for s in raw["steps"]),
                cue=raw["cue"].strip(),
                dose=dose,
                cautions=tuple(c.strip() for c in raw["cautions"]),
                source=raw["source"].strip(),
                evidence=raw["evidence"].strip(),
                equipment=tuple(raw["equipment"]),
                optional_equipment=tuple(raw.get("optional_equipment", ())),
                article_section=raw.get("article_section", ""),
                cautions_source=raw.get("cautions_source", "").strip(),
                data_file=file,
            )
        )
    return tuple(out)


def _check_beat(
    on_beat: OnBeat | None, d: dict, hold_s: Amount | None, file: str, item: str
) -> None:
    """A move on a beat is timed in seconds; only one whose sides take turns through the hold
    has a beat of its own (``beat_s``), and it fits at least twice into the shortest hold: a
    repetition on the beat takes its beat from the hold and the pause after it instead."""

    def fail(field_name: str, message: str):
        raise DataError(message, file=file, item=item, field=f"dose.{field_name}")

    if on_beat is not None and hold_s is None:
        fail("on_beat", "a move on a beat is timed in seconds (hold_s), not in breaths")
    if on_beat is OnBeat.SIDES:
        if "beat_s" not in d:
            fail("beat_s", "is missing; sides that take turns on the beat need it, 0.5-10 s")
        if d["sides"] != "both-at-once":
            fail(
                "sides",
                "must be both-at-once for on_beat: sides (the sides take turns within each "
                f"hold), got {d['sides']}",
            )
        if d["beat_s"] * 2 > hold_s.min:
            fail(
                "beat_s",
                f"must fit twice into the shortest hold (dose.hold_s.min, {hold_s.min:g} s), "
                f"got {d['beat_s']:g}",
            )
    elif "beat_s" in d:
        fail(
            "beat_s",
            "only sides that take turns through the hold (on_beat: sides) have a beat of their "
            "own; repetitions on the beat (on_beat: reps) take theirs from the hold and pause",
        )


def _check_texts(raw: dict, file: str, item: str, on_beat: OnBeat | None = None) -> None:
    """Steps mark where a dose number goes ({hold}, {reps}); the texts shown as they are carry
    no dose number at all (psoas_lesson/steps.py). {beat} needs a move on a beat."""
    for i, text in enumerate(raw["steps"]):
        if on_beat is None and uses_beat(text):
            raise DataError(
                "{beat} needs a move on a beat (dose.on_beat); this exercise has none",
                file=file,
                item=item,
                field=f"steps[{i}]",
            )
    checks = [(f"steps[{i}]", text, check_step) for i, text in enumerate(raw["steps"])]
    checks += [("summary", raw["summary"], check_fixed_text), ("cue", raw["cue"], check_cue)]
    checks += [(f"cautions[{i}]", text, check_fixed_text) for i, text in enumerate(raw["cautions"])]
    for field_name, text, check in checks:
        try:
            check(text)
        except StepError as error:
            raise DataError(str(error), file=file, item=item, field=field_name) from None


def _questions(document: dict, file: str) -> tuple[Question, ...]:
    out = []
    for raw in document["questions"]:
        if raw["answer"] >= len(raw["choices"]):
            raise DataError(
                f"must be the index of a choice, 0 to {len(raw['choices']) - 1}, got "
                f"{raw['answer']}",
                file=file,
                item=raw["id"],
                field="answer",
            )
        if len(set(raw["choices"])) != len(raw["choices"]):
            raise DataError("must all be different", file=file, item=raw["id"], field="choices")
        out.append(
            Question(
                id=raw["id"],
                topic=raw["topic"],
                question=raw["question"].strip(),
                choices=tuple(c.strip() for c in raw["choices"]),
                answer=raw["answer"],
                explanation=raw["explanation"].strip(),
                source=raw["source"].strip(),
            )
        )
    return tuple(out)


def _anatomy(document: dict, file: str) -> Anatomy:
    structures = tuple(
        Structure(
            id=s["id"],
            name=s["name"],
            description=s["description"].strip(),
            source=s["source"].strip(),
        )
        for s in document["structures"]
    )
    _unique(structures, "structure", file)
    known = {s.id for s in structures}
    topics = []
    for raw in document["topics"]:
        for index, ref in enumerate(raw["structures"]):
            if ref not in known:
                raise DataError(
                    f"unknown structure {ref!r}; known: {', '.join(sorted(known))}",
                    file=file,
                    item=raw["id"],
                    field=f"structures[{index}]",
                )
        topics.append(
            AnatomyTopic(
                id=raw["id"],
                title=raw["title"],
                summary=raw["summary"].strip(),
                article=raw["article"].strip(),
                literature=tuple(
                    Citation(c["text"].strip(), c["source"].strip()) for c in raw["literature"]
                ),
                structures=tuple(raw["structures"]),
            )
        )
    _unique(topics, "anatomy topic", file)
    overlays = tuple(
        Overlay(
            id=o["id"],
            title=o["title"],
            description=o["description"].strip(),
            marks=tuple(Mark(m["id"], m["label"].strip()) for m in o["marks"]),
            source=o["source"].strip(),
        )
        for o in document.get("overlays", ())
    )
    _unique(overlays, "overlay", file)
    for overlay in overlays:
        _unique(overlay.marks, f"mark of overlay {overlay.id!r}", file)
    return Anatomy(topics=tuple(topics), structures=structures, overlays=overlays)


def _fibres(document: dict, file: str) -> Fibres:
    studies = tuple(
        FibreStudy(
            id=s["id"],
            label=s["label"],
            source=s["source"].strip(),
            subjects=s["subjects"],
            method=s["method"],
            shares=tuple(
                FibreShare(x["label"], float(x["percent"]), x["speed"]) for x in s["shares"]
            ),
            findings=tuple(f.strip() for f in s["findings"]),
            caveat=s.get("caveat", "").strip(),
        )
        for s in document["studies"]
    )
    for study in studies:
        total = sum(share.percent for share in study.shares)
        if study.shares and not 99.0 <= total <= 101.0:
            raise DataError(
                f"percentages must add up to 100, got {total:g}",
                file=file,
                item=study.id,
                field="shares",
            )
    regional = tuple(
        RegionalClaim(
            id=r["id"],
            source_label=r["source_label"],
            source=r["source"].strip(),
            upper=r["upper"].strip(),
            lower=r["lower"].strip(),
            numbers_given=r["numbers_given"],
            comment=r.get("comment", "").strip(),
            upper_role=r["upper_role"],
            lower_role=r["lower_role"],
            span=tuple(r.get("span", RegionalClaim.span)),
        )
        for r in document["regional"]
    )
    for claim in regional:
        top, bottom = claim.span
        if MUSCLE_LEVELS.index(top) >= MUSCLE_LEVELS.index(bottom):
            raise DataError(
                f"must run from a higher level to a lower one, got [{top}, {bottom}]",
                file=file,
                item=claim.id,
                field="span",
            )
    types = tuple(
        FibreType(t["id"], t["name"], t["text"].strip(), t["source"].strip())
        for t in document["fibre_types"]
    )
    return Fibres(
        studies=studies,
        regional=regional,
        article_problems=tuple(p.strip() for p in document["article_problems"]),
        article_right=tuple(p.strip() for p in document.get("article_right", ())),
        stain_caveat=document["stain_caveat"].strip(),
        fibre_types=types,
    )


def _guidance(document: dict, file: str) -> Guidance:
    guidelines = tuple(
        Guideline(
            id=g["id"],
            title=g["title"],
            text=g["text"].strip(),
            source=g["source"].strip(),
            group=g["group"],
        )
        for g in document["guidelines"]
    )
    _unique(guidelines, "guideline", file)
    benefits = tuple(
        Benefit(
            id=b["id"],
            title=b["title"],
            article=b["article"].strip(),
            support=b["support"],
            verdict=b["verdict"].strip(),
            evidence=b["evidence"].strip(),
            source=b["source"].strip(),
        )
        for b in document.get("benefits", ())
    )
    _unique(benefits, "benefit", file)
    return Guidance(
        safety_notice=document["safety_notice"].strip(),
        guidelines=guidelines,
        benefits=benefits,
    )


def _teaching(document: dict, file: str, routines: list[Routine] | None = None) -> Teaching:
    """The class plan; its routine is looked up in ``routines`` when given (a teaching.yaml
    validated alone has none to look in)."""
    plan = document["class_plan"]
    if routines is not None and plan["routine"] not in {r.id for r in routines}:
        raise DataError(
            f"unknown routine {plan['routine']!r}; ready routines: "
            f"{', '.join(r.id for r in routines)}",
            file=file,
            item="class_plan",
            field="routine",
        )
    return Teaching(
        title=plan["title"],
        routine=plan["routine"],
        blocks=tuple(
            ClassBlock(b["minutes"], b["title"], b["activity"].strip(), b["notebook"])
            for b in plan["blocks"]
        ),
        discussion_prompts=tuple(p.strip() for p in document["discussion_prompts"]),
        disagreements=tuple(
            Disagreement(
                d["topic"], d["article"].strip(), d["literature"].strip(), d["source"].strip()
            )
            for d in document["disagreements"]
        ),
    )


def _validate_poses(
    path: Path,
    document: dict,
    file: str,
    exercises: dict[str, Exercise] | None,
    known: poses_data.Poses | None,
) -> str:
    """A poses.yaml alone: a teacher's is checked with the exercises beside it in its folder."""
    exercises = dict(exercises or {})
    own = path.parent / "exercises.yaml"
    builtin = path.parent.resolve() == data_dir().resolve()
    if not builtin and own.is_file():
        for exercise in _exercises(_read_document(own), display_path(own)):
            exercises.setdefault(exercise.id, exercise)
    found = poses_data.build(document, file, exercises or None, base=builtin)
    if known is not None and not builtin:
        _refuse_redrawing(known, found, file)
    return f"{file}: pose data for {len(found.sets)} exercises"


def _poses(
    document: dict, base: Path, extras: list[Path], exercises: dict[str, Exercise]
) -> poses_data.Poses:
    """The built-in pose data, with any a teacher's directory adds for its own exercises."""
    poses = poses_data.build(document, display_path(base / "poses.yaml"), exercises)
    for extra in extras:
        path = extra / "poses.yaml"
        if not path.exists():
            continue
        file = display_path(path)
        added = poses_data.build(_read_document(path), file, exercises, base=False)
        _refuse_redrawing(poses, added, file)
        poses = replace(poses, sets=poses.sets + added.sets)
    return poses


def _refuse_redrawing(known: poses_data.Poses, added: poses_data.Poses, file: str) -> None:
    """A teacher's poses.yaml draws their own exercises: one already drawn is an error."""
    for pose_set in added.sets:
        first = known.for_exercise(pose_set.exercise)
        if first is not None:
            raise DataError(
                f"already has pose data (in {first.data_file})",
                file=file,
                item=pose_set.exercise,
                field="exercise",
            )


def _routines(folder: Path, exercises: dict[str, Exercise], seen: dict[str, str]) -> list[Routine]:
    """The ready routines in ``folder``; ``seen`` maps ids to files, to find duplicates."""
    if not folder.is_dir():
        return []
    routines = []
    for path in sorted(folder.glob("*.json")):
        file = display_path(path)
        routine = routine_from_data(load_json(path), file, exercises)
        if not routine.id:
            raise DataError("is missing; a ready routine needs an id", file=file, field="id")
        if routine.id in seen:
            raise DataError(
                f"duplicate routine id {routine.id!r} (first defined in {seen[routine.id]})",
                file=file,
                field="id",
            )
        seen[routine.id] = file
        routines.append(routine)
    return routines


def _unique(items, what: str, file: str | None = None) -> None:
    seen: dict[str, str] = {}
    for item in items:
        where = getattr(item, "data_file", "") or file
        if item.id in seen:
            first = seen[item.id]
            also = f" (first defined in {first})" if first and first != where else ""
            raise DataError(f"duplicate {what} id{also}", file=where, item=item.id, field="id")
        seen[item.id] = where or ""
