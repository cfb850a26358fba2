"""Structural checks of the PDF/A-2b rules (ISO 19005-2, level B) that sohoa can verify itself.

This is NOT a full PDF/A validation such as veraPDF performs: it does not look inside font
programs (glyph presence, width consistency, CIDSet), ICC profile contents beyond the header,
transparency, annotation appearances and flags, stream syntax (Length, EOL markers, filters),
XMP schema conformance or dates, and it follows content only where listed below. It checks:

- 6.1.2: the header is ``%PDF-1.n`` with n from 0 to 7, followed by a binary comment line;
- 6.1.3: the trailer has a non-empty /ID and no /Encrypt (a file that needs a password is
  reported as encrypted);
- 6.6.2.1, 6.6.4: the catalog has a /Metadata stream of /Type /Metadata and /Subtype /XML whose
  XMP packet is well-formed UTF-8 XML without ``bytes`` or ``encoding`` attributes and claims
  pdfaid:part 2 and pdfaid:conformance A, B or U (each of which implies level B);
- Info/XMP agreement: /Title, /Author, /Subject, /Keywords, /Creator and /Producer of the
  Info dictionary, where present, equal dc:title, dc:creator, dc:description, pdf:Keywords,
  xmp:CreatorTool and pdf:Producer. This is PDF/A-1's rule 6.7.3, which veraPDF does not test
  for PDF/A-2; sohoa keeps it because readers show either source and they must not disagree;
- 6.2.3: an OutputIntent with /S /GTS_PDFA1 whose /DestOutputProfile is an ICC profile of
  version below 5, of device class ``mntr`` or ``prtr``, colour space GRAY, RGB or CMYK, with /N
  matching; all output intents share one profile object;
- 6.2.4.3: DeviceRGB and DeviceCMYK are used only with an output intent of that colour space or
  a DefaultRGB/DefaultCMYK colour space in the resources, and DeviceGray only with an output
  intent or DefaultGray. Uses are looked for in image XObjects, inline images, the colour
  operators rg/RG/k/K/g/G, cs/CS (also through named, Indexed, Separation, DeviceN and Pattern
  spaces) and shadings painted with sh;
- 6.2.8: no image XObject or inline image painted by the content asks for /Interpolate or has
  /Alternates or /OPI;
- 6.2.11.4.1: every font that shows text in a rendering mode other than 3 has its program
  embedded (FontFile, FontFile2 or FontFile3; a Type0 font's in its descendant CIDFont; Type3
  fonts are exempt but their glyph procedures are followed);
- 6.5.1, 6.5.2, 6.4.1: no actions other than GoTo, GoToR, GoToE, Thread, URI, SubmitForm and the
  Named actions NextPage, PrevPage, FirstPage and LastPage (so no JavaScript or Launch); no /JS
  entry; no additional-actions (/AA) dictionary anywhere; no JavaScript name tree;
- 6.8: no embedded files, since sohoa cannot tell whether an embedded file is PDF/A itself.

Content is followed from every page into the Form XObjects it paints, its annotations'
appearance streams, tiling patterns in its resources and Type3 glyph procedures, recursively.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
}
PERMITTED_ACTIONS = frozenset({"/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/SubmitForm"})
PERMITTED_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
ACTION_KEYS = frozenset({"/A", "/OpenAction", "/Next", "/PA"})
PROFILE_CLASSES = frozenset({"mntr", "prtr"})
PROFILE_COMPONENTS = {"GRAY": 1, "RGB ": 3, "CMYK": 4}
FONT_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")
INVISIBLE = 3
SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})
DEVICE_SPACES = {
    "/DeviceGray": "GRAY",
    "/G": "GRAY",
    "/DeviceRGB": "RGB ",
    "/RGB": "RGB ",
    "/DeviceCMYK": "CMYK",
    "/CMYK": "CMYK",
}
DEFAULT_SPACES = {"GRAY": "/DefaultGray", "RGB ": "/DefaultRGB", "CMYK": "/DefaultCMYK"}
COLOUR_OPERATORS = {"g": "GRAY", "G": "GRAY", "rg": "RGB ", "RG": "RGB ", "k": "CMYK", "K": "CMYK"}
SPACE_NAMES = {"GRAY": "DeviceGray", "RGB ": "DeviceRGB", "CMYK": "DeviceCMYK"}
HEADER = re.compile(rb"%PDF-1\.[0-7]\r?\n?")


def check_pdfa(pdf: Path) -> list[str]:
    """Problems with ``pdf`` against the checked PDF/A-2b rules, as sentences; [] if none."""
    try:
        document = pikepdf.open(pdf)
    except pikepdf.PasswordError:
        return [f"{pdf.name} is encrypted with a password; PDF/A forbids encryption."]
    except pikepdf.PdfError as exc:
        return [f"{pdf.name} cannot be read as a PDF: {exc}."]
    with document:
        problems = _header(pdf) + _trailer(document)
        xmp, xmp_problems = _xmp(document)
        problems += xmp_problems
        if xmp is not None:
            problems += _info_agrees_with_xmp(document, xmp)
        intent, intent_problems = _output_intent(document)
        problems += intent_problems
        problems += _content(document, intent)
        problems += _actions(document)
        problems += _embedded_files(document)
    return list(dict.fromkeys(problems))


# --- file structure ------------------------------------------------------------------------


def _header(pdf: Path) -> list[str]:
    with pdf.open("rb") as stream:
        start = stream.read(64)
    header = HEADER.match(start)
    if header is None:
        return ["The file does not start with a %PDF-1.0 to %PDF-1.7 header (PDF/A-2 6.1.2)."]
    comment = start[header.end() :]
    if not (comment[:1] == b"%" and all(b > 127 for b in comment[1:5]) and len(comment) >= 5):
        return [
            "The header is not followed by a comment of four bytes above 127, which marks "
            "the file as binary (PDF/A-2 6.1.2)."
        ]
    return []


def _trailer(document: pikepdf.Pdf) -> list[str]:
    problems = []
    identifier = document.trailer.get("/ID")
    if not isinstance(identifier, pikepdf.Array) or len(identifier) == 0:
        problems.append("The trailer has no /ID file identifier (PDF/A-2 6.1.3).")
    if document.is_encrypted or "/Encrypt" in document.trailer:
        problems.append("The file is encrypted; PDF/A forbids encryption (PDF/A-2 6.1.3).")
    return problems


# --- metadata ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Xmp:
    description: list[ElementTree.Element]

    def value(self, prefixed: str) -> str | None:
        """A property's simple value, the x-default of a Lang Alt, or the first item of a Seq."""
        prefix, local = prefixed.split(":")
        name = f"{{{NAMESPACES[prefix]}}}{local}"
        for description in self.description:
            if name in description.attrib:
                return description.attrib[name]
            element = description.find(name)
            if element is not None:
                return _property_text(element)
        return None


