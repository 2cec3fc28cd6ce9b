"""`flask variants load` of one bundle folder: its locale from --locale or the folder holding it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from service.content.bundle import BundleError, read_path
from service.storage import repository
from service.storage.db import db

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"


def bundle_in(folder: Path) -> Path:
    """A copy of the sample bundle as ``folder``/milia."""
    return Path(shutil.copytree(SAMPLE / "en" / "sample", folder / "milia"))


def load(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["variants", "load", *args])


def stored(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [(a.locale, a.slug) for a in repository.latest_articles(db.new_session())]


BEFORE = [("en", "sample"), ("en", "second")]


@pytest.mark.parametrize("parent", ["dir", "drafts", "Downloads", "tmp"])
def test_a_bundle_outside_a_locale_folder_is_refused_with_the_fix(
    app: Flask, tmp_path: Path, parent: str
) -> None:
    bundle = bundle_in(tmp_path / "work" / parent)

    result = load(app, str(bundle))

    assert result.exit_code == 1
    assert "Nothing was loaded." in result.output
    assert f"{bundle}: has no locale:" in result.output
    assert f"{parent!r} names no language" in result.output
    assert f"variants load --locale LOCALE {bundle}" in result.output
    assert "Twofold scores de, en and es" in result.output
    assert "no readability formulas" not in result.output  # 'dir' is no language to add
    assert stored(app) == BEFORE


def test_locale_option_names_the_locale_of_a_bundle_outside_a_locale_folder(
    app: Flask, tmp_path: Path
) -> None:
    bundle = bundle_in(tmp_path / "some" / "dir")

    result = load(app, "--locale", "es", str(bundle))

    assert result.exit_code == 0, result.output
    assert "es/milia: revision 1 (draft; the bundle said approved)" in result.output
    assert sorted(stored(app)) == sorted([*BEFORE, ("es", "milia")])
    again = load(app, "--locale", "es", str(bundle))
    assert "Loaded 0 new revision(s); 1 article(s) unchanged." in again.output


def test_locale_option_takes_a_region(app: Flask, tmp_path: Path) -> None:
    result = load(app, "--locale", "es-419", str(bundle_in(tmp_path / "inbox")))

    assert result.exit_code == 0, result.output
    assert ("es-419", "milia") in stored(app)


def test_locale_option_for_the_current_folder(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(bundle_in(tmp_path / "checkout"))

    result = load(app, "--locale", "de", ".")

    assert result.exit_code == 0, result.output
    assert "de/milia: revision 1" in result.output


def test_a_bundle_in_a_locale_folder_still_takes_that_locale(app: Flask, tmp_path: Path) -> None:
    bundle = bundle_in(tmp_path / "es")

    result = load(app, str(bundle))

    assert result.exit_code == 0, result.output
    assert "es/milia: revision 1" in result.output


def test_locale_option_agreeing_with_the_locale_folder_is_fine(app: Flask) -> None:
    result = load(app, "--locale", "en", str(SAMPLE / "en" / "sample"))

    assert result.exit_code == 0, result.output
    assert "Loaded 0 new revision(s); 1 article(s) unchanged." in result.output


def test_locale_option_contradicting_the_locale_folder_is_refused(
    app: Flask, tmp_path: Path
) -> None:
    bundle = bundle_in(tmp_path / "en")

    result = load(app, "--locale", "es", str(bundle))

    assert result.exit_code == 1
    assert (
        f"{bundle}: --locale es contradicts the folder holding the bundle, en/, which names "
        "locale en; drop --locale to load it as en, or move the bundle out of en/ to load it "
        "as es"
    ) in result.output
    assert stored(app) == BEFORE


@pytest.mark.parametrize("with_option", [False, True])
def test_a_locale_field_in_article_yaml_is_refused_where_it_is(
    app: Flask, tmp_path: Path, with_option: bool
) -> None:
    """The bundle format (a contract) has no locale field; the line says what to do instead."""
    bundle = bundle_in(tmp_path / "es")
    yaml_file = bundle / "article.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("topic:", "locale: es\ntopic:", 1))
    line = yaml_file.read_text().splitlines().index("locale: es") + 1

    result = load(app, *(["--locale", "es"] if with_option else []), str(bundle))

    assert result.exit_code == 1
    assert (
        f"{yaml_file}:{line}: locale: is no field of article.yaml: a bundle's locale is the "
        "name of the folder holding it; remove the line, and load a bundle folder kept "
        "elsewhere with variants load --locale"
    ) in result.output
    assert "unknown field locale" not in result.output  # said once, with the fix
    assert stored(app) == BEFORE


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("EN", "locale 'EN' (given with --locale) is not a language tag; write it like en, es "
         "or pt-BR (here: en)"),
        ("pt_br", "(here: pt-BR)"),
        ("fr", "locale 'fr' has no readability formulas; Twofold scores de, en and es"),
    ],
)  # fmt: skip
def test_a_locale_option_that_cannot_be_loaded_is_refused(
    app: Flask, tmp_path: Path, locale: str, message: str
) -> None:
    result = load(app, "--locale", locale, str(bundle_in(tmp_path / "inbox")))

    assert result.exit_code == 1
    assert message in result.output
    assert stored(app) == BEFORE


def test_locale_option_is_refused_for_a_variants_root(app: Flask) -> None:
    result = load(app, "--locale", "en", str(SAMPLE))

    assert result.exit_code == 1
    assert (
        f"{SAMPLE}: is a variants root, whose <locale>/ folders name the locales; --locale "
        "is for one bundle folder: drop it, or give the bundle folder"
    ) in result.output


def test_a_variants_root_loads_as_before(app: Flask, tmp_path: Path) -> None:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    shutil.copytree(SAMPLE / "en" / "second", root / "es" / "second")
    bundle_in(root / "de")

    result = load(app, str(root))

    assert result.exit_code == 0, result.output
    assert "Loaded 2 new revision(s); 2 article(s) unchanged." in result.output
    assert sorted(stored(app)) == sorted([*BEFORE, ("de", "milia"), ("es", "second")])


def test_a_variants_root_still_names_a_folder_that_is_no_locale(tmp_path: Path) -> None:
    bundle = bundle_in(tmp_path / "drafts")

    with pytest.raises(BundleError) as raised:
        read_path(tmp_path)

    (problem,) = raised.value.problems
    assert problem.path == bundle.parent
    assert "locale 'drafts' (the name of the folder holding the bundle) is not a language tag" in (
        problem.message
    )


def test_read_path_takes_the_locale_and_still_reports_every_other_problem(
    tmp_path: Path,
) -> None:
    bundle = bundle_in(tmp_path / "dir")
    (bundle / "notes.md").write_text("x\n")

    with pytest.raises(BundleError) as raised:
        read_path(bundle)
    with pytest.raises(BundleError) as with_locale:
        read_path(bundle, locale="de")

    assert [(p.path.name, p.message[:20]) for p in raised.value.problems] == [
        ("milia", "has no locale: a bun"),
        ("notes.md", "file name has no aud"),
    ]
    assert with_locale.value.problems == raised.value.problems[1:]
