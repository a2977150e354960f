"""One tag grammar for the check-in form, `reflect log --tag` and imports; tags round-trip through the form."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reflect.cli import main
from reflect.core.checkin.checkins import format_tags, parse_tags, tag_list
from reflect.core.models import CheckIn
from reflect.store import Store


def test_commas_separate_tags_and_spaces_inside_one_are_kept() -> None:
    assert parse_tags("work client #walk") == ["work", "client", "walk"]
    assert parse_tags("[bold red]big, Work ,, deep  focus") == ["[bold red]big", "work", "deep focus"]
    assert tag_list(["Deep Focus", "a,b", "#x", "  "]) == ["deep focus", "a", "b", "x"]


@given(st.lists(st.text(min_size=1, max_size=30), max_size=6))
def test_form_text_gives_back_the_same_tags(raw: list[str]) -> None:
    tags = tag_list(raw)
    assert parse_tags(format_tags(tags)) == tags


def test_cli_keeps_a_tag_with_spaces_whole(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "log", "--mood", "5", "--tag", "[bold red]big", "--tag", "Client A, walk"]) == 0
    [c] = Store(data_dir).open().list(CheckIn)
    assert c.tags == ["[bold red]big", "client a", "walk"]