def _property_text(element: ElementTree.Element) -> str:
    items = element.findall(f"./*/{{{RDF}}}li")
    if not items:
        return element.text or ""
    chosen = next((i for i in items if i.get(XML_LANG) == "x-default"), items[0])
    return chosen.text or ""


def _xmp(document: pikepdf.Pdf) -> tuple[_Xmp | None, list[str]]:
    metadata = document.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return None, ["The catalog has no XMP metadata stream (PDF/A-2 6.6.2.1)."]
    problems = []
    if metadata.get("/Type") != Name.Metadata or metadata.get("/Subtype") != Name.XML:
        problems.append(
            "The XMP metadata stream lacks /Type /Metadata and /Subtype /XML (PDF/A-2 6.6.2.1)."
        )
    packet = metadata.read_bytes()
    try:
        text = packet.decode("utf-8")
        root = ElementTree.fromstring(text.lstrip("\ufeff"))
    except (UnicodeDecodeError, ElementTree.ParseError) as exc:
        return None, [*problems, f"The XMP metadata is not well-formed UTF-8 XML: {exc}."]
    header = re.search(r"<\?xpacket begin=[^>]*\?>", text)
    if header is not None and re.search(r"\b(bytes|encoding)=", header.group(0)):
        problems.append(
            "The XMP packet header has a bytes or encoding attribute (PDF/A-2 6.6.2.1)."
        )
    xmp = _Xmp(root.findall(f".//{{{RDF}}}Description"))
    part, conformance = xmp.value("pdfaid:part"), xmp.value("pdfaid:conformance")
    if part is None or conformance is None:
        problems.append("The XMP metadata does not claim PDF/A (pdfaid:part) (PDF/A-2 6.6.4).")
    elif part.strip() != "2" or conformance.strip() not in ("A", "B", "U"):
        problems.append(
            f"The XMP metadata claims PDF/A-{part.strip()}{conformance.strip().lower()}, "
            "not PDF/A-2b (PDF/A-2 6.6.4)."
        )
    return xmp, problems


