"""Vietnamese syllable structure: onset + rhyme + tone, checked by rule.

A written syllable is an optional onset (b, ch, ngh, qu, ...), a rhyme (vowel nucleus with an
optional medial before it and an optional final consonant or glide after it) and one of six
tones, five of them written as a mark on one vowel of the rhyme. Which spellings can exist is a
small closed set: the rhyme table below, the spelling rules for c/k, g/gh, ng/ngh, and the rule
that a rhyme closed by a stop (c, ch, p, t) takes only the sắc or nặng tone.

Tone marks go where the samples' ground truth puts them (the traditional placement, as in
"CỘNG HÒA" and "Ủy ban"): on the vowel with a quality mark (ư, ơ, ...) if there is one, else
on the last vowel when a consonant closes the rhyme, else on the first vowel of two ("hóa",
"khỏe", "tùy") and the middle of three ("ngoài").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache


class Tone(IntEnum):
    LEVEL = 0  # ngang, no mark
    GRAVE = 1  # huyền
    HOOK = 2  # hỏi
    TILDE = 3  # ngã
    ACUTE = 4  # sắc
    DOT = 5  # nặng


TONE_MARKS = {"\u0300": Tone.GRAVE, "\u0309": Tone.HOOK, "\u0303": Tone.TILDE,
              "\u0301": Tone.ACUTE, "\u0323": Tone.DOT}  # fmt: skip
MARK_OF_TONE = {tone: mark for mark, tone in TONE_MARKS.items()}

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d",
          "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")  # fmt: skip

RHYMES = frozenset(
    """
    a ai ao au ay ac ach am an ang anh ap at
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e eo ec em en eng ep et
    ê êu êch êm ên ênh êp êt
    i ia iu ich im in inh ip it
    iêc iêm iên iêng iêp iêt iêu
    y yêu yên yêm yêt yt ynh ych
    o oc oi om on ong op ot ooc oong
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u uc ui um un ung up ut
    ư ưc ưi ưm ưn ưng ưt ưu
    ua uôc uôi uôm uôn uông uôt
    ưa ươc ươi ươm ươn ương ươp ươt ươu
    oa oac oach oai oam oan oang oanh oap oat oay
    oăc oăm oăn oăng oăt
    oe oen oeo oet
    uân uâng uât uây
    uê uêch uênh
    uy uya uych uyn uynh uyp uyt uyu uyên uyêt
    uơ
    """.split()  # noqa: SIM905  # a table reads better as rows
)

FRONT_VOWELS = ("e", "ê", "i", "y")
STOP_FINALS = ("c", "ch", "p", "t")
VOWELS = frozenset("aăâeêioôơuưy")
QUALITY_VOWELS = frozenset("ăâêôơư")
# Letters of Vietnamese words, without tone marks; f, j, w and z occur only in foreign words.
TONELESS_LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")


@dataclass(frozen=True)
class Syllable:
    onset: str
    rhyme: str
    tone: Tone

    @property
    def spelled(self) -> str:
        """The syllable in lower case, NFC, with its tone mark in the canonical place."""
        return place_tone(self.onset + self.rhyme, len(self.onset), self.tone)


def split_tone(word: str) -> tuple[str, Tone] | None:
    """The word without its tone mark, and the tone; None when it carries two tone marks."""
    tone = Tone.LEVEL
    kept = []
    for char in unicodedata.normalize("NFD", word):
        mark = TONE_MARKS.get(char)
        if mark is None:
            kept.append(char)
        elif tone is Tone.LEVEL:
            tone = mark
        else:
            return None
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=65536)
def parse_syllable(word: str) -> Syllable | None:
    """The structure of a lower-case word when it is a possible Vietnamese syllable, else None."""
    split = split_tone(word)
    if split is None:
        return None
    toneless, tone = split
    if not toneless or any(char not in TONELESS_LETTERS for char in toneless):
        return None
    for onset in ONSETS:
        if not toneless.startswith(onset):
            continue
        rhyme = toneless[len(onset) :]
        if _allowed(onset, rhyme, tone):
            return Syllable(onset, rhyme, tone)
    return None


@lru_cache(maxsize=65536)
def spelled_syllable(word: str) -> str | None:
    """A lower-case word re-spelled with its tone mark in place, or None if it is no syllable."""
    syllable = parse_syllable(word)
    return None if syllable is None else syllable.spelled


def _allowed(onset: str, rhyme: str, tone: Tone) -> bool:
    if rhyme not in RHYMES:
        return False
    if rhyme.endswith(STOP_FINALS) and tone not in (Tone.ACUTE, Tone.DOT):
        return False
    front = rhyme.startswith(FRONT_VOWELS)
    if onset in ("c", "g", "ng") and front:
        # "g" before i is the onset gi with one i written: gì, gìn, giếng.
        return onset == "g" and rhyme.startswith("i")
    if onset in ("k", "gh", "ngh"):
        return front
    if onset == "qu":
        return rhyme[0] not in "ouư"
    return not (onset == "gi" and rhyme.startswith("i"))


def place_tone(toneless: str, onset_length: int, tone: Tone) -> str:
    """Put the tone mark on the vowel the convention chooses; toneless is lower case NFC."""
    if tone is Tone.LEVEL:
        return toneless
    position = onset_length + _tone_position(toneless[onset_length:])
    marked = unicodedata.normalize("NFD", toneless[position]) + MARK_OF_TONE[tone]
    return toneless[:position] + unicodedata.normalize("NFC", marked) + toneless[position + 1 :]


def _tone_position(rhyme: str) -> int:
    vowel_count = 0
    while vowel_count < len(rhyme) and rhyme[vowel_count] in VOWELS:
        vowel_count += 1
    vowels = rhyme[:vowel_count]
    closed = vowel_count < len(rhyme)
    quality = [i for i, char in enumerate(vowels) if char in QUALITY_VOWELS]
    if quality:
        return quality[-1]
    if closed or vowel_count == 1:
        return vowel_count - 1
    return 0 if vowel_count == 2 else 1


def canonical_tone_placement(word: str) -> str:
    """A lower-case word with its tone mark moved to the conventional vowel, if it is a syllable."""
    syllable = parse_syllable(word)
    return word if syllable is None else syllable.spelled


def skeleton(word: str) -> str:
    """The word's base letters: every diacritic removed and đ written d."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
