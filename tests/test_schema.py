"""The JSON Schema editors use: generated from the loader's key tables."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from planpress.cli import main
from planpress.content.load import plan_from_text
from planpress.content.schema import content_schema, schema_text
from planpress.content.sections import SECTION_READERS
from planpress.content.shapes import SECTION_KINDS, SHAPES
from planpress.diagnostics.messages import ContentError

from .conftest import EXAMPLE, ROOT

SHIPPED = ROOT / "content" / "schema.json"
UPDATE = "planpress schema --out content/schema.json"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's YAML 1.2 reads it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator() -> jsonschema.Draft202012Validator:
    schema = content_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schema_is_the_generated_one():
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), f"run `{UPDATE}`"


EXAMPLES = (EXAMPLE, ROOT / "content" / "misakino-kanko-plan")  # the handout; the plan book


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_starts_with_the_schema_modeline(example):
    first = (example / "document.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema.json"
    assert (example / ".." / "schema.json").resolve() == SHIPPED.resolve()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_is_valid_under_the_schema(example):
    text = (example / "document.yaml").read_text(encoding="utf-8")
    assert list(validator().iter_errors(yaml.load(text, Loader=EditorLoader))) == []


def test_every_section_kind_has_a_reader_and_a_shape():
    assert set(SECTION_READERS) == set(SECTION_KINDS) <= set(SHAPES)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  plan: 青梅市商・工業振興プラン", "  plann: 青梅市商・工業振興プラン"),
        ("    heading: 目的", "    headline: 目的"),
        ("                only: revised", "                only: new"),
        ("    date: 2023-11-20", "    date: 20231120"),
        (
            "            title: 多様な人材の活用・育成",
            "            title: {current: 多様な人材の活用}",
        ),
    ],
)
def test_schema_and_loader_refuse_the_same_mistakes(old, new):
    text = (EXAMPLE / "document.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    assert list(validator().iter_errors(yaml.load(text, Loader=EditorLoader)))
    with pytest.raises(ContentError):
        plan_from_text(text, "document.yaml")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    show: [policies]", "    show: [policy]"),
        ("    of: [ch4]", "    off: [ch4]"),
        ("        role: signature", "        role: signatur"),
        ("        title: 計画策定の趣旨", "        titel: 計画策定の趣旨"),
        ("                only: revised", "                only: new"),
        ("          - figure: position.png", "          - figure: 12"),
    ],
)
def test_schema_and_loader_refuse_the_same_mistakes_in_the_plan_book(old, new):
    folder = ROOT / "content" / "misakino-kanko-plan"
    text = (folder / "document.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    assert list(validator().iter_errors(yaml.load(text, Loader=EditorLoader)))
    with pytest.raises(ContentError):
        plan_from_text(text, "document.yaml", folder=str(folder))


def test_schema_command_writes_stdout_or_a_file(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == content_schema()
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def test_every_shape_is_named_in_the_message_catalogue():
    """What a part of the content is called is wording: it lives in messages.yaml,
    one entry per shape of content_format.py, none left over."""
    from importlib import resources

    import yaml

    from planpress.content.shapes import SHAPES

    catalogue = yaml.safe_load(
        resources.files("planpress.diagnostics")
        .joinpath("messages.yaml")
        .read_text(encoding="utf-8")
    )
    assert set(catalogue["shapes"]) == set(SHAPES)
    for name, words in catalogue["shapes"].items():
        assert words["what"].strip() and words["help"].strip(), name