def _info_agrees_with_xmp(document: pikepdf.Pdf, xmp: _Xmp) -> list[str]:
    info = document.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return []
    problems = []
    for key, prefixed in INFO_TO_XMP.items():
        if key not in info:
            continue
        in_info, in_xmp = str(info[key]), xmp.value(prefixed)
        if in_xmp is None:
            problems.append(
                f"The Info dictionary has {key[1:]} {in_info!r} but XMP has no {prefixed}."
            )
        elif in_xmp != in_info:
            problems.append(
                f"The Info dictionary's {key[1:]} {in_info!r} differs from XMP {prefixed} "
                f"{in_xmp!r}."
            )
    return problems


# --- output intent -------------------------------------------------------------------------


def _output_intent(document: pikepdf.Pdf) -> tuple[str | None, list[str]]:
    """The PDF/A output intent's colour space ('GRAY', 'RGB ', 'CMYK') and its problems."""
    intents = document.Root.get("/OutputIntents")
    entries = list(intents) if isinstance(intents, pikepdf.Array) else []
    profiles = [
        e.DestOutputProfile
        for e in entries
        if isinstance(e, pikepdf.Dictionary) and "/DestOutputProfile" in e
    ]
    if len({p.objgen for p in profiles}) > 1:
        return None, ["The output intents do not share one DestOutputProfile (PDF/A-2 6.2.3)."]
    pdfa = [
        e for e in entries if isinstance(e, pikepdf.Dictionary) and e.get("/S") == Name.GTS_PDFA1
    ]
    if not pdfa or not isinstance(pdfa[0].get("/DestOutputProfile"), pikepdf.Stream):
        return None, [
            "There is no PDF/A output intent (/S /GTS_PDFA1) with a DestOutputProfile "
            "(PDF/A-2 6.2.3)."
        ]
    return _profile(pdfa[0].DestOutputProfile)


def _profile(profile: pikepdf.Object) -> tuple[str | None, list[str]]:
    header = profile.read_bytes()[:128]
    if len(header) < 128 or header[36:40] != b"acsp":
        return None, [
            "The output intent's DestOutputProfile is not an ICC profile (PDF/A-2 6.2.3)."
        ]
    device_class, space = header[12:16].decode("latin-1"), header[16:20].decode("latin-1")
    problems = []
    if header[8] >= 5:
        problems.append(
            f"The output intent's ICC profile is version {header[8]}; PDF/A-2 6.2.3 allows at "
            "most 4."
        )
    if device_class not in PROFILE_CLASSES:
        problems.append(
            f"The output intent's ICC profile has device class {device_class!r}; PDF/A-2 6.2.3 "
            "allows only printer (prtr) and monitor (mntr) profiles."
        )
    if space not in PROFILE_COMPONENTS:
        return None, [
            *problems,
            f"The output intent's ICC profile has colour space {space.strip()!r}, "
            "not GRAY, RGB or CMYK.",
        ]
    if profile.get("/N") != PROFILE_COMPONENTS[space]:
        problems.append(
            f"The output intent's profile stream has /N {profile.get('/N')} but the profile "
            f"has {PROFILE_COMPONENTS[space]} components."
        )
    return space, problems


# --- content: fonts and colour -------------------------------------------------------------


@dataclass
class _Visit:
    """What a walk over one content stream found."""

    where: str
    resources: pikepdf.Dictionary
    fonts: dict[str, pikepdf.Object | None] = field(default_factory=dict)
    spaces: set[str] = field(default_factory=set)
    images: list[str] = field(default_factory=list)


def _content(document: pikepdf.Pdf, intent: str | None) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    reported_fonts: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pages, start=1):
        resources = _page_resources(page.obj)
        for visit in _walk(page.obj, resources, f"page {number}", seen):
            problems += _font_problems(visit, reported_fonts)
            problems += _colour_problems(visit, intent)
            problems += visit.images
    return problems


