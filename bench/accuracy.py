"""OCR accuracy on the evaluation set, three ways side by side (issue 5, "Benchmark").

    .venv/bin/python bench/accuracy.py [--evalset bench/evalset/out] [--limit N]
        [--tools raw,ocrmypdf,sohoa] [--set ocr.preprocess.deskew=false ...]
        [--sohoa-config DIR] [--json bench/results/accuracy.json]

    raw Tesseract  `tesseract PAGE stdout -l vie`, page by page, two pages at a time
    OCRmyPDF       `ocrmypdf -l vie --rotate-pages --deskew --jobs 2 IN OUT`, one document at a
                   time; text by `pdftotext -raw` (in the order Tesseract wrote it: pdftotext's
                   own layout analysis cuts deskewed pages into narrow columns and costs OCRmyPDF
                   5 points of CER on a test page); its rotation is not scored (it turns the
                   page image itself, leaving no /Rotate to read)
    sohoa          `sohoa process FILES --out DIR`; text, rotation and blank from the sidecars

Reported per tool: character error rate (reading-order tolerant, bench/ocr_metrics.py), word
error rate, CER with diacritics removed from both sides (so ``1 - that / CER`` is the share of
the error that is diacritics), rotation accuracy on non-blank pages, blank-page precision and
recall (raw Tesseract and OCRmyPDF "say" blank by returning no text), and pages per second of
wall time; then CER by degradation group (the page tags in the ground truth).

``--set KEY=VALUE`` (repeatable) runs sohoa on a copy of its configuration with that setting
changed (a TOML value: ``--set ocr.preprocess.orientation='"off"'``), so each preprocessing or
post-correction step can be shown off and on; ``--sohoa-config DIR`` uses another config folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pikepdf
from PIL import Image, ImageSequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ocr_metrics import character_errors, without_diacritics, word_errors

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVALSET = REPO / "bench" / "evalset" / "out"
TOOLS = ("raw", "ocrmypdf", "sohoa")
TOOL_NAMES = {
    "raw": "raw Tesseract",
    "ocrmypdf": "OCRmyPDF --rotate-pages --deskew",
    "sohoa": "sohoa process",
}
BREAKDOWN = (
    "upright", "rotated", "rotated90", "rotated180", "rotated270", "skew>=2", "dpi200", "dpi300",
    "colour", "grey", "bw", "seal", "signature", "jpeg-low", "noise", "uneven-light",
    "dark-border", "photocopy",
)  # fmt: skip


# `ocrmypdf` itself, except that it does not lower its own priority (its main calls
# os.nice(5)): on a machine shared with other work that alone slows it several times over.
OCRMYPDF_SCRIPT = (
    "import os, sys; os.nice = lambda increment: 0; "
    "from ocrmypdf.__main__ import run; sys.exit(run())"
)


def ocrmypdf_command() -> list[str]:
    program = shutil.which("ocrmypdf")
    if program is None:
        return []
    interpreter = Path(program).read_text("utf-8", errors="replace").splitlines()[0]
    return [interpreter.removeprefix("#!").strip(), "-c", OCRMYPDF_SCRIPT]


OCRMYPDF = ocrmypdf_command()


@dataclass(frozen=True)
class PageTruth:
    text: str
    blank: bool
    rotation: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    path: Path
    pages: tuple[PageTruth, ...]
    dpi: int


@dataclass(frozen=True)
class PageRead:
    text: str
    rotation: int | None = None
    blank: bool | None = None


@dataclass
class ToolRun:
    tool: str
    seconds: float = 0.0
    pages: dict[tuple[str, int], PageRead] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


# --- the evaluation set -----------------------------------------------------------------------


def load_evalset(folder: Path, limit: int | None, first: int = 0) -> list[Document]:
    truths = sorted((folder / "ground-truth").glob("*.json"))[first:]
    if not truths:
        raise SystemExit(
            f"no evaluation set in {folder}: make it with "
            f".venv/bin/python -m bench.evalset.generate --out {folder}"
        )
    documents = []
    for path in truths[:limit]:
        truth = json.loads(path.read_text("utf-8"))
        pages = tuple(
            PageTruth(p["text"], p["blank"], p["rotation"], tuple(p["tags"]))
            for p in truth["pages"]
        )
        dpi = truth["pages"][0]["degradations"]["dpi"]
        documents.append(Document(folder / truth["file"], pages, dpi))
    return documents


def page_images(documents: list[Document], work: Path) -> dict[tuple[str, int], Path]:
    """Every page as an image file, as the scanner wrote it (made before any clock starts)."""
    pages: dict[tuple[str, int], Path] = {}
    folder = work / "pages"
    folder.mkdir()
    for document in documents:
        name = document.path.name
        if document.path.suffix == ".pdf":
            prefix = folder / document.path.stem
            subprocess.run(["pdfimages", "-all", str(document.path), str(prefix)], check=True)
            found = sorted(folder.glob(f"{document.path.stem}-*"))
            pages.update(((name, i), p) for i, p in enumerate(found))
        elif document.path.suffix == ".tif":
            with Image.open(document.path) as image:
                for i, frame in enumerate(ImageSequence.Iterator(image)):
                    target = folder / f"{document.path.stem}-{i}.png"
                    frame.save(target, dpi=(document.dpi, document.dpi))
                    pages[(name, i)] = target
        else:
            pages[(name, 0)] = document.path
    return pages


# --- the three tools --------------------------------------------------------------------------


def run_raw_tesseract(pages: dict[tuple[str, int], Path], parallel: int) -> ToolRun:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    run = ToolRun("raw")

    def read(item: tuple[tuple[str, int], Path]) -> None:
        key, image = item
        done = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "vie"],
            capture_output=True,
            env=environment,
            text=True,
        )
        if done.returncode != 0:
            run.failures.append(f"{key[0]} page {key[1]}: {done.stderr.strip()[-200:]}")
        run.pages[key] = PageRead(done.stdout)

    started = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(read, pages.items()))
    run.seconds = time.monotonic() - started
    return run


def run_ocrmypdf(documents: list[Document], jobs: int, work: Path) -> ToolRun | None:
    if shutil.which("ocrmypdf") is None:
        print("ocrmypdf is not installed (make bench installs it)", file=sys.stderr)
        return None
    run = ToolRun("ocrmypdf")
    folder = work / "ocrmypdf"
    folder.mkdir()
    outputs = {}
    started = time.monotonic()
    for document in documents:
        output = folder / f"{document.path.name}.pdf"
        command = [*OCRMYPDF, "-q", "-l", "vie", "--rotate-pages", "--deskew"]
        command += ["--jobs", str(jobs), str(document.path), str(output)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            run.failures.append(f"{document.path.name}: {done.stderr.strip()[-300:]}")
            continue
        outputs[document.path.name] = output
    run.seconds = time.monotonic() - started
    for name, output in outputs.items():
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(output), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        with pikepdf.open(output) as pdf:
            rotations = [int(page.obj.get("/Rotate", 0)) % 360 for page in pdf.pages]
        for index, (page_text, rotation) in enumerate(
            zip(text.split("\f"), rotations, strict=False)
        ):
            run.pages[(name, index)] = PageRead(page_text, rotation)
    return run


def run_sohoa(documents: list[Document], work: Path, config_dir: Path | None) -> ToolRun:
    sohoa = Path(sys.executable).with_name("sohoa")
    environment = {**os.environ, "SOHOA_DATA_DIR": str(work / "var")}
    environment.pop("SOHOA_DATABASE_URL", None)
    if config_dir is not None:
        environment["SOHOA_CONFIG_DIR"] = str(config_dir)
    # The test PKI is made on first use; make it before the clock starts, as an agency has its own.
    prepare = (
        "from pipeline.keep.identities import signing_identity; "
        "from pipeline.settings import load_settings; signing_identity(load_settings(), None)"
    )
    subprocess.run([sys.executable, "-c", prepare], check=True, env=environment)
    run = ToolRun("sohoa")
    out = work / "sohoa-out"
    started = time.monotonic()
    done = subprocess.run(
        [str(sohoa), "process", *(str(d.path) for d in documents), "--out", str(out)],
        env=environment,
        capture_output=True,
        text=True,
    )
    run.seconds = time.monotonic() - started
    if done.returncode != 0:
        run.failures.append(f"sohoa process exited {done.returncode}: {done.stderr[-500:]}")
    for document in documents:
        sidecar_path = out / f"{document.path.name}.json"
        if not sidecar_path.exists():
            run.failures.append(f"{document.path.name}: no sidecar")
            continue
        sidecar = json.loads(sidecar_path.read_text("utf-8"))
        if sidecar.get("error"):
            run.failures.append(f"{document.path.name}: {sidecar['error']}")
        for page in sidecar["pages"]:
            run.pages[(document.path.name, page["index"])] = PageRead(
                page["text"] or "", page["rotation"], page["blank"]
            )
    return run


def save_runs(runs: list[ToolRun], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = [
        {
            "tool": run.tool,
            "seconds": run.seconds,
            "failures": run.failures,
            "pages": [
                {"file": name, "index": index, **asdict(read)}
                for (name, index), read in sorted(run.pages.items())
            ],
        }
        for run in runs
    ]
    path.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", "utf-8")


def reread_runs(path: Path) -> list[ToolRun]:
    runs = []
    for kept in json.loads(path.read_text("utf-8")):
        run = ToolRun(kept["tool"], kept["seconds"], failures=kept["failures"])
        for page in kept["pages"]:
            run.pages[(page["file"], page["index"])] = PageRead(
                page["text"], page["rotation"], page["blank"]
            )
        runs.append(run)
    return runs


def merged(runs: list[ToolRun]) -> list[ToolRun]:
    """One run per tool: the pages of runs over parts of the set together, their wall times
    added (as if the parts had run one after another)."""
    by_tool: dict[str, ToolRun] = {}
    for run in runs:
        if run.tool not in by_tool:
            by_tool[run.tool] = ToolRun(run.tool)
        whole = by_tool[run.tool]
        whole.seconds += run.seconds
        whole.pages.update(run.pages)
        whole.failures += run.failures
    return list(by_tool.values())


# --- configuration switches -------------------------------------------------------------------


def config_with(settings: list[str], base: Path, work: Path) -> Path:
    """A copy of the config folder with ``section.key=value`` settings changed in sohoa.toml,
    by editing the text so comments and everything else stay as they are."""
    copy = work / "config"
    shutil.copytree(base, copy)
    toml_path = copy / "sohoa.toml"
    text = toml_path.read_text("utf-8")
    for setting in settings:
        key, _, raw = setting.partition("=")
        value = _toml_value(raw)
        text = _set_key(text, key.strip(), value)
        parsed = tomllib.loads(text)
        for part in key.strip().split("."):
            parsed = parsed[part]
        if parsed != tomllib.loads(f"v = {value}")["v"]:
            raise SystemExit(f"could not set {key} in {toml_path}")
    toml_path.write_text(text, "utf-8")
    return copy


def _toml_value(raw: str) -> str:
    """The value as TOML: as given when it parses (true, 0.5, "osd"), else a quoted string."""
    try:
        tomllib.loads(f"v = {raw}")
        return raw
    except tomllib.TOMLDecodeError:
        return json.dumps(raw, ensure_ascii=False)


def _set_key(text: str, dotted: str, value: str) -> str:
    *table_parts, name = dotted.split(".")
    table = ".".join(table_parts)
    lines = text.splitlines()
    start = 0
    if table:
        headers = [i for i, line in enumerate(lines) if line.strip() == f"[{table}]"]
        if not headers:
            return text.rstrip("\n") + f"\n\n[{table}]\n{name} = {value}\n"
        start = headers[0] + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for i in range(start, end):
        if pattern.match(lines[i]):
            lines[i] = f"{name} = {value}"
            return "\n".join(lines) + "\n"
    lines.insert(start if table else 0, f"{name} = {value}")
    return "\n".join(lines) + "\n"


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    char_errors: int = 0
    chars: int = 0
    plain_errors: int = 0
    plain_chars: int = 0
    word_errors: int = 0
    words: int = 0
    pages: int = 0

    def add(self, truth: str, text: str) -> None:
        counted = character_errors(truth, text)
        plain = character_errors(truth, text, fold=without_diacritics)
        words = word_errors(truth, text)
        self.char_errors += counted.errors
        self.chars += counted.characters
        self.plain_errors += plain.errors
        self.plain_chars += plain.characters
        self.word_errors += words.errors
        self.words += words.characters
        self.pages += 1

    @property
    def cer(self) -> float:
        return self.char_errors / max(1, self.chars)

    @property
    def wer(self) -> float:
        return self.word_errors / max(1, self.words)

    @property
    def plain_cer(self) -> float:
        return self.plain_errors / max(1, self.plain_chars)

    @property
    def diacritic_share(self) -> float:
        return 1 - self.plain_cer / self.cer if self.cer else 0.0


@dataclass
class Result:
    tool: str
    seconds: float
    pages: int
    overall: Score
    by_tag: dict[str, Score]
    rotation_right: int
    rotation_pages: int
    rotation_known: bool
    blank_true_positive: int
    blank_predicted: int
    blank_actual: int
    failures: list[str]
    per_page: list[dict[str, object]]

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def rotation_accuracy(self) -> float | None:
        return self.rotation_right / self.rotation_pages if self.rotation_known else None

    @property
    def blank_precision(self) -> float:
        return self.blank_true_positive / max(1, self.blank_predicted)

    @property
    def blank_recall(self) -> float:
        return self.blank_true_positive / max(1, self.blank_actual)

    def summary(self) -> dict[str, object]:
        return {
            "tool": self.tool,
            "pages": self.pages,
            "seconds": round(self.seconds, 1),
            "pages_per_second": round(self.pages_per_second, 3),
            "cer": round(self.overall.cer, 4),
            "wer": round(self.overall.wer, 4),
            "cer_without_diacritics": round(self.overall.plain_cer, 4),
            "diacritic_share_of_errors": round(self.overall.diacritic_share, 3),
            "rotation_accuracy": self.rotation_accuracy,
            "blank_precision": round(self.blank_precision, 3),
            "blank_recall": round(self.blank_recall, 3),
            "cer_by_degradation": {
                tag: {"pages": s.pages, "cer": round(s.cer, 4)} for tag, s in self.by_tag.items()
            },
            "failures": self.failures,
            "per_page": self.per_page,
        }


def says_blank(read: PageRead) -> bool:
    return read.blank if read.blank is not None else not read.text.strip()


def score(run: ToolRun, documents: list[Document]) -> Result:
    overall = Score()
    by_tag: dict[str, Score] = defaultdict(Score)
    rotation_right = rotation_pages = 0
    true_positive = predicted = actual = 0
    # OCRmyPDF turns the page image itself and leaves /Rotate unset, so its rotation is not
    # known from the output (90° turns show in the page shape, 180° ones not at all).
    rotation_known = run.tool == "sohoa"
    per_page: list[dict[str, object]] = []
    for document in documents:
        for index, truth in enumerate(document.pages):
            read = run.pages.get((document.path.name, index), PageRead(""))
            blank = says_blank(read)
            predicted += blank
            actual += truth.blank
            true_positive += blank and truth.blank
            if truth.blank:
                continue
            counted = character_errors(truth.text, read.text)
            per_page.append(
                {"file": document.path.name, "index": index, "cer": round(counted.rate, 4),
                 "rotation": read.rotation, "tags": list(truth.tags)}
            )  # fmt: skip
            overall.add(truth.text, read.text)
            for tag in truth.tags:
                by_tag[tag].add(truth.text, read.text)
            rotation_pages += 1
            rotation_right += read.rotation == truth.rotation
    pages = sum(len(d.pages) for d in documents)
    ordered = {tag: by_tag[tag] for tag in BREAKDOWN if tag in by_tag}
    return Result(
        run.tool, run.seconds, pages, overall, ordered, rotation_right, rotation_pages,
        rotation_known, true_positive, predicted, actual, run.failures, per_page,
    )  # fmt: skip


# --- report -----------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def table(results: list[Result]) -> str:
    header = (
        "| tool | CER | WER | CER w/o diacritics | diacritics' share of errors | rotation "
        "accuracy | blank precision / recall | pages/s |"
    )
    rows = [header, "|" + "---|" * 8]
    for r in results:
        rows.append(
            f"| {TOOL_NAMES[r.tool]} | {percent(r.overall.cer)} | {percent(r.overall.wer)} | "
            f"{percent(r.overall.plain_cer)} | {percent(r.overall.diacritic_share)} | "
            f"{percent(r.rotation_accuracy)} | {percent(r.blank_precision)} / "
            f"{percent(r.blank_recall)} | {r.pages_per_second:.3f} |"
        )
    return "\n".join(rows)


def breakdown(results: list[Result]) -> str:
    tags = [t for t in BREAKDOWN if any(t in r.by_tag for r in results)]
    rows = ["| pages | " + " | ".join(f"{TOOL_NAMES[r.tool]} CER" for r in results) + " |"]
    rows.append("|" + "---|" * (len(results) + 1))
    for tag in tags:
        count = max(r.by_tag[tag].pages for r in results if tag in r.by_tag)
        cells = [percent(r.by_tag[tag].cer) if tag in r.by_tag else "-" for r in results]
        rows.append(f"| {tag} ({count}) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def goals(results: dict[str, Result]) -> list[str]:
    lines = []
    sohoa, raw, ocrmypdf = results.get("sohoa"), results.get("raw"), results.get("ocrmypdf")
    if sohoa is None:
        return lines

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if raw is not None:
        ok = sohoa.overall.cer <= raw.overall.cer / 2
        lines.append(
            f"sohoa CER at most half of raw Tesseract's: {percent(sohoa.overall.cer)} vs "
            f"{percent(raw.overall.cer)} -> {verdict(ok)}"
        )
    if ocrmypdf is not None:
        ok = sohoa.overall.cer < ocrmypdf.overall.cer
        lines.append(
            f"sohoa CER below OCRmyPDF's: {percent(sohoa.overall.cer)} vs "
            f"{percent(ocrmypdf.overall.cer)} -> {verdict(ok)}"
        )
        ok = sohoa.pages_per_second >= ocrmypdf.pages_per_second
        lines.append(
            f"sohoa throughput at least OCRmyPDF's: {sohoa.pages_per_second:.3f} vs "
            f"{ocrmypdf.pages_per_second:.3f} pages/s -> {verdict(ok)}"
        )
    if "rotated" in sohoa.by_tag and "upright" in sohoa.by_tag:
        rotated, upright = sohoa.by_tag["rotated"].cer, sohoa.by_tag["upright"].cer
        ok = rotated <= upright * 1.1 + 0.005
        lines.append(
            f"sohoa reads rotated pages as well as upright ones: CER {percent(rotated)} vs "
            f"{percent(upright)} -> {verdict(ok)}"
        )
    accuracy = sohoa.rotation_accuracy
    if accuracy is not None:
        lines.append(
            f"sohoa rotation accuracy >= 99%: {percent(accuracy)} "
            f"({sohoa.rotation_right}/{sohoa.rotation_pages}) -> {verdict(accuracy >= 0.99)}"
        )
    return lines


def report(results: list[Result], documents: list[Document], label: str) -> str:
    pages = sum(len(d.pages) for d in documents)
    blanks = sum(p.blank for d in documents for p in d.pages)
    parts = [
        f"{label}: {len(documents)} documents, {pages} pages ({blanks} blank), "
        f"{os.cpu_count()} cores",
        "",
        table(results),
        "",
        "CER by degradation (pages in the group):",
        "",
        breakdown(results),
        "",
        *goals({r.tool: r for r in results}),
    ]
    for r in results:
        for failure in r.failures:
            parts.append(f"{TOOL_NAMES[r.tool]} failure: {failure}")
    return "\n".join(parts)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--evalset", type=Path, default=DEFAULT_EVALSET)
    parser.add_argument("--limit", type=int, help="only the first N documents (a quick run)")
    parser.add_argument(
        "--first", type=int, default=0, help="skip the documents before this one (0-based)"
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated: raw,ocrmypdf,sohoa"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="OCRmyPDF --jobs, raw Tesseract pages at once"
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one sohoa.toml setting for this run (repeatable)",
    )
    parser.add_argument("--sohoa-config", type=Path, help="sohoa config folder (SOHOA_CONFIG_DIR)")
    parser.add_argument("--label", default="accuracy", help="name of this run in the report")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "accuracy.json")
    parser.add_argument(
        "--reads",
        type=Path,
        default=REPO / "bench" / "results" / "accuracy-reads.json",
        help="where every page's text, rotation and blank flag per tool are kept",
    )
    parser.add_argument(
        "--rescore",
        type=Path,
        nargs="+",
        metavar="READS",
        help="score kept reads again without OCR (several files: tools run separately)",
    )
    arguments = parser.parse_args(list(argv) if argv is not None else None)
    tools = [t.strip() for t in arguments.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools {sorted(unknown)}; choose from {', '.join(TOOLS)}")
    documents = load_evalset(arguments.evalset, arguments.limit, arguments.first)
    runners: dict[str, Callable[[Path], ToolRun | None]] = {}
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="sohoa-accuracy-") as folder:
        work = Path(folder)
        base_config = arguments.sohoa_config or Path(
            os.environ.get("SOHOA_CONFIG_DIR", REPO / "config")
        )
        config_dir = (
            config_with(arguments.settings, base_config, work)
            if arguments.settings
            else base_config
        )
        runners["raw"] = lambda w: run_raw_tesseract(page_images(documents, w), arguments.jobs)
        runners["ocrmypdf"] = lambda w: run_ocrmypdf(documents, arguments.jobs, w)
        runners["sohoa"] = lambda w: run_sohoa(documents, w, config_dir)
        runs = merged([run for kept in arguments.rescore or [] for run in reread_runs(kept)])
        for tool in [] if arguments.rescore else tools:
            print(f"running {TOOL_NAMES[tool]} ...", file=sys.stderr, flush=True)
            run = runners[tool](work)
            if run is not None:
                runs.append(run)
        if not arguments.rescore:
            save_runs(runs, arguments.reads)
        results = [score(run, documents) for run in runs]
    label = arguments.label
    if arguments.settings:
        label += " (" + ", ".join(arguments.settings) + ")"
    print(report(results, documents, label))
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(
        json.dumps(
            {
                "label": label,
                "documents": len(documents),
                "settings": arguments.settings,
                "results": [r.summary() for r in results],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
