from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from analyzer.errors import ConfigError
from analyzer.records import DocumentResult
from analyzer.report import FORMATS, SCHEMA_ID, get_reporter, is_binary, load_schema
from analyzer.report.csvout import COLUMNS
from analyzer.report.jsonout import POST_KEYS

from .conftest import ENGLISH, HINT, LOOSE, TWEET_AR

#: the formats written as text (parquet, the binary one, is tested in test_parquet.py)
TEXT_FORMATS = tuple(fmt for fmt in FORMATS if not is_binary(get_reporter(fmt)))


def render(fmt: str, signature: dict[str, Any], docs: list[DocumentResult], **kw: Any) -> str:
    out = io.StringIO()
    get_reporter(fmt, **kw).write(signature, iter(docs), out)
    return out.getvalue()


def test_formats_and_registry() -> None:
    assert FORMATS == ("json", "jsonl", "csv", "table", "html", "parquet")
    assert TEXT_FORMATS == FORMATS[:-1]
    for fmt in FORMATS:
        assert callable(get_reporter(fmt).write)
    with pytest.raises(ConfigError, match="json, jsonl"):
        get_reporter("xml")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_empty_run(fmt: str, signature: dict[str, Any]) -> None:
    text = render(fmt, signature, [])
    if fmt == "json":
        assert json.loads(text)["documents"] == []
    elif fmt == "csv":
        assert text.strip() == ",".join(COLUMNS)
    elif fmt == "jsonl":
        assert text == ""
    else:
        assert text


# -- json ------------------------------------------------------------------------------


def test_json_validates_against_schema(
    signature: dict[str, Any],
    seed_documents: list[DocumentResult],
    hostile_documents: list[DocumentResult],
) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(render("json", signature, seed_documents + hostile_documents))
    validator.validate(data)
    assert data["schema"] == SCHEMA_ID
    assert data["signature"] == signature
    assert [d["id"] for d in data["documents"]][:4] == [
        "000_3bc40339bbe528f2",
        "001_e895ed4f9abc13c8",
        "broken",
        "weather",
    ]
    post = data["documents"][1]["posts"][0]
    assert post["text"] == TWEET_AR
    assert post["translation"]["status"] == "unavailable"
    assert post["translation"]["hint"] == HINT
    assert post["english"] == {
        "text": ENGLISH,
        "source": "rendering in seeds/000_3bc40339bbe528f2.txt",
    }
    loose = post["paraphrases"][0]
    assert loose["text"] == LOOSE
    assert [f["kind"] for f in loose["fidelity"]["flags"]] == ["omission", "entity"]
    omitted = loose["alignment"]["reference_unaligned"][0]
    assert ENGLISH[omitted["start"] : omitted["end"]] == "to control it"
    assert data["documents"][2]["errors"][0]["stage"] == "ingest"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(schema="analyze-posts/2"),
        lambda d: d["documents"][1]["posts"][0].update(kind="retweet"),
        lambda d: d["documents"][1]["posts"][0]["paraphrases"][0]["fidelity"].update(label="ok"),
        lambda d: d["documents"][1]["posts"][0]["translation"].update(status="done"),
        lambda d: d["documents"][1]["posts"][0].pop("language"),
        lambda d: d["documents"][0].pop("errors"),
    ],
)
def test_schema_rejects_broken_output(
    mutate: Any, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    data = json.loads(render("json", signature, seed_documents))
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)


# -- streaming -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_writes_each_document_as_it_arrives(
    fmt: str, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    out = io.StringIO()
    seen: list[int] = []

    def documents() -> Iterator[DocumentResult]:
        for doc in seed_documents:
            yield doc
            seen.append(len(out.getvalue()))
            assert doc.id in out.getvalue(), f"{doc.id} not written before the next document"

    get_reporter(fmt).write(signature, documents(), out)
    assert len(seen) == len(seed_documents)
    assert seen == sorted(seen) and seen[0] > 0


# -- jsonl -----------------------------------------------------------------------------


def _jsonl_file(tmp_path: Path, signature: dict[str, Any], docs: list[DocumentResult]) -> Path:
    path = tmp_path / "run.jsonl"
    path.write_text(render("jsonl", signature, docs), encoding="utf-8")
    return path