def _page_resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary:
    node: pikepdf.Object | None = page
    hops = 0
    while isinstance(node, pikepdf.Dictionary) and hops < 64:
        resources = node.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            return resources
        node, hops = node.get("/Parent"), hops + 1
    return pikepdf.Dictionary()


def _walk(
    owner: pikepdf.Object,
    resources: pikepdf.Dictionary,
    where: str,
    seen: set[tuple[int, int]],
) -> Iterator[_Visit]:
    """Visit ``owner``'s content and, recursively, every content stream it paints."""
    visit = _Visit(where, resources)
    children: list[tuple[pikepdf.Object, pikepdf.Dictionary, str]] = []
    try:
        instructions = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError:
        instructions = []
    _scan(instructions, visit, children)
    if isinstance(owner, pikepdf.Dictionary) and owner.get("/Type") == Name.Page:
        children += _annotation_appearances(owner, where)
    children += _tiling_patterns(resources, where)
    yield visit
    for child, inherited, child_where in children:
        if child.is_indirect:
            if child.objgen in seen:
                continue
            seen.add(child.objgen)
        own = child.get("/Resources")
        yield from _walk(
            child, own if isinstance(own, pikepdf.Dictionary) else inherited, child_where, seen
        )


def _scan(
    instructions: list[pikepdf.ContentStreamInstructions],
    visit: _Visit,
    children: list[tuple[pikepdf.Object, pikepdf.Dictionary, str]],
) -> None:
    saved: list[tuple[int, str]] = []
    mode, font_name = 0, ""
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            _check_image(visit, instruction.iimage.obj, "an inline image")
            continue
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "q":
            saved.append((mode, font_name))
        elif operator == "Q" and saved:
            mode, font_name = saved.pop()
        elif operator == "Tr" and operands:
            mode = int(operands[0])
        elif operator == "Tf" and operands:
            font_name = str(operands[0])
        elif operator in SHOW_TEXT and mode != INVISIBLE and font_name:
            _use_font(visit, font_name, children)
        elif operator in COLOUR_OPERATORS:
            visit.spaces.add(COLOUR_OPERATORS[operator])
        elif operator in ("cs", "CS") and operands:
            visit.spaces |= _device_spaces(operands[0], visit.resources)
        elif operator == "sh" and operands:
            shading = _resource(visit.resources, "/Shading", operands[0])
            if isinstance(shading, (pikepdf.Dictionary, pikepdf.Stream)):
                visit.spaces |= _device_spaces(shading.get("/ColorSpace"), visit.resources)
        elif operator == "Do" and operands:
            _paint_xobject(visit, operands[0], children)


def _use_font(
    visit: _Visit, name: str, children: list[tuple[pikepdf.Object, pikepdf.Dictionary, str]]
) -> None:
    if name in visit.fonts:
        return
    font = _resource(visit.resources, "/Font", Name(name))
    visit.fonts[name] = font
    if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == Name.Type3:
        procedures = font.get("/CharProcs")
        own = font.get("/Resources")
        inherited = own if isinstance(own, pikepdf.Dictionary) else visit.resources
        if isinstance(procedures, pikepdf.Dictionary):
            for glyph, procedure in procedures.items():
                where = f"{visit.where}, Type3 font {name} glyph {glyph}"
                children.append((procedure, inherited, where))


def _paint_xobject(
    visit: _Visit,
    name: pikepdf.Object,
    children: list[tuple[pikepdf.Object, pikepdf.Dictionary, str]],
) -> None:
    xobject = _resource(visit.resources, "/XObject", name)
    if not isinstance(xobject, pikepdf.Stream):
        return
    if xobject.get("/Subtype") == Name.Form:
        children.append((xobject, visit.resources, f"{visit.where}, form XObject {name}"))
    elif xobject.get("/Subtype") == Name.Image:
        _check_image(visit, xobject, f"image {name}")


