"""Writes the bad-input corpus next to this file (or into the folder given as the argument).

The corpus is committed; this script says how each file was made, byte for byte, and
tests/test_hardening.py checks that running it reproduces the committed files exactly.
Run: python tests/bad_inputs/make_corpus.py [FOLDER]
"""

import codecs
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parent
VALID = """# A teacher's own exercise: a valid file that the corpus variants each break in one way.
exercises:
  - id: chair-lunge
    name: Chair lunge
    kind: static-stretch
    targets: [psoas]
    summary: A lunge with one hand on a chair.
    why: It stretches the front of the hip of the back leg.
    steps:
      - Stand side-on to a chair and hold its back.
      - Step one foot back and ease the hips forward.
    cue: Hips forward
    equipment: [chair]
    dose:
      hold_s: {article: null, default: 30, min: 10, max: 60}
      reps: {article: null, default: 2, min: 1, max: 4}
      reps_scope: per-side
      sets: {article: null, default: 1, min: 1, max: 2}
      rest_s: {article: null, default: 0, min: 0, max: 30}
      sides: alternating
    cautions:
      - Keep a hand on the chair.
    source: A teacher's own exercise.
    evidence: None given.
"""
ROUTINE = {"format": "psoas-lesson/routine", "version": 1, "name": "My routine",
           "settings": {"prepare_s": 10, "first_side": "right"},
           "entries": [{"exercise": "kneeling-lunge", "hold_s": 30}, {"exercise": "glute-bridge", "reps": 10}]}
RTEXT = json.dumps(ROUTINE, indent=2) + "\n"


def w(name, data):
    p = out / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)


def rj(fname, **changes):
    d = json.loads(RTEXT)
    for k, v in changes.items():
        d[k] = v
    w(fname, json.dumps(d, indent=2, ensure_ascii=False) + "\n")


def entry(name, **fields):
    d = json.loads(RTEXT)
    d["entries"][0].update(fields)
    w(name, json.dumps(d, indent=2) + "\n")


def sub(name, old, new, text=RTEXT):
    assert old in text, (name, old)
    w(name, text.replace(old, new, 1))

