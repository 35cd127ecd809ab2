"""extract, annotate and extract_many: what a notebook user calls on pages."""

import itertools
import logging

import pytest

import newsmill
from conftest import SAMPLES, shared

EXAMPLE_TITLE = "В Кремле назвали и Армению, и Азербайджан партнерами России"


def test_extract_reads_the_example_page_as_the_cli_does():
    page = shared("examples/000_a9c71da2a506d810.txt").read_text(encoding="utf-8")
    record = newsmill.extract(page)
    assert record["title"] == EXAMPLE_TITLE
    assert record["lang"] == "ru"
    assert "Подписаться" not in record["text"]
    speakers = {q["speaker"]["norm"] for q in record["quotes"] if q.get("speaker")}
    assert "Дмитрий Песков" in speakers
    assert any(e["norm"] == "Дмитрий Песков" and e["type"] == "PER" for e in record["entities"])


def test_bytes_are_decoded_from_their_declared_charset():
    html = (
        '<html><head><meta charset="windows-1251"><title>Мост открыт</title></head><body>'
        "<article><p>В Самаре после ремонта открыли мост через Волгу, сообщили в мэрии города. "
        "Движение по нему восстановлено в полном объеме.</p></article></body></html>"
    ).encode("cp1251")
    record = newsmill.extract(html, url="https://example.org/most")
    assert record["title"] == "Мост открыт"
    assert "через Волгу" in record["text"]
    assert record["url"] == "https://example.org/most"


def test_kind_decides_between_html_and_scraped_text():
    page = "<b>Заголовок</b>\nПервый абзац статьи о погоде в Москве, где ожидаются дожди."
    as_text = newsmill.extract(page, kind="text", annotate=False)
    assert "<b>" in as_text["title"] + as_text["text"]
    as_html = newsmill.extract(page, kind="html", annotate=False)
    assert "<b>" not in (as_html["title"] or "") + as_html["text"]
    with pytest.raises(ValueError, match="kind"):
        newsmill.extract(page, kind="pdf")


def test_a_dict_is_a_jsonl_line_with_its_metadata():
    record = newsmill.extract(
        {
            "text": "Курс доллара\nЦБ установил официальный курс доллара на завтра на уровне 92 рублей.",
            "outlet": "Канал о деньгах",
            "published": "2024-05-19T08:30:19+00:00",
            "lang": "ru",
            "id": "tg-1",
        }
    )
    assert record["outlet"] == "Канал о деньгах"
    assert record["published"].startswith("2024-05-19")
    assert record["origin"]["source_id"] == "tg-1"


def test_a_path_is_read_with_the_kind_its_suffix_says():
    record = newsmill.extract(SAMPLES / "ru_scraped_page.txt")
    assert record["title"].startswith("Росгидромет предупредил")


@pytest.mark.parametrize(
    "page, error",
    [
        ("", ValueError),
        ("   \n ", ValueError),
        ({"html": "   "}, ValueError),
        ({"title": "no body"}, ValueError),
        (12, TypeError),
        (None, TypeError),
    ],
)
def test_bad_input_raises_a_clear_error(page, error):
    with pytest.raises(error):
        newsmill.extract(page)


def test_annotate_finds_entities_and_quotes_in_both_languages():
    ru = newsmill.annotate(
        "Президент России Владимир Путин встретился в Кремле с Николом Пашиняном. "
        "«Мы партнеры», — заявил пресс-секретарь Кремля Дмитрий Песков."
    )
    assert ru["lang"] == "ru"
    norms = {e["norm"] for e in ru["entities"]}
    assert {"Владимир Путин", "Никол Пашинян", "Дмитрий Песков"} <= norms
    [quote] = ru["quotes"]
    assert quote["text"] == "Мы партнеры" and quote["speaker"]["norm"] == "Дмитрий Песков"
    start, end = quote["start"], quote["end"]
    assert ru["text"][start:end] == "Мы партнеры"

    en = newsmill.annotate(
        'President Joe Biden met German Chancellor Olaf Scholz in Washington on Friday. '
        '"We stand together," Biden told reporters.',
        lang="en",
    )
    assert en["lang"] == "en"
    assert "Joe Biden" in {e["norm"] for e in en["entities"]}
    with pytest.raises(TypeError):
        newsmill.annotate(b"bytes are not text")


def test_extract_many_yields_what_extract_gives_in_input_order():
    pages = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".html", ".txt"))
    one_by_one = [newsmill.extract(p) for p in pages]
    many = list(newsmill.extract_many(pages, threads=2, chunk_size=2))
    assert [r["title"] for r in many] == [r["title"] for r in one_by_one]
    assert many == one_by_one


def test_extract_many_skips_bad_documents_or_raises_on_them(caplog):
    docs = ["Первая заметка о погоде.", "", {"text": "Вторая заметка о курсе рубля."}, 7]
    with caplog.at_level(logging.WARNING, logger="newsmill"):
        records = list(newsmill.extract_many(docs[:3], annotate=False))
    assert [r["text"] for r in records] == ["Первая заметка о погоде.", "Вторая заметка о курсе рубля."]
    assert "document 1" in caplog.text
    with pytest.raises(ValueError, match="document 1"):
        list(newsmill.extract_many(docs[:3], errors="raise"))
    with pytest.raises(TypeError):
        list(newsmill.extract_many(docs))
    with pytest.raises(ValueError):
        list(newsmill.extract_many(docs, threads=0))


def test_extract_many_reads_its_input_lazily():
    endless = (f"Заметка номер {i} о событиях дня в городе." for i in itertools.count())
    first = list(itertools.islice(newsmill.extract_many(endless, threads=2, annotate=False), 5))
    assert [r["text"] for r in first][:2] == [
        "Заметка номер 0 о событиях дня в городе.",
        "Заметка номер 1 о событиях дня в городе.",
    ]
