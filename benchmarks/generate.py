"""Scaled copies of the example document, for benchmarks.

`scale_document(data, n)` takes the example's content (as plain YAML data)
and multiplies it: every group of the policy system appears `n` times (copy 1
is the original; copies 2… get fresh ids and district-varied titles, and some
of them carry extra retitled or added measures, as a real revision does), and
every prose section, table and comparison gets `n` times its paragraphs, rows
and items. `write_project(n, dest)` writes a project folder a build can run
in: content/<doc>/document.yaml plus links to the repository's templates/
and fonts/.

    python benchmarks/generate.py 100 /tmp/plan-100   # writes a project there
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "content" / "ome-shoko-plan" / "document.yaml"
DOC_NAME = "ome-shoko-plan"

# Districts of Ome: copies of a group are "the same policy for another area",
# so titles differ from copy to copy the way a real large plan's do.
DISTRICTS = (
    "青梅",
    "長淵",
    "大門",
    "梅郷",
    "沢井",
    "小曾木",
    "成木",
    "東青梅",
    "新町",
    "今井",
    "河辺",
    "霞台",
    "友田",
)


def district(k: int) -> str:
    name = DISTRICTS[(k - 2) % len(DISTRICTS)]
    return f"{name}地区{k}"


def _suffix(title, tag: str):
    """A title (plain or {current, revised}) with `tag` appended to each version."""
    if isinstance(title, dict):
        return {version: f"{text}（{tag}）" for version, text in title.items()}
    return f"{title}（{tag}）"


def _copy_measure(measure: dict, k: int) -> dict:
    out = dict(measure)
    out["id"] = f"{measure['id']}-{k}"
    out["title"] = _suffix(measure["title"], district(k))
    return out


def _extra_changes(policy: dict, k: int, index: int) -> None:
    """Some copies get their own revision, like the example's retitled and
    added measures; the author's notes then no longer describe the policy, so
    they are dropped and the changes are noted automatically."""
    measures = policy["measures"]
    plain = [m for m in measures if isinstance(m["title"], str) and "only" not in m]
    if (k + index) % 3 == 0 and plain:
        target = plain[-1]
        old = target["title"]
        new = old.replace("の推進", "の強化").replace("支援", "の拡充支援")
        if new == old:
            new = old.replace("（", "の充実（", 1)
        target["title"] = {"current": old, "revised": new}
        policy.pop("notes", None)
    if (k + index) % 4 == 0:
        measures.append(
            {
                "id": f"added-{k}-{index}",
                "title": f"{district(k)}におけるデジタル技術を活用した事業者支援",
                "only": "revised",
            }
        )
        policy.pop("notes", None)


def _copy_group(group: dict, k: int) -> dict:
    out = {"id": f"{group['id']}-{k}", "title": f"{group['title']}（{district(k)}）"}
    policies = []
    for index, policy in enumerate(group["policies"]):
        new = {key: copy.deepcopy(value) for key, value in policy.items() if key != "measures"}
        new["id"] = f"{policy['id']}-{k}"
        new["title"] = _suffix(policy["title"], district(k))
        new["measures"] = [_copy_measure(m, k) for m in policy["measures"]]
        _extra_changes(new, k, index)
        policies.append(new)
    out["policies"] = policies
    return out


def _scale_section(section: dict, n: int) -> dict:
    section = copy.deepcopy(section)
    kind = section.get("kind")
    if kind == "prose":
        paragraphs = section["paragraphs"]
        section["paragraphs"] = [
            text if k == 1 else f"（{district(k)}）{text}"
            for k in range(1, n + 1)
            for text in paragraphs
        ]
    elif kind == "table":
        rows = section["rows"]
        section["rows"] = [
            row if k == 1 else [f"{row[0]}-{k}", *row[1:]] for k in range(1, n + 1) for row in rows
        ]
    elif kind == "comparison":
        items = section["items"]
        section["items"] = [
            item if k == 1 else {**item, "label": f"{item['label']}-{k}"}
            for k in range(1, n + 1)
            for item in items
        ]
    elif kind == "policy_revision":
        groups = section["groups"]
        section["groups"] = [
            group if k == 1 else _copy_group(group, k) for k in range(1, n + 1) for group in groups
        ]
    return section


def scale_document(data: dict, n: int) -> dict:
    """The document `data` with its content multiplied `n` times (n=1: as is)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    out = dict(data)
    out["sections"] = [_scale_section(section, n) for section in data["sections"]]
    return out


def read_source(source: Path = SOURCE) -> dict:
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_project(n: int, dest: Path, source: Path = SOURCE, link: bool = True) -> Path:
    """Write a project folder for `n` copies into `dest`; returns `dest`.

    n=1 copies the example file byte for byte (its comments and folded
    paragraphs included), so the handout benchmark builds the real example.
    """
    folder = dest / "content" / DOC_NAME
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "document.yaml"
    if n == 1:
        shutil.copyfile(source, target)
    else:
        target.write_text(dump(scale_document(read_source(source), n)), encoding="utf-8")
    for name in ("templates", "fonts"):
        place = dest / name
        if place.exists() or place.is_symlink():
            continue
        if link:
            os.symlink(REPO / name, place, target_is_directory=True)
        else:
            shutil.copytree(REPO / name, place)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many copies of the content")
    parser.add_argument("dest", type=Path, help="the project folder to write")
    parser.add_argument("--copy", action="store_true", help="copy templates/ and fonts/")
    args = parser.parse_args(argv)
    root = write_project(args.n, args.dest, link=not args.copy)
    print(root / "content" / DOC_NAME / "document.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
