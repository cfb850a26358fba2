"""Vietnamese post-correction of OCR words: NFC, tone-mark placement, impossible syllables.

Runs on a `PageText` after OCR and before the text layer is built; each `Word` keeps its box and
only its text may change. Three steps, most certain first:

1. Unicode NFC and the tone mark on the conventional vowel ("hoà" → "hòa", "Uỷ" → "Ủy").
2. A syllable that cannot exist in Vietnamese (by rule) or that no Vietnamese text in the model
   uses ("ốn", "Giãy") is replaced by the most likely attested syllable near it in spelling,
   scored by a bigram model of administrative text and by how far the spelling moves. Only
   when one candidate clearly wins.
3. Optional (``context``): a valid syllable that the neighbouring words make very unlikely is
   replaced by a variant differing only in diacritics ("Tố chức" → "Tổ chức"), only when its
   own pairings are unattested and the variant's are. Off by default: it changes syllables that
   are valid in themselves.

Never touched: tokens with digits or inner punctuation (numbers, codes such as QĐ-UBND or
000.00.25.H06-220301-0042), capitalised words inside a line (names, places), all-capital
tokens without diacritics (abbreviations: UBND, TNHH), and foreign words with f, j, w or z.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.read.vietnamese import skeleton, spelled_syllable
from pipeline.values import PageText, Word, nfc

MODEL_DIR = Path(__file__).resolve().parents[2] / "ocr_models" / "vi"

# Scoring weights, in natural-log units (tuned on the samples OCRed at 200 and 150 dpi with a
# model built without the samples' text; see ocr_models/vi/README.md).
SMOOTHING = 4.0  # Dirichlet prior mass of the unigram distribution in a bigram estimate
MARK_COST = 1.5  # per diacritic (tone or vowel quality) that differs from what was read
LETTER_COST = 5.0  # per base letter substituted, inserted or deleted
MAX_COST = 7.0  # candidates further than this from what was read are not considered
MARGIN = 2.0  # the winner must beat the runner-up by this much (a factor of e² ≈ 7)
CONTEXT_GAIN = 6.0  # step 3: the variant must be this much likelier than what was read
NAME_EXTRA_GAIN = 3.0  # and this much more inside a capitalised run
LETTERS = "abcdeghiklmnopqrstuvxy"
# A line's first word read as one of these is the dash of a list item ("- Lưu: VT.").
LIST_DASH_MISREADINGS = frozenset({"~"})
# "120,0 m²" read as "m2", "m?", "m°": only right after a number, before closing punctuation.
SQUARE_METRE_MISREADING = re.compile(r"^m[2?°#‡](?=[.,;:)]*$)")


class Case(Enum):
    LOWER = "lower"
    TITLE = "title"
    UPPER = "upper"


@dataclass(frozen=True)
class LanguageModel:
    unigrams: dict[str, int]
    bigrams: dict[tuple[str, str], int]
    total: int
    by_skeleton: dict[str, tuple[str, ...]]

    def knows(self, syllable: str) -> bool:
        return syllable in self.unigrams

    def unigram_logp(self, syllable: str) -> float:
        count = self.unigrams.get(syllable, 0) + 0.5
        return math.log(count / (self.total + 0.5 * len(self.unigrams)))

    def bigram_logp(self, left: str | None, right: str) -> float:
        if left is None:
            return self.unigram_logp(right)
        prior = math.exp(self.unigram_logp(right))
        pair = self.bigrams.get((left, right), 0)
        return math.log((pair + SMOOTHING * prior) / (self.unigrams.get(left, 0) + SMOOTHING))

    def in_context(self, left: str | None, syllable: str, right: str | None) -> float:
        score = self.bigram_logp(left, syllable)
        if right is not None:
            score += self.bigram_logp(syllable, right)
        return score

    def attested_pairs(self, left: str | None, syllable: str, right: str | None) -> int:
        pairs = self.bigrams
        return int(left is not None and (left, syllable) in pairs) + int(
            right is not None and (syllable, right) in pairs
        )


@lru_cache(maxsize=4)
def load_model(folder: Path = MODEL_DIR) -> LanguageModel:
    """The shipped model, read once per process."""
    unigrams = dict(_counts(folder / "syllables.tsv"))
    bigrams: dict[tuple[str, str], int] = {}
    for pair, count in _counts(folder / "bigrams.tsv"):
        left, right = pair.split(" ")
        bigrams[(left, right)] = count
    by_skeleton: dict[str, list[str]] = {}
    for syllable in unigrams:
        by_skeleton.setdefault(skeleton(syllable), []).append(syllable)
    return LanguageModel(
        unigrams,
        bigrams,
        sum(unigrams.values()),
        {key: tuple(values) for key, values in by_skeleton.items()},
    )


def _counts(path: Path) -> Iterator[tuple[str, int]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                key, count = line.rstrip("\n").split("\t")
                yield key, int(count)
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"the Vietnamese post-correction model cannot be read ({error})",
            path=path,
            advice="Rebuild it with: .venv/bin/python ocr_models/build_vietnamese_model.py, "
            "or set [ocr] post_correction = false.",
        ) from None


@dataclass(frozen=True)
class Token:
    """A word's text split into leading punctuation, a run of letters, trailing punctuation."""

    lead: str
    core: str
    trail: str

    @classmethod
    def of(cls, text: str) -> Token:
        start, end = 0, len(text)
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        return cls(text[:start], text[start:end], text[end:])

    @property
    def text(self) -> str:
        return self.lead + self.core + self.trail

    @cached_property
    def case(self) -> Case | None:
        """How the letters are capitalised; None for digits, inner punctuation or mixed case."""
        core = self.core
        if len(core) < 1 or not core.isalpha():
            return None
        if core.islower():
            return Case.LOWER
        if len(core) > 1 and core.isupper():
            return Case.UPPER
        if core[0].isupper() and (len(core) == 1 or core[1:].islower()):
            return Case.TITLE
        return None


