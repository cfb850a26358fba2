"""Which configured unit issued a paper, from its agency header, and its name on that day.

An NĐ 30 header names the issuing body under its parent, in capitals and often abbreviated:
"UBND HUYỆN TIÊN DU / PHÒNG TƯ PHÁP", "ỦY BAN NHÂN DÂN / PHƯỜNG VŨ NINH", "UBND TỈNH BẮC NINH /
SỞ Y TẾ". Every configured unit gets, for each name it bore, the keys such a header can spell:
its name as in a sentence ("Ủy ban nhân dân huyện Tiên Du", "Sở Y tế tỉnh Bắc Ninh"), and its
parent's name followed by its own title, with or without the grandparent ("… phường Vũ Ninh thành
phố Bắc Ninh"). Header and keys are normalised alike (lower case, abbreviations expanded, old and
new tone placement made one, punctuation dropped) and compared with rapidfuzz; when nothing
matches well, the comparison is repeated without diacritics, at a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from pipeline.settings import Settings, Unit
from pipeline.understand.text import fold
from pipeline.values import nfc

# Administrative divisions: their issuing body is their People's Committee.
DIVISION_TYPES = ("Tỉnh", "Thành phố", "Thị xã", "Huyện", "Quận", "Thị trấn", "Xã", "Phường")
PEOPLES_COMMITTEE = "Ủy ban nhân dân"

# Abbreviations on headers and in running text, by their lower-case form without dots.
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "hdnd": "hội đồng nhân dân",
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "h": "huyện",
    "p": "phường",
    "hcc": "hành chính công",
    "tthcc": "trung tâm hành chính công",
    "bql": "ban quản lý",
    "kcn": "khu công nghiệp",
    "lđtbxh": "lao động thương binh và xã hội",
    "lđ-tb&xh": "lao động thương binh và xã hội",
    "tn&mt": "tài nguyên và môi trường",
    "tnmt": "tài nguyên và môi trường",
    "kh&đt": "kế hoạch và đầu tư",
    "khđt": "kế hoạch và đầu tư",
    "gd&đt": "giáo dục và đào tạo",
    "gdđt": "giáo dục và đào tạo",
    "tc-kh": "tài chính kế hoạch",
    "tckh": "tài chính kế hoạch",
    "kt&ht": "kinh tế và hạ tầng",
    "ktht": "kinh tế và hạ tầng",
    "qlđt": "quản lý đô thị",
    "vh&tt": "văn hóa và thông tin",
    "vhtt": "văn hóa và thông tin",
    "tt&tt": "thông tin và truyền thông",
    "tttt": "thông tin và truyền thông",
    "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    "vh,tt&dl": "văn hóa thể thao và du lịch",
    "vhttdl": "văn hóa thể thao và du lịch",
    "gtvt": "giao thông vận tải",
    "khcn": "khoa học và công nghệ",
    "kh&cn": "khoa học và công nghệ",
    "hđnd&ubnd": "hội đồng nhân dân và ủy ban nhân dân",
}
# Old-style tone placement on oa/oe/uy at the end of a word ("hoá", "uỷ") written the new way.
_OLD_TONES = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE = re.compile("(" + "|".join(_OLD_TONES) + r")(?![a-zà-ỹ])")

# Scores (0-100) a header must reach against a unit's key, with and without diacritics.
ACCENTED_MATCH = 84.0
FOLDED_MATCH = 88.0
# How far ahead of the next unit the best one must be to be taken without doubt.
CLEAR_MARGIN = 6.0
FOLDED_PENALTY = 0.9
EXACT_SCORE = 99.5


def normalise(text: str) -> str:
    """Lower case, abbreviations expanded, tone placement unified, punctuation dropped."""
    lowered = nfc(text).lower()
    words = []
    for raw in lowered.split():
        token = raw.strip(".,;:()\"'_")
        words.append(ABBREVIATIONS.get(token.replace(".", ""), token))
    joined = " ".join(words)
    joined = _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(1)], joined)
    joined = re.sub(r"[^\w ]+", " ", joined.replace("&", " và "))
    return " ".join(joined.split())


def sentence_name(name: str, unit_type: str) -> str:
    """How a unit is named inside a sentence: a division's People's Committee, the type word of a
    division in lower case ("Ủy ban nhân dân huyện Tiên Du"); other bodies as configured."""
    if unit_type in DIVISION_TYPES and name.startswith(unit_type):
        return f"{PEOPLES_COMMITTEE} {_division_phrase(name, unit_type)}"
    return name


def _division_phrase(name: str, unit_type: str) -> str:
    return unit_type.lower() + name[len(unit_type) :]


@dataclass(frozen=True)
class IssuerMatch:
    unit: Unit
    # The issuer as a sentence names it, in the name in force on the document's date.
    name: str
    confidence: float
    score: float


class IssuerMatcher:
    """All configured units, ready to be matched against headers and addresses."""

    def __init__(self, settings: Settings) -> None:
        self.units = settings.units
        self._keys: list[str] = []
        self._folded: list[str] = []
        self._owners: list[str] = []
        for unit in self.units.values():
            for key in self._keys_of(unit):
                self._keys.append(key)
                self._folded.append(fold(key))
                self._owners.append(unit.code)

    def match(self, header: str, on: date | None = None) -> IssuerMatch | None:
        """The unit a header (or "Kính gửi" address) names, or None when none is close."""
        query = normalise(header)
        if not query:
            return None
        # Text printed or read without any diacritics is compared without them at once.
        marked = _has_marks(nfc(header).lower())
        found = self._best(query, self._keys, ACCENTED_MATCH) if marked else None
        penalty = 1.0
        if found is None:
            found = self._best(fold(query), self._folded, FOLDED_MATCH)
            penalty = FOLDED_PENALTY
        if found is None:
            return None
        code, score, runner_up = found
        unit = self.units[code]
        named = unit.name_on(on)
        confidence = penalty * _confidence(score, runner_up)
        return IssuerMatch(unit, sentence_name(named.name, named.type), confidence, score)

    def _best(
        self, query: str, keys: list[str], threshold: float
    ) -> tuple[str, float, float] | None:
        scores: dict[str, float] = {}
        for _, score, index in process.extract(
            query, keys, scorer=fuzz.ratio, limit=40, score_cutoff=threshold - 20
        ):
            owner = self._owners[index]
            scores[owner] = max(scores.get(owner, 0.0), score)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        code, score = ranked[0]
        if score < threshold:
            return None
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return code, score, runner_up

    def _keys_of(self, unit: Unit) -> Iterable[str]:
        keys: set[str] = set()
        for named in unit.all_names:
            sentence = sentence_name(named.name, named.type)
            keys.add(normalise(sentence))
            for parent_header in self._parent_headers(unit, named.name):
                title = self._title(unit, named.name)
                if title is not None:
                    keys.add(normalise(f"{parent_header} {title}"))
            # "Ủy ban nhân dân phường Vũ Ninh, thành phố Bắc Ninh, tỉnh Bắc Ninh";
            # "Phòng Tư pháp huyện Tiên Du, tỉnh Bắc Ninh".
            around = (
                unit if named.type in DIVISION_TYPES else self.units.get(unit.parent_code or "")
            )
            if around is not None and around.type in DIVISION_TYPES:
                for tail in self._enclosing(around):
                    keys.add(normalise(f"{sentence} {tail}"))
        return sorted(keys)

    def _parent_headers(self, unit: Unit, own_name: str) -> list[str]:
        """How a header names the unit's parent: in every name the parent bore."""
        parent = self.units.get(unit.parent_code or "")
        if parent is None:
            return []
        return [sentence_name(n.name, n.type) for n in parent.all_names]

    def _enclosing(self, unit: Unit) -> list[str]:
        """The divisions around a division, nearest first, as phrases: "thành phố Bắc Ninh",
        "thành phố Bắc Ninh tỉnh Bắc Ninh" (each in every name it bore)."""
        tails: list[str] = []
        prefixes = [""]
        parent = self.units.get(unit.parent_code or "")
        while parent is not None and parent.type in DIVISION_TYPES:
            phrases = [_division_phrase(n.name, n.type) for n in parent.all_names]
            prefixes = [f"{p} {phrase}".strip() for p in prefixes for phrase in phrases]
            tails.extend(prefixes)
            parent = self.units.get(parent.parent_code or "")
        return tails

    def _title(self, unit: Unit, own_name: str) -> str | None:
        """The unit's own title without its parent's name: "Phòng Tư pháp" of "Phòng Tư pháp
        huyện Tiên Du". None for a division, whose header is its People's Committee."""
        if unit.type in DIVISION_TYPES:
            return None
        parent = self.units.get(unit.parent_code or "")
        if parent is None:
            return own_name
        for named in parent.all_names:
            phrase = _division_phrase(named.name, named.type)
            if own_name.endswith(" " + phrase):
                return own_name[: -len(phrase) - 1]
        return own_name


def _confidence(score: float, runner_up: float) -> float:
    """From the match score, lowered when another unit came close."""
    confidence = score / 100.0
    margin = score - runner_up
    if margin <= 0:
        # Two units read alike ("xã Phú Lương", "xã Phù Lương" without marks): a person decides.
        return round(0.5 * confidence, 4)
    if score >= EXACT_SCORE:
        # Spelled exactly as a unit is: a near neighbour ("xã Phù Lãng") only dents it.
        return round(0.95 + 0.05 * min(margin / CLEAR_MARGIN, 1.0), 4)
    if margin < CLEAR_MARGIN:
        confidence *= 0.6 + 0.4 * max(margin, 0.0) / CLEAR_MARGIN
    return round(min(confidence, 1.0), 4)


def _has_marks(text: str) -> bool:
    return fold(text) != text
