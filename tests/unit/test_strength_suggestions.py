"""Strength suggestions read the sentence: measured on a hand-labelled set of reply sentences
(praise, criticism, names, markup, negation, advice) and checked on the cases that went wrong."""

from __future__ import annotations

from pathlib import Path

from reflect.core.feedback.strengths import suggest, themes, vocabulary
from reflect.core.models import Answer, FeedbackResponse, TaggedPassage

LABELLED = Path(__file__).parent.parent / "fixtures" / "praise_sentences.tsv"


def labelled() -> list[tuple[str, set[str], str]]:
    """(kind, expected strengths, sentence) for each labelled line."""
    out = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, names, text = line.split("\t")
            out.append((kind, {n for n in names.split(";") if n}, text))
    return out


def suggested(text: str) -> set[str]:
    reply = FeedbackResponse(from_name="A", answers=[Answer(question="Q", text=text, qid="story")])
    return {t.strength for t in suggest(reply, vocabulary())}


def scores() -> tuple[float, float, int, int, int]:
    """(precision, recall, true, false, missed) over (sentence, strength) pairs."""
    tp = fp = fn = 0
    for _kind, expected, text in labelled():
        got = suggested(text)
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def test_the_labelled_set_is_big_enough_and_covers_every_kind() -> None:
    rows = labelled()
    assert len(rows) >= 40
    assert {k for k, _, _ in rows} >= {"praise", "criticism", "name", "markup", "negation"}


def test_precision_and_recall_on_the_labelled_set() -> None:
    """The figures the README reports: right far more often than wrong."""
    precision, recall, tp, fp, fn = scores()
    print(f"precision {precision:.2f} recall {recall:.2f} ({tp} right, {fp} wrong, {fn} missed)")
    assert precision >= 0.9
    assert recall >= 0.9


def test_no_suggestion_from_criticism_names_markup_or_negation() -> None:
    wrong = [(kind, text, got) for kind, expected, text in labelled()
             if kind in ("criticism", "name", "markup", "negation", "advice") and (got := suggested(text)) - expected]
    assert wrong == []


def test_the_reported_failures() -> None:
    assert suggested("The documentation came late.") == set()
    assert "Curiosity" not in suggested("Hanse Digital was a great client to share with you.")
    assert suggested("[bold red]Wonderful[/bold red] kickoff.") == set()
    assert "Leadership" in suggested("Leadership: you showed real leadership when it mattered, thank you.")
    assert "Leadership" in suggested("You led the team brilliantly.")
    assert "Leadership" in suggested("Leadership is what stood out: the team followed you without being told.")
    assert "Leadership" not in suggested("Leadership never stood out, to be honest.")


def test_themes_count_confirmed_passages_only() -> None:
    reply = FeedbackResponse(from_name="Ana", answers=[Answer(question="Q", text="You were so patient. Great writing.")])
    reply.strengths = [TaggedPassage(strength="Patience", answer=0, start=0, end=19, confirmed=True),
                       TaggedPassage(strength="Writing", answer=0, start=20, end=34, confirmed=False)]
    assert [t.strength for t in themes([reply], [])] == ["Patience"]