def test_jsonl_lines(
    tmp_path: Path, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    lines = [
        json.loads(x)
        for x in _jsonl_file(tmp_path, signature, seed_documents)
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    assert [(x["record"], x["id"]) for x in lines] == [
        ("post", "000_3bc40339bbe528f2"),
        ("post", "001_e895ed4f9abc13c8"),
        ("error", "broken"),
        ("document", "weather"),
    ]
    keys = {tuple(x) for x in lines}
    assert len(keys) == 1, "every line has the same keys"
    assert set(POST_KEYS) <= set(lines[0])
    assert lines[1]["source"] == "seeds/001_e895ed4f9abc13c8.txt"
    assert lines[1]["document_url"] == "https://example.org/news/panjshir"
    assert lines[1]["text"] == TWEET_AR and lines[1]["index"] == 0
    assert lines[2]["error"] == {
        "stage": "ingest",
        "error": "document",
        "message": "cannot parse HTML: unexpected end of file",
    }
    assert lines[2]["text"] is None and lines[0]["error"] is None


def test_jsonl_loads_in_pandas(
    tmp_path: Path,
    signature: dict[str, Any],
    seed_documents: list[DocumentResult],
    hostile_documents: list[DocumentResult],
) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.read_json(
        _jsonl_file(tmp_path, signature, seed_documents + hostile_documents),
        lines=True,
        dtype=False,
    )
    assert list(df["record"]) == ["post", "post", "error", "document", "post", "post"]
    arabic = df[df["id"] == "001_e895ed4f9abc13c8"].iloc[0]
    assert arabic["text"] == TWEET_AR
    assert arabic["language"]["code"] == "ar"
    assert arabic["paraphrases"][0]["fidelity"]["label"] == "partial"


def test_jsonl_loads_in_duckdb(
    tmp_path: Path,
    signature: dict[str, Any],
    seed_documents: list[DocumentResult],
    hostile_documents: list[DocumentResult],
) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = _jsonl_file(tmp_path, signature, seed_documents + hostile_documents)
    con = duckdb.connect()
    rows = con.execute(
        "SELECT record, id, language.code, translation.status, len(paraphrases), "
        "paraphrases[1].fidelity.label, paraphrases[1].fidelity.flags[1].kind, error.stage "
        "FROM read_json_auto(?) ORDER BY source, id, index",
        [str(path)],
    ).fetchall()
    by_id = {(r[0], r[1]): r[2:] for r in rows}
    assert by_id[("post", "001_e895ed4f9abc13c8")] == (
        "ar",
        "unavailable",
        2,
        "partial",
        "omission",
        None,
    )
    assert by_id[("error", "broken")][-1] == "ingest"
    assert len(rows) == 6


# -- csv -------------------------------------------------------------------------------


def test_csv_rows(signature: dict[str, Any], seed_documents: list[DocumentResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", signature, seed_documents))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["record"] for r in rows] == ["post", "post", "error", "document"]
    arabic = rows[1]
    assert arabic["text"] == TWEET_AR
    assert arabic["language"] == "ar"
    assert arabic["translation_status"] == "unavailable"
    assert arabic["translation_hint"] == HINT
    assert arabic["english"] == ENGLISH
    assert arabic["n_paraphrases"] == "2"
    # the best paraphrase is the one with the highest fidelity score
    assert arabic["best_paraphrase"] == ENGLISH
    assert arabic["best_label"] == "faithful" and arabic["best_score"] == "0.97"
    assert arabic["hashtags"] == "الإمارة_الإسلامية;بنجشير"
    assert arabic["rendering_label"] == "faithful"
    assert rows[2]["error_stage"] == "ingest" and rows[2]["error_type"] == "document"


def test_csv_flags_of_best_paraphrase(signature: dict[str, Any]) -> None:
    from .conftest import arabic_tweet

    result = arabic_tweet()
    only_loose = DocumentResult(
        "a.txt", "a", posts=(type(result)(post=result.post, paraphrases=result.paraphrases[:1]),)
    )
    row = next(csv.DictReader(io.StringIO(render("csv", signature, [only_loose]))))
    assert row["flags"] == "omission;entity"
    assert row["best_label"] == "partial"


def test_csv_loads_in_pandas(
    tmp_path: Path,
    signature: dict[str, Any],
    seed_documents: list[DocumentResult],
    hostile_documents: list[DocumentResult],
) -> None:
    pd = pytest.importorskip("pandas")
    path = tmp_path / "run.csv"
    path.write_text(render("csv", signature, seed_documents + hostile_documents), encoding="utf-8")
    df = pd.read_csv(path)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 6
    assert df.loc[1, "text"] == TWEET_AR
    assert df.loc[4, "text"].startswith("<script>")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain words = fine", "plain words = fine"),
        ("", ""),
    ],
)
def test_csv_neutralises_cells_a_spreadsheet_would_run(
    signature: dict[str, Any], text: str, cell: str
) -> None:
    row = next(csv.DictReader(io.StringIO(render("csv", signature, [_with_text(text)]))))
    assert row["text"] == cell


def test_csv_keeps_numbers_as_numbers() -> None:
    from analyzer.report.csvout import neutralise

    assert neutralise(-0.5) == -0.5 and neutralise(3) == 3 and neutralise(None) is None


# -- table -----------------------------------------------------------------------------


def test_table_per_post_view_and_summary(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    text = render("table", signature, seed_documents, width=120)
    assert "\x1b[" not in text, "no colour codes when not a terminal"
    for needle in (
        "analyze-posts summary",
        "documents     4 (1 with errors, 1 without posts)",
        "twitter 2",
        "unavailable",
        "huggingface-cli download",
        "0.62 partial",
        "omission",
        "0.97 faithful",
        "cannot parse HTML",
        "alemara_ar",
    ):
        assert needle in text, needle


def test_table_quiet_prints_only_the_summary(
    signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    text = render("table", signature, seed_documents, quiet=True, width=120)
    assert "analyze-posts summary" in text
    assert "0.62 partial" not in text and TWEET_AR not in text


def test_table_does_not_interpret_markup(signature: dict[str, Any]) -> None:
    from .conftest import saleh_tweet

    base = saleh_tweet()
    post = type(base.post)(
        platform="twitter", kind="quote", text="[bold red]x[/] [link=http://e]y[/link]"
    )
    doc = DocumentResult("a", "a", posts=(type(base)(post=post),))
    text = render("table", signature, [doc], width=120)
    assert "[bold red]x[/] [link=http://e]y[/link]" in text


# -- robustness ------------------------------------------------------------------------


def _with_text(text: str, score: float = 0.5) -> DocumentResult:
    from analyzer.records import Fidelity, Paraphrase, Post, PostResult, Span

    para = Paraphrase("p", Span(0, 1), "d", fidelity=Fidelity(score, "partial"))
    post = Post(platform="twitter", kind="embed", text=text)
    return DocumentResult("s", "i", posts=(PostResult(post=post, paraphrases=(para,)),))


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_strict_and_one_record_per_line(fmt: str, signature: dict[str, Any]) -> None:
    text = 'a\nb\u2028c\u2029d\x85e"f\\'
    doc = _with_text(text, score=float("nan"))
    out = render(fmt, {**signature, "bad": float("inf")}, [doc])
    data = json.loads(out) if fmt == "json" else json.loads(out.splitlines()[0])
    post = data["documents"][0]["posts"][0] if fmt == "json" else data
    assert post["text"] == text
    assert post["paraphrases"][0]["fidelity"]["score"] is None
    if fmt == "jsonl":
        assert len(out.splitlines()) == 1


class _Broken(io.StringIO):
    def write(self, s: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_failed_writes_become_output_errors(
    fmt: str, signature: dict[str, Any], seed_documents: list[DocumentResult]
) -> None:
    from analyzer.errors import OutputError

    with pytest.raises(OutputError, match="cannot write the report"):
        get_reporter(fmt).write(signature, iter(seed_documents), _Broken())


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_errors_of_the_documents_pass_through(fmt: str, signature: dict[str, Any]) -> None:
    def documents() -> Iterator[DocumentResult]:
        yield _with_text("x")
        raise OSError("disk gone while reading input")

    with pytest.raises(OSError, match="reading input"):
        get_reporter(fmt).write(signature, documents(), io.StringIO())
