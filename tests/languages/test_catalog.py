"""scripts/catalog: the catalogues match the code, and `update` and `check` do what they say."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("catalog_script", ROOT / "scripts" / "catalog.py")
catalog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(catalog)

PO_HEADER = """msgid ""
msgstr ""
"Project-Id-Version: mashbot\\n"
"Language: cy\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;\\n"

"""


def test_every_catalogue_matches_the_code() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalog.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def project(tmp_path: Path, po: str) -> Path:
    """A tiny project: a sentence in Python, two in a template, one in bot/, a Welsh catalogue."""
    (tmp_path / "messages" / "templates").mkdir(parents=True)
    (tmp_path / "bot").mkdir()
    (tmp_path / "messages" / "words.py").write_text(
        'def said(n):\n    return _("Call 999 now."), ngettext("%(num)d sign", "%(num)d signs", n)\n'
    )
    (tmp_path / "messages" / "templates" / "receipt.text.j2").write_text(
        '{{ _("Phone the MASH now on %(phone)s.", phone=mash_phone) }}\n'
        "{% trans %}Your reference is {{ ref }}.{% endtrans %}\n"
    )
    (tmp_path / "bot" / "console.py").write_text('GOODBYE = N_("Goodbye.")\n')
    folder = tmp_path / "messages" / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "mashbot.po").write_text(PO_HEADER + po, encoding="utf-8")
    return tmp_path


def test_extract_finds_python_and_jinja_sentences(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.extract(root) if m.id}
    assert ids == {
        "Call 999 now.",
        "%(num)d sign",
        "Phone the MASH now on %(phone)s.",
        "Your reference is %(ref)s.",
        "Goodbye.",
    }
    assert catalog.main(["extract", "--root", str(root)]) == 0
    assert "Phone the MASH now on" in (root / "build" / "i18n" / "mashbot.pot").read_text()


def test_check_fails_on_a_msgid_gone_from_the_code_and_update_mends_it(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        'msgid "Call 999 now."\nmsgstr "Ffoniwch 999 nawr."\n\n'
        'msgid "Ring the MASH."\nmsgstr "Ffoniwch y MASH."\n',
    )
    [problem] = catalog.check(root)
    assert "'Ring the MASH.' is no longer in the code" in problem
    assert catalog.main(["check", "--root", str(root)]) == 1

    catalog.update(root)
    assert catalog.check(root) == []
    po = (root / "messages/locale/cy/LC_MESSAGES/mashbot.po").read_text(encoding="utf-8")
    assert 'msgid "Call 999 now."\nmsgstr "Ffoniwch 999 nawr."' in po  # kept
    assert 'msgid "Phone the MASH now on %(phone)s."\nmsgstr ""' in po  # new, to translate
    assert "Ring the MASH." not in po and "fuzzy" not in po
    first = po
    catalog.update(root)
    assert (root / "messages/locale/cy/LC_MESSAGES/mashbot.po").read_text() == first


def test_check_fails_on_a_translation_whose_placeholders_differ(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        'msgid "Phone the MASH now on %(phone)s."\nmsgstr "Ffoniwch y MASH nawr ar %(ffon)s."\n',
    )
    [problem] = catalog.check(root)
    assert "Phone the MASH now on" in problem and "ffon" in problem