def correct_page(
    page: PageText, model: LanguageModel | None = None, *, context: bool = False
) -> PageText:
    """The page with its words post-corrected; boxes, order and confidences unchanged."""
    if not page.words:
        return page
    model = model or load_model()
    corrected: dict[int, Word] = {}
    for line in page.lines:
        texts = correct_line([word.text for word in line], model, context=context)
        for word, text in zip(line, texts, strict=True):
            corrected[id(word)] = word if word.text == text else replace(word, text=text)
    return replace(page, words=tuple(corrected[id(word)] for word in page.words))


def correct_line(texts: Sequence[str], model: LanguageModel, *, context: bool = False) -> list[str]:
    """Post-correct the words of one line, left to right (a fixed word informs the next)."""
    tokens = [Token.of(text) for text in _typography(texts)]
    keys = [_syllable_key(token) for token in tokens]
    out: list[str] = []
    for i, token in enumerate(tokens):
        # Punctuation between two words parts them, as it does when the model is built.
        joined_left = i > 0 and not token.lead and not tokens[i - 1].trail
        joined_right = i + 1 < len(tokens) and not token.trail and not tokens[i + 1].lead
        left = keys[i - 1] if joined_left else None
        right = keys[i + 1] if joined_right else None
        fixed = _correct_token(token, i == 0, left, right, model, context)
        if fixed is not token:
            keys[i] = _syllable_key(fixed)
        out.append(fixed.text)
    return out


def _typography(texts: Sequence[str]) -> list[str]:
    """NFC, and two marks Tesseract misreads: the list dash and the square metre after a number."""
    out = [nfc(text) for text in texts]
    if len(out) > 1 and out[0] in LIST_DASH_MISREADINGS:
        out[0] = "-"
    for i in range(1, len(out)):
        if out[i - 1][-1:].isdigit():
            out[i] = SQUARE_METRE_MISREADING.sub("m²", out[i])
    return out


def _syllable_key(token: Token) -> str | None:
    """The token as the model knows it (lower case, canonical tone), or None if not a syllable."""
    if token.case is None:
        return None
    return spelled_syllable(token.core.lower())


def _correct_token(
    token: Token,
    starts_line: bool,
    left: str | None,
    right: str | None,
    model: LanguageModel,
    context: bool,
) -> Token:
    case = token.case
    if case is None:
        return token
    lower = token.core.lower()
    spelled = spelled_syllable(lower)
    if spelled is not None and model.knows(spelled):
        if context and len(token.core) > 1:
            # Capitals inside a line may be a name, in a heading as well as in running text.
            in_name = case is Case.UPPER or (case is Case.TITLE and not starts_line)
            spelled = _in_context(spelled, left, right, model, in_name=in_name)
        return _respelled(token, case, spelled)
    # A capitalised syllable that is possible but unknown is most likely a name: keep it.
    if not _may_change(token, case, starts_line) or (case is Case.TITLE and spelled is not None):
        return token if spelled is None else _respelled(token, case, spelled)
    if case is Case.UPPER and not _has_diacritic(lower) and spelled is None:
        return token  # an abbreviation (UBND, TNHH); HĐND is too far from any syllable
    best = _best_candidate(lower, left, right, model, needs_context=case is not Case.LOWER)
    if best is None:
        return token if spelled is None else _respelled(token, case, spelled)
    return _respelled(token, case, best)