def _annotation_appearances(
    page: pikepdf.Dictionary, where: str
) -> list[tuple[pikepdf.Object, pikepdf.Dictionary, str]]:
    found: list[tuple[pikepdf.Object, pikepdf.Dictionary, str]] = []
    annotations = page.get("/Annots")
    for annotation in annotations if isinstance(annotations, pikepdf.Array) else []:
        appearances = annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
        if not isinstance(appearances, pikepdf.Dictionary):
            continue
        subtype = str(annotation.get("/Subtype", "annotation"))[1:]
        for kind in ("/N", "/R", "/D"):
            entry = appearances.get(kind)
            streams = entry.values() if isinstance(entry, pikepdf.Dictionary) else [entry]
            found += [
                (s, pikepdf.Dictionary(), f"{where}, {subtype} annotation appearance")
                for s in streams
                if isinstance(s, pikepdf.Stream)
            ]
    return found


def _tiling_patterns(
    resources: pikepdf.Dictionary, where: str
) -> list[tuple[pikepdf.Object, pikepdf.Dictionary, str]]:
    patterns = resources.get("/Pattern")
    if not isinstance(patterns, pikepdf.Dictionary):
        return []
    return [
        (pattern, resources, f"{where}, pattern {name}")
        for name, pattern in patterns.items()
        if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1
    ]


def _resource(
    resources: pikepdf.Dictionary, category: str, name: pikepdf.Object
) -> pikepdf.Object | None:
    entries = resources.get(category)
    if not isinstance(entries, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
        return None
    return entries.get(str(name))


def _device_spaces(space: pikepdf.Object | None, resources: pikepdf.Dictionary) -> set[str]:
    """The device colour spaces that ``space`` amounts to, through named and derived spaces."""
    if isinstance(space, pikepdf.Name):
        device = DEVICE_SPACES.get(str(space))
        if device is not None:
            return {device}
        named = _resource(resources, "/ColorSpace", space)
        return _device_spaces(named, resources) if named is not None and named != space else set()
    if isinstance(space, pikepdf.Array) and len(space) > 1:
        family = str(space[0])
        if family in ("/Indexed", "/I", "/Pattern"):
            return _device_spaces(space[1], resources)
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            return _device_spaces(space[2], resources)
    return set()


def _check_image(visit: _Visit, image: pikepdf.Object, what: str) -> None:
    if image.get("/Interpolate", False):
        visit.images.append(f"{visit.where}: {what} asks for /Interpolate (PDF/A-2 6.2.8).")
    if "/Alternates" in image or "/OPI" in image:
        visit.images.append(f"{visit.where}: {what} has /Alternates or /OPI (PDF/A-2 6.2.8).")
    if not image.get("/ImageMask", False):
        visit.spaces |= _device_spaces(image.get("/ColorSpace"), visit.resources)


def _font_problems(visit: _Visit, reported: set[tuple[int, int]]) -> list[str]:
    problems = []
    for name, font in visit.fonts.items():
        if not isinstance(font, pikepdf.Dictionary):
            problems.append(
                f"{visit.where}: text is shown with font {name}, which is not in its resources."
            )
            continue
        if font.objgen in reported or _font_embedded(font):
            continue
        if font.is_indirect:
            reported.add(font.objgen)
        base = str(font.get("/BaseFont", name))[1:]
        problems.append(
            f"{visit.where}: font {base} is not embedded; PDF/A requires the program of every "
            "font that shows visible text (PDF/A-2 6.2.11.4.1)."
        )
    return problems


def _font_embedded(font: pikepdf.Dictionary) -> bool:
    subtype = font.get("/Subtype")
    if subtype == Name.Type3:
        return True
    described: pikepdf.Object = font
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, pikepdf.Array) or len(descendants) == 0:
            return False
        described = descendants[0]
    if not isinstance(described, pikepdf.Dictionary):
        return False
    descriptor = described.get("/FontDescriptor")
    return isinstance(descriptor, pikepdf.Dictionary) and any(
        k in descriptor for k in FONT_PROGRAMS
    )


def _colour_problems(visit: _Visit, intent: str | None) -> list[str]:
    problems = []
    defaults = visit.resources.get("/ColorSpace")
    for space in sorted(visit.spaces):
        if space == intent or (space == "GRAY" and intent is not None):
            continue
        if isinstance(defaults, pikepdf.Dictionary) and DEFAULT_SPACES[space] in defaults:
            continue
        wanted = f"the output intent is {intent.strip()}" if intent else "there is no output intent"
        problems.append(
            f"{visit.where}: uses {SPACE_NAMES[space]} but {wanted} (PDF/A-2 6.2.4.3); "
            "convert the content to the intent's colour space."
        )
    return problems