# ---- routines
w("routine-truncated.json", RTEXT[: len(RTEXT) // 2])
w("routine-empty.json", b"")
w("routine-whitespace-only.json", b"  \n\t\r\n   \n")
w("routine-binary-png.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
w("routine-binary-no-nul.json", bytes(range(0x80, 0x100)) * 4)
w("routine-utf16-bom.json", codecs.BOM_UTF16_LE + RTEXT.encode("utf-16-le"))
w("routine-latin1.json", RTEXT.replace("My routine", "Übungen für die Hüfte").encode("latin-1"))
sub("routine-nan.json", '"hold_s": 30', '"hold_s": NaN')
sub("routine-infinity.json", '"hold_s": 30', '"hold_s": -Infinity')
sub("routine-1e309.json", '"hold_s": 30', '"hold_s": 1e309')
sub("routine-huge-integer.json", '"reps": 10', '"reps": ' + "9" * 5000)
entry("routine-negative-hold.json", hold_s=-5)
entry("routine-hold-1e12.json", hold_s=1e12)
entry("routine-hold-out-of-range.json", hold_s=3000)
sub("routine-reps-zero.json", '"reps": 10', '"reps": 0')
sub("routine-reps-fraction.json", '"reps": 10', '"reps": 2.5')
sub("routine-reps-true.json", '"reps": 10', '"reps": true')
entry("routine-string-number.json", hold_s="30")
entry("routine-hold-breaths-on-seconds.json", hold_breaths=5)
entry("routine-unknown-entry-field.json", hold=30)
w("routine-list-not-object.json", json.dumps(ROUTINE["entries"], indent=2) + "\n")
w("routine-string-not-object.json", '"kneeling-lunge"\n')
w("routine-null.json", "null\n")
rj("routine-entries-object.json", entries={"exercise": "kneeling-lunge"})
rj("routine-entry-is-list.json", entries=[["kneeling-lunge", 30]])
rj("routine-entries-empty.json", entries=[])
d = dict(ROUTINE); d.pop("entries"); w("routine-missing-entries.json", json.dumps(d, indent=2) + "\n")
d = dict(ROUTINE); d.pop("name"); w("routine-missing-name.json", json.dumps(d, indent=2) + "\n")
entry("routine-unknown-exercise.json", exercise="kneeling-lunges")
entry("routine-exercise-not-id.json", exercise="../../etc/passwd")
sub("routine-duplicate-keys.json", '"hold_s": 30', '"hold_s": 30, "hold_s": 45')
rj("routine-wrong-format.json", format="psoas-lesson/timeline")
rj("routine-future-version.json", version=2)
rj("routine-settings-out-of-range.json", settings={"breaths_per_min": 0})
rj("routine-unknown-top-field.json", colour="red")
w("routine-deep-nesting.json", "[" * 10_000 + "]" * 10_000)
w("routine-deep-nesting-in-name.json", RTEXT.replace('"My routine"', "[" * 5_000 + "]" * 5_000))
w("routine-moderate-nesting.json", RTEXT.replace('"My routine"', "[" * 40 + "1" + "]" * 40))
rj("routine-huge-name.json", name="psoas " * 15_000)
rj("routine-blank-name.json", name=" \t ")
w("routine-nul-byte.json", RTEXT.replace("My routine", "My\x00routine"))
sub("ok-routine-escaped-nul.json", "My routine", "My\\u0000routine")
sub("ok-routine-terminal-escape.json", "My routine", "\\u001b]0;pwned\\u0007\\u001b[2JMy routine")
sub("routine-escape-in-key.json", '"name"', '"\\u001b[31mred\\u001b[0m": 1, "name"')
sub("routine-lone-surrogate.json", "My routine", "My \\ud800 routine")
sub("ok-routine-bidi-override.json", "My routine", "My \\u202eenituor")
# ---- hostile but valid: must load, and show the text as text
rj("ok-routine-html-name.json", name="<script>alert(1)</script><img src=x onerror=alert(1)>",
   description='Quotes " \' & ampersands &amp; <b>bold</b> and unicode: Hüfte 腰大筋 🧘')

# ---- exercises.yaml variants

def y(name, old, new, text=VALID):
    assert old in text, (name, old)
    w(name, text.replace(old, new, 1))

y("exercises-python-object-apply.yaml", "name: Chair lunge", 'name: !!python/object/apply:os.system ["touch @MARKER@"]')
y("exercises-python-object-new.yaml", "name: Chair lunge",
  'name: !!python/object/new:subprocess.check_call [["touch", "@MARKER@"]]')
w("exercises-python-top-level.yaml", '!!python/object/apply:os.system ["touch @MARKER@"]\n')
y("exercises-python-name.yaml", "name: Chair lunge", "name: !!python/name:os.system")
y("exercises-python-module.yaml", "name: Chair lunge", "name: !!python/module:os")
y("exercises-local-tag.yaml", "name: Chair lunge", "name: !shell touch @MARKER@")
y("exercises-binary-tag.yaml", "name: Chair lunge", "name: !!binary aGVsbG8gd29ybGQ=")
y("exercises-set-tag.yaml", "targets: [psoas]", "targets: !!set {psoas: null, iliacus: null}")
y("exercises-timestamp-tag.yaml", "name: Chair lunge", "name: !!timestamp 2001-12-14t21:59:43.10-05:00")
y("exercises-timestamp-value.yaml", "default: 30,", "default: 2001-12-14,")
w("exercises-billion-laughs.yaml", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
  + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
  + "exercises: *i\n")
y("exercises-merge-key.yaml", "    dose:\n", "    dose:\n      <<: &base {sides: alternating}\n")
y("exercises-tabs.yaml", "    name: Chair lunge", "\tname: Chair lunge")
y("exercises-bad-indentation.yaml", "    kind: static-stretch", "      kind: static-stretch")
y("exercises-unclosed-flow.yaml", "targets: [psoas]", "targets: [psoas")
y("exercises-duplicate-key.yaml", "    kind: static-stretch\n", "    kind: static-stretch\n    kind: yoga-pose\n")
w("exercises-duplicate-id.yaml", VALID + VALID[VALID.index("  - id:"):])
y("exercises-builtin-id.yaml", "id: chair-lunge", "id: kneeling-lunge")
y("exercises-default-outside-range.yaml", "default: 30, min: 10", "default: 90, min: 10")
y("exercises-min-above-max.yaml", "default: 30, min: 10, max: 60", "default: 30, min: 70, max: 60")
y("exercises-reps-fraction.yaml", "reps: {article: null, default: 2,", "reps: {article: null, default: 2.5,")
y("exercises-unknown-kind.yaml", "kind: static-stretch", "kind: cardio")
w("exercises-missing-dose.yaml", VALID[: VALID.index("    dose:")] + VALID[VALID.index("    cautions:"):])
y("exercises-both-holds.yaml", "      reps: {", "      hold_breaths: {article: null, default: 5, min: 2, max: 9}\n      reps: {")
y("exercises-nan.yaml", "max: 60}", "max: .nan}")
y("exercises-infinity.yaml", "max: 60}", "max: .inf}")
y("exercises-1e400.yaml", "max: 60}", "max: 1e400}")
w("exercises-deep-nesting.yaml", "exercises: " + "[" * 10_000 + "]" * 10_000 + "\n")
w("exercises-deep-block-nesting.yaml", "exercises:\n" + "".join("  " * i + "- \n" for i in range(1, 60)))
w("exercises-utf16-bom.yaml", codecs.BOM_UTF16_BE + VALID.encode("utf-16-be"))
w("exercises-latin1.yaml", VALID.replace("Chair lunge", "Fente à la chaise").encode("latin-1"))
y("ok-exercises-escape-sequence.yaml", "name: Chair lunge", 'name: "Chair lunge\\e[2J\\e]0;pwned\\a"')
w("exercises-top-level-list.yaml", "- id: chair-lunge\n  name: Chair lunge\n")
w("exercises-scalar.yaml", "just some text\n")
w("exercises-empty-list.yaml", "exercises: []\n")
w("exercises-multiple-documents.yaml", VALID + "---\n" + VALID)
y("exercises-huge-string.yaml", "summary: A lunge with one hand on a chair.", "summary: " + "stretch " * 10_000)
w("ok-exercises-utf8-bom.yaml", codecs.BOM_UTF8 + VALID.encode())
y("ok-exercises-html.yaml", "name: Chair lunge", "name: '<script>alert(1)</script>'",
  VALID.replace("cue: Hips forward", "cue: '<img src=x onerror=alert(1)>'"))

y("exercises-huge-integer.yaml", "max: 60}", "max: " + "9" * 5000 + "}")
y("exercises-lone-surrogate.yaml", "name: Chair lunge", 'name: "Chair \\ud800 lunge"')
d = json.loads(RTEXT); d["entries"] = [{"exercise": "camel-pose"}] * 201
w("routine-too-many-entries.json", json.dumps(d) + "\n")
y("exercises-escape-in-key.yaml", "    cue: Hips forward\n", '    cue: Hips forward\n    "\\e[31mcolour": red\n')
# A dose number has one home, the dose: steps say where it goes with a placeholder.
y("exercises-unknown-placeholder.yaml", "      - Step one foot back and ease the hips forward.",
  "      - Step one foot back and ease the hips forward for {hold_time}.")
y("exercises-dose-number-in-step.yaml", "      - Step one foot back and ease the hips forward.",
  "      - Step one foot back, ease the hips forward and hold for 30 seconds.")
y("exercises-placeholder-in-cue.yaml", "    cue: Hips forward", "    cue: Hips forward for {hold}")

# ---- poses.yaml variants: each is set in an extra directory as poses.yaml, beside the teacher's
# valid exercises.yaml (ok-exercises-chair-lunge.yaml)
w("ok-exercises-chair-lunge.yaml", VALID)
POSES = """# The teacher's chair lunge, drawn: a valid file that the corpus variants each break in one way.
poses:
  - exercise: chair-lunge
    motion: hold
    source: The teacher's own drawing.
    positions:
      start:
        description: Standing tall beside a chair.
        near: {hip: 0, knee: 0, ankle: 0, shoulder: 10, elbow: 10}
        far: {hip: 0, knee: 0, ankle: 0, shoulder: 10, elbow: 10}
        floor: [near-foot, far-foot]
      held:
        description: One foot stepped back, the hips eased forward.
        near: {hip: -12, knee: 5, ankle: 15, shoulder: 10, elbow: 10}
        far: {hip: 25, knee: 37, ankle: 4, shoulder: 10, elbow: 10}
        floor: [near-toes, far-foot]
"""


def pz(name, old, new, text=POSES):
    assert old in text, (name, old)
    w(name, text.replace(old, new, 1))


HELD = "near: {hip: -12, knee: 5, ankle: 15, shoulder: 10, elbow: 10}"
pz("poses-unknown-joint.yaml", HELD, "near: {hipp: -12, knee: 5, ankle: 15, shoulder: 10, elbow: 10}")
pz("poses-hip-extension-60.yaml", HELD, "near: {hip: -60, knee: 5, ankle: 15, shoulder: 10, elbow: 10}")
pz("poses-knee-bent-backwards.yaml", HELD, "near: {hip: -12, knee: -40, ankle: 15, shoulder: 10, elbow: 10}")
pz("poses-angle-as-text.yaml", "hip: -12,", "hip: ninety,")
pz("poses-nan-angle.yaml", "hip: -12,", "hip: .nan,")
pz("poses-missing-position.yaml", POSES[POSES.index("      held:"):], "")
pz("poses-unknown-position.yaml", "      held:", "      middle:")
pz("poses-hold-called-a-move.yaml", "motion: hold", "motion: moves")
pz("poses-unknown-exercise.yaml", "exercise: chair-lunge", "exercise: chair-lunges")
pz("poses-not-on-the-floor.yaml", "floor: [near-toes, far-foot]", "floor: [near-toes, far-foot, near-hand]")
pz("poses-unknown-contact.yaml", "floor: [near-toes, far-foot]", "floor: [near-toes, far-feet]")
pz("poses-hand-does-not-reach.yaml", "        floor: [near-toes, far-foot]\n",
   "        floor: [near-toes, far-foot]\n        hands: {near: near-heel}\n")
HELD_LINES = """        near: {hip: -12, knee: 5, ankle: 15, shoulder: 10, elbow: 10}
        far: {hip: 25, knee: 37, ankle: 4, shoulder: 10, elbow: 10}
        floor: [near-toes, far-foot]
"""
pz("poses-below-the-floor.yaml", HELD_LINES, HELD_LINES.replace("knee: 37", "knee: 80")
   .replace("floor: [near-toes, far-foot]", "floor: [far-toes]"))
pz("poses-forearm-not-along-the-floor.yaml", HELD_LINES, """        body: 85
        trunk: -44
        near: {hip: -1, knee: -2, ankle: -70, shoulder: 41, elbow: 125}
        far: {hip: -1, knee: -2, ankle: -70, shoulder: 41, elbow: 90}
        floor: [front-of-hips, near-thigh, near-forearm]
""")
pz("poses-foot-not-flat.yaml", HELD_LINES, """        near: {hip: 0, knee: 0, ankle: -30, shoulder: 10, elbow: 10}
        far: {hip: 0, knee: 0, ankle: 0, shoulder: 10, elbow: 10}
        floor: [near-foot, far-foot]
""")
pz("poses-head-through-the-floor.yaml", HELD_LINES, """        body: 90
        neck: 30
        near: {hip: 3, knee: -2, ankle: -70, shoulder: 8, elbow: 0}
        far: {hip: 3, knee: -2, ankle: -70, shoulder: 8, elbow: 0}
        floor: [chest, front-of-hips]
""")
pz("poses-roller-off-the-floor.yaml", HELD_LINES, """        body: 72
        near: {hip: 0, knee: 0, ankle: 12, shoulder: 72, elbow: 0, wrist: 90}
        far: {hip: 0, knee: 0, ankle: 12, shoulder: 72, elbow: 0, wrist: 90}
        floor: [near-toes, near-hand]
        roller_under: near-front-of-thigh
""", POSES.replace("    motion: hold\n", "    motion: hold\n    props: [roller]\n"))
pz("poses-roller-not-under-the-body.yaml", HELD_LINES, HELD_LINES
   + "        roller_under: near-front-of-thigh\n",
   POSES.replace("    motion: hold\n", "    motion: hold\n    props: [roller]\n"))
pz("poses-through-the-roller.yaml", HELD_LINES, """        body: 84.5
        trunk: -13.5
        near: {hip: -2, knee: 0, ankle: 0, shoulder: 68, elbow: 90}
        far: {hip: 20, knee: 60, ankle: 0, shoulder: 68, elbow: 90}
        floor: [near-forearm, near-toes]
        roller_under: near-front-of-thigh
""", POSES.replace("    motion: hold\n", "    motion: hold\n    props: [roller]\n"))
pz("poses-move-without-its-direction.yaml", "motion: hold", "motion: moves",
   POSES.replace("      held:", "      end:"))
pz("poses-body-tilt-as-pelvis.yaml", HELD_LINES, "        pelvis: 90\n" + HELD_LINES)
pz("poses-builtin-exercise.yaml", "exercise: chair-lunge", "exercise: kneeling-lunge")
w("poses-twice.yaml", POSES + POSES[POSES.index("  - exercise:"):])
pz("poses-groups-in-a-teachers-file.yaml", "poses:\n", "groups:\n  neutral_hip_deg: [-90, 90]\n"
   "  source: mine\n  lengthened: {label: L, text: t, source: s}\n"
   "  neutral: {label: N, text: t, source: s}\n  shortened: {label: S, text: t, source: s}\nposes:\n")
pz("ok-poses-html.yaml", "description: One foot stepped back, the hips eased forward.",
   "description: '<script>alert(1)</script> One foot back, <img src=x onerror=alert(1)> & hips forward.'")
