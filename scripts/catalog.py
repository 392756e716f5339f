"""Translation catalogues: extract the template from the code, merge it into each language, check.

    scripts/catalog extract   write the template (.pot) to build/i18n/mashbot.pot (not committed)
    scripts/catalog update    merge it into messages/locale/*/LC_MESSAGES/mashbot.po
    scripts/catalog check     fail if a catalogue holds a msgid the code no longer has, or a
                              translation whose placeholders differ from its msgid's

Sentences are found with Babel's extractors: Python (`_`, `ngettext`, `pgettext`, `N_`) in
messages/ and bot/, and Jinja (`{{ _(...) }}`, `{% trans %}`) in messages/templates/. `update`
adds new msgids untranslated and drops those gone; it never guesses a translation from a similar
sentence (no fuzzy matching): a changed safeguarding sentence must be translated again by a person.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "mashbot"
TEMPLATE = Path("build/i18n") / f"{DOMAIN}.pot"
LOCALES = Path("messages/locale")
# (folder, Babel method map): where sentences are written.
SOURCES = (
    ("messages", [("templates/**.j2", "jinja2"), ("**.py", "python")]),
    ("bot", [("**.py", "python")]),
)
JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true"}
COMMENT_TAGS = ("TRANSLATORS:",)
WRITE = {"width": 96, "include_lineno": False, "sort_output": False}


def extract(root: Path) -> Catalog:
    """Every translatable sentence in the code under `root`, with where it is used."""
    template = Catalog(project=DOMAIN, fuzzy=False)
    for folder, method_map in SOURCES:
        if not (root / folder).is_dir():
            continue
        found = extract_from_dir(
            root / folder,
            method_map,
            options_map={"templates/**.j2": JINJA_OPTIONS},
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def catalogues(root: Path) -> Iterator[tuple[str, Path]]:
    """Each language's catalogue: (code, path)."""
    for path in sorted((root / LOCALES).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        yield path.parents[1].name, path


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def write_template(root: Path) -> Path:
    path = root / TEMPLATE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, extract(root), **WRITE)
    return path


def update(root: Path) -> list[str]:
    """Merge the template into every catalogue; a line per catalogue saying what changed."""
    template = extract(root)
    said = []
    for locale, path in catalogues(root):
        catalogue = _read(path, locale)
        before = {_key(m) for m in catalogue if m.id}
        created = catalogue.creation_date
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.creation_date = created  # nothing changes when nothing changed
        with path.open("wb") as file:
            write_po(file, catalogue, ignore_obsolete=True, **WRITE)
        after = {_key(m) for m in catalogue if m.id}
        untranslated = sum(1 for m in catalogue if m.id and not _translated(m))
        said.append(
            f"{path.relative_to(root)}: {len(after - before)} new, {len(before - after)} gone, "
            f"{untranslated} of {len(after)} untranslated"
        )
    return said


def check(root: Path) -> list[str]:
    """Every problem in the catalogues: msgids the code no longer has, placeholders that differ."""
    known = {_key(m) for m in extract(root) if m.id}
    problems = []
    for locale, path in catalogues(root):
        where = path.relative_to(root)
        catalogue = _read(path, locale)
        for message in catalogue:
            if not message.id:
                continue
            if _key(message) not in known:
                problems.append(f"{where}: {_shown(message)} is no longer in the code")
        for message, errors in catalogue.check():
            problems.extend(f"{where}: {_shown(message)}: {error}" for error in errors)
    return problems


def _key(message: object) -> tuple[object, str | None]:
    ident = message.id  # type: ignore[attr-defined]
    return (ident[0] if isinstance(ident, tuple | list) else ident, message.context)  # type: ignore[attr-defined]


def _translated(message: object) -> bool:
    text = message.string  # type: ignore[attr-defined]
    return all(text) if isinstance(text, tuple | list) else bool(text)


def _shown(message: object) -> str:
    ident, context = _key(message)
    return f"msgid {ident!r}" + (f" (context {context!r})" if context else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/catalog", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "update", "check"))
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "extract":
        print(f"wrote {write_template(root).relative_to(root)}")
        return 0
    if args.command == "update":
        for line in update(root):
            print(line)
        return 0
    problems = check(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} problem(s): run scripts/catalog update, then translate what is new",
            file=sys.stderr,
        )
        return 1
    print("catalogues match the code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