def _may_change(token: Token, case: Case, starts_line: bool) -> bool:
    """Capitalised words inside a line are names; foreign letters mark foreign words; a word
    without a vowel is a unit or an abbreviation (cm, kg, đ)."""
    letters = skeleton(token.core.lower())
    if (
        len(letters) < 2
        or any(c in "fjwz" for c in letters)
        or not any(c in "aeiouy" for c in letters)
    ):
        return False
    return case is not Case.TITLE or starts_line


def _has_diacritic(word: str) -> bool:
    return "đ" in word or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))


def _respelled(token: Token, case: Case, lower: str) -> Token:
    if case is Case.UPPER:
        core = lower.upper()
    elif case is Case.TITLE:
        core = lower[:1].upper() + lower[1:]
    else:
        core = lower
    return token if core == token.core else Token(token.lead, core, token.trail)


def _best_candidate(
    observed: str, left: str | None, right: str | None, model: LanguageModel, *, needs_context: bool
) -> str | None:
    scored = sorted(
        (
            (model.in_context(left, candidate, right) - cost, candidate)
            for candidate, cost in _candidates(observed, model)
        ),
        reverse=True,
    )
    if not scored:
        return None
    best_score, best = scored[0]
    if len(scored) > 1 and best_score - scored[1][0] < MARGIN:
        return None
    if needs_context and model.attested_pairs(left, best, right) == 0:
        return None
    return best


def _candidates(observed: str, model: LanguageModel) -> Iterator[tuple[str, float]]:
    """Attested syllables within MAX_COST of what was read, with their spelling cost."""
    base = skeleton(observed)
    seen: set[str] = set()
    for near in {base, *_skeleton_edits(base)}:
        for candidate in model.by_skeleton.get(near, ()):
            if candidate in seen:
                continue
            seen.add(candidate)
            cost = spelling_cost(observed, candidate)
            if cost <= MAX_COST:
                yield candidate, cost


def _skeleton_edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    substitutes = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return deletes | substitutes | inserts


@lru_cache(maxsize=65536)
def _letter_parts(char: str) -> tuple[str, frozenset[str]]:
    decomposed = unicodedata.normalize("NFD", char)
    base = "d" if decomposed[0] == "đ" else decomposed[0]
    marks = frozenset(decomposed[1:]) | ({"đ"} if char == "đ" else set())
    return base, marks


def spelling_cost(observed: str, candidate: str) -> float:
    """Weighted edit distance: a changed diacritic is cheap, a changed letter dear."""
    rows = len(observed) + 1
    previous = [j * LETTER_COST for j in range(len(candidate) + 1)]
    for i in range(1, rows):
        current = [i * LETTER_COST]
        for j in range(1, len(candidate) + 1):
            current.append(
                min(
                    previous[j] + LETTER_COST,
                    current[j - 1] + LETTER_COST,
                    previous[j - 1] + _substitution_cost(observed[i - 1], candidate[j - 1]),
                )
            )
        previous = current
    return previous[-1]


def _substitution_cost(read: str, meant: str) -> float:
    if read == meant:
        return 0.0
    read_base, read_marks = _letter_parts(read)
    meant_base, meant_marks = _letter_parts(meant)
    marks = MARK_COST * len(read_marks ^ meant_marks)
    return marks if read_base == meant_base else LETTER_COST + marks


def _in_context(
    spelled: str, left: str | None, right: str | None, model: LanguageModel, *, in_name: bool
) -> str:
    """Step 3: a diacritic variant when the neighbours make what was read very unlikely.

    The variant must pair with more of its neighbours than what was read. Inside a capitalised
    run (a law's or a portal's name, but maybe a person's) it must pair with both.
    """
    if left is None and right is None:
        return spelled
    observed_pairs = model.attested_pairs(left, spelled, right)
    possible_pairs = int(left is not None) + int(right is not None)
    if observed_pairs == possible_pairs or (in_name and possible_pairs < 2):
        return spelled
    needed_pairs = 2 if in_name else observed_pairs + 1
    needed_gain = CONTEXT_GAIN + (NAME_EXTRA_GAIN if in_name else 0.0)
    observed_score = model.in_context(left, spelled, right)
    best, best_gain = spelled, 0.0
    for candidate in model.by_skeleton.get(skeleton(spelled), ()):
        if candidate == spelled or model.attested_pairs(left, candidate, right) < needed_pairs:
            continue
        gain = (
            model.in_context(left, candidate, right)
            - spelling_cost(spelled, candidate)
            - observed_score
        )
        if gain > best_gain:
            best, best_gain = candidate, gain
    return best if best_gain >= needed_gain else spelled