# --- actions and embedded files -------------------------------------------------------------


def _actions(document: pikepdf.Pdf) -> list[str]:
    problems: list[str] = []
    names = document.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        problems.append("The document has a JavaScript name tree; PDF/A forbids JavaScript.")
    for holder in _dictionaries(document):
        if "/AA" in holder:
            problems.append(
                "The file has additional actions (/AA), which PDF/A forbids (PDF/A-2 6.5.2, 6.4.1)."
            )
        if "/JS" in holder:
            problems.append("The file contains JavaScript, which PDF/A forbids (PDF/A-2 6.5.1).")
        for key in ACTION_KEYS & set(holder.keys()):
            actions = holder[key]
            for action in actions if isinstance(actions, pikepdf.Array) else [actions]:
                problems += _action_problems(action)
        if holder.get("/Type") == Name.Action:
            problems += _action_problems(holder)
    return problems


def _action_problems(action: pikepdf.Object) -> list[str]:
    if not isinstance(action, pikepdf.Dictionary) or "/S" not in action:
        return []
    kind = str(action.S)
    if kind == "/Named":
        named = str(action.get("/N", ""))
        if named not in PERMITTED_NAMED_ACTIONS:
            return [
                f"The file has a Named action {named[1:]!r}, which PDF/A forbids (PDF/A-2 6.5.1)."
            ]
        return []
    if kind not in PERMITTED_ACTIONS:
        return [f"The file has a {kind[1:]} action, which PDF/A forbids (PDF/A-2 6.5.1)."]
    return []


def _embedded_files(document: pikepdf.Pdf) -> list[str]:
    names = document.Root.get("/Names")
    has_tree = isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names
    if has_tree or any("/EF" in d for d in _dictionaries(document)):
        return [
            "The file has embedded files; sohoa cannot verify that they are PDF/A themselves "
            "(PDF/A-2 6.8)."
        ]
    return []


def _dictionaries(document: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every dictionary in the file, including stream dictionaries and direct ones nested inside."""
    for obj in document.objects:
        yield from _nested_dictionaries(obj)


def _nested_dictionaries(obj: pikepdf.Object) -> Iterator[pikepdf.Object]:
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, (pikepdf.Dictionary, pikepdf.Stream)):
            yield current
            values = list(current.values())
        elif isinstance(current, pikepdf.Array):
            values = list(current)
        else:
            continue
        pending += [v for v in values if isinstance(v, pikepdf.Object) and not v.is_indirect]


@dataclass(frozen=True)
class ValidatorOpinion:
    """pikepdf's allowlist PDF/A validator, a second opinion independent of the checks above."""

    violations: tuple[str, ...]
    unchecked: tuple[str, ...]


def pikepdf_pdfa_opinion(pdf: Path) -> ValidatorOpinion:
    """Violations break PDF/A; unchecked constructs (a signature's /AcroForm among them) are ones
    the validator does not know, which is not a verdict either way."""
    # Imported here: it brings fontTools (a third of a second), and loading an input PDF asks
    # this module about fonts without ever validating.
    import pikepdf.pdfa as pikepdf_pdfa

    report = pikepdf_pdfa.validate_written(pdf, "2b")
    violations = tuple(str(f) for f in report.findings if f.kind == "violation")
    unchecked = tuple(f"{f.where}: {f.message}" for f in report.findings if f.kind != "violation")
    return ValidatorOpinion(violations, unchecked)


def unembedded_fonts(document: pikepdf.Pdf) -> list[str]:
    """Base names of the fonts that show visible text without an embedded program."""
    seen: set[tuple[int, int]] = set()
    names: list[str] = []
    for page in document.pages:
        for visit in _walk(page.obj, _page_resources(page.obj), "", seen):
            for name, font in visit.fonts.items():
                if isinstance(font, pikepdf.Dictionary) and not _font_embedded(font):
                    names.append(str(font.get("/BaseFont", name)).lstrip("/"))
    return sorted(set(names))
