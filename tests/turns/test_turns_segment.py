"""Unit tests of segment_turns: every marker style, the dash-quote trap (kk, ru, en), offsets, validation."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from pipelines.turns.segment import TURNS_SCHEMA, segment_turns, turns_validation_frame

ARTICLE_ID = "0123456789abcdef"


def articles(body: str, lang: str, article_id: str = ARTICLE_ID) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [article_id], "lang": [lang], "body": [body]})


def segment(body: str, lang: str) -> pl.DataFrame:
    return segment_turns(articles(body, lang))


def roles_and_speakers(turns: pl.DataFrame) -> list[tuple[str, str | None]]:
    return list(zip(turns["role"].to_list(), turns["speaker"].to_list(), strict=True))


KK_DASH_INTERVIEW = "\n".join(
    [
        "АСТАНА. KAZINFORM — Жапонияның Қазақстандағы елшісі Ясумаса Ииджима Kazinform агенттігіне сұхбат берді.",
        "- Сапар барысында қандай тақырыптар талқыланады?",
        "- Екі ел энергетика мен логистика салаларындағы ынтымақтастықты тереңдетеді.",
        "Бизнес-форумда келесі бағыттар қарастырылады:",
        "1. Көлік және логистика;",
        "2. Цифрландыру.",
        "- Білім беру саласында қандай жоспарлар бар?",
        "- Стипендия бағдарламалары кеңейе береді.",
    ]
)


def test_kk_hyphen_interview_lead_questions_answers_and_continuations():
    turns = segment(KK_DASH_INTERVIEW, "kk")
    assert roles_and_speakers(turns) == [
        ("lead", None),
        ("question", None),
        ("answer", "Ясумаса Ииджима"),
        ("question", None),
        ("answer", "Ясумаса Ииджима"),
    ]
    first_answer = turns.row(2, named=True)
    assert first_answer["text"].startswith("Екі ел энергетика")  # marker removed
    assert first_answer["text"].endswith("2. Цифрландыру.")  # continuation and numbered list belong to it
    assert first_answer["question_turn_id"] == f"{ARTICLE_ID}-0001"
    assert turns["question_turn_id"].null_count() == 3


@pytest.mark.parametrize("dash", ["–", "—"])
def test_ru_en_and_em_dash_interview(dash):
    body = "\n".join(
        [
            "Астана. Казинформ — Глава представительства JICA Кэнтаро Ямасита рассказал корреспонденту Казинформа о "
            "новых проектах.",
            f"{dash} Господин Ямасита, какие направления вы считаете главными?",
            f"{dash} Подготовка кадров и здравоохранение.",
            f"{dash} Сколько казахстанцев обучаются в Японии?",
            f"{dash} Около ста специалистов в год.",
        ]
    )
    turns = segment(body, "ru")
    assert turns["role"].to_list() == ["lead", "question", "answer", "question", "answer"]
    assert turns["speaker"].to_list()[2::2] == ["Кэнтаро Ямасита", "Кэнтаро Ямасита"]
    assert turns["text"][1] == "Господин Ямасита, какие направления вы считаете главными?"


@pytest.mark.parametrize(
    ("lang", "question_label", "answer_label"),
    [("en", "Q", "A"), ("kk", "Сұрақ", "Жауап"), ("ru", "Вопрос", "Ответ")],
)
def test_question_answer_labels(lang, question_label, answer_label):
    lead = {
        "en": "ASTANA. Kazinform – Masato Kuroda, an energy analyst, told Kazinform in an exclusive interview.",
        "kk": "АСТАНА. KAZINFORM — Сарапшы Мұрат Нұртілеу Kazinform агенттігіне сұхбат берді.",
        "ru": "АСТАНА. Казинформ — Эксперт Ерлан Досмухамбетов дал интервью Казинформу.",
    }[lang]
    expected = {"en": "Masato Kuroda", "kk": "Мұрат Нұртілеу", "ru": "Ерлан Досмухамбетов"}[lang]
    body = "\n".join(
        [
            lead,
            f"{question_label}: Why?",
            f"{answer_label}: Because.",
            f"{question_label}: When?",
            f"{answer_label}: Soon.",
        ]
    )
    turns = segment(body, lang)
    assert roles_and_speakers(turns) == [
        ("lead", None),
        ("question", None),
        ("answer", expected),
        ("question", None),
        ("answer", expected),
    ]
    assert turns["text"].to_list()[1:] == ["Why?", "Because.", "When?", "Soon."]


def test_speaker_name_prefixes_give_both_speakers():
    body = "\n".join(
        [
            "Корреспондент Казинформа Дана Жумабаева побеседовала с аспирантом Тимуром Ахметовым.",
            "Дана Жумабаева: Как вы узнали о стипендии?",
            "Тимур Ахметов: От преподавателя.",
            "Сейчас готовлюсь к экзамену.",
            "Дана Жумабаева: Что дальше?",
            "Тимур Ахметов: Хочу вернуться домой.",
        ]
    )
    turns = segment(body, "ru")
    assert roles_and_speakers(turns) == [
        ("lead", None),
        ("question", "Дана Жумабаева"),
        ("answer", "Тимур Ахметов"),
        ("question", "Дана Жумабаева"),
        ("answer", "Тимур Ахметов"),
    ]
    assert turns["text"][2] == "От преподавателя.\nСейчас готовлюсь к экзамену."


def test_outlet_prefix_as_interviewer():
    body = "\n".join(
        [
            "ASTANA. Kazinform – Kenji Watanabe, chief representative of JICA, spoke to Kazinform.",
            "Kazinform: What are your priorities?",
            "Kenji Watanabe: People and training.",
            "Kazinform: And next year?",
            "Kenji Watanabe: New courses.",
        ]
    )
    assert roles_and_speakers(segment(body, "en"))[1:3] == [("question", "Kazinform"), ("answer", "Kenji Watanabe")]


def test_unmarked_interview_alternates_question_paragraphs_and_answers():
    body = "\n".join(
        [
            "Профессор Хиросимского университета Макото Исикава ответил на вопросы нашего корреспондента.",
            "Как начиналось ваше сотрудничество?",
            "В 2009 году нас пригласили коллеги.",
            "Тогда мы впервые увидели масштаб проблемы.",
            "Какие планы у вашей группы?",
            "Создать общую базу данных.",
        ]
    )
    turns = segment(body, "ru")
    assert turns["role"].to_list() == ["lead", "question", "answer", "question", "answer"]
    assert turns["speaker"][2] == "Макото Исикава"
    assert turns["text"][2] == "В 2009 году нас пригласили коллеги.\nТогда мы впервые увидели масштаб проблемы."


@pytest.mark.parametrize(
    ("lang", "body", "expected"),
    [
        (
            "kk",
            "АСТАНА. KAZINFORM — Қасым-Жомарт Тоқаев Жапония Премьер-министрі Санаэ Такаичимен кездесті.\n"
            "Қасым-Жомарт Тоқаев екі ел арасындағы байланыстарды жоғары бағалады.\n"
            "- Біз стратегиялық серіктестікті жаңа деңгейге көтеруге ниеттіміз, - деді Мемлекет басшысы.\n"
            "- Жапония инвестициялары экономикамыз үшін маңызды, - деп атап өтті ол.",
            [
                ("narration", None),
                ("narration", None),
                ("quote", "Қасым-Жомарт Тоқаев"),
                ("quote", "Қасым-Жомарт Тоқаев"),
            ],
        ),
        (
            "ru",
            "ТОКИО. Казинформ — Президент Казахстана Касым-Жомарт Токаев провёл переговоры.\n"
            "Санаэ Такаити поблагодарила казахстанского лидера за тёплый приём.\n"
            "– Япония и Казахстан являются надёжными партнёрами, – подчеркнула она.\n"
            "– Мы заинтересованы в инвестициях, – отметил Касым-Жомарт Токаев.",
            [("narration", None), ("narration", None), ("quote", "Санаэ Такаити"), ("quote", "Касым-Жомарт Токаев")],
        ),
        (
            "en",
            "TOKYO (Qazinform) - President Kassym-Jomart Tokayev held talks in Tokyo.\n"
            "Kassym-Jomart Tokayev also invited the Prime Minister of Japan to visit Kazakhstan.\n"
            "- I am confident that today's agreements will give a strong impetus, - the Head of State said.\n"
            "- We are ready to invest, - he said.",
            [
                ("narration", None),
                ("narration", None),
                ("quote", "Kassym-Jomart Tokayev"),
                ("quote", "Kassym-Jomart Tokayev"),
            ],
        ),
    ],
)
def test_dash_quote_trap_stays_news(lang, body, expected):
    turns = segment(body, lang)
    assert roles_and_speakers(turns) == expected
    assert turns["text"][2] == body.split("\n")[2]  # news keeps the paragraph whole


@pytest.mark.parametrize(
    ("lang", "paragraph", "speaker"),
    [
        ("kk", "«Біз екі ел арасындағы ынтымақтастықты дамытамыз», – деді Мұрат Нұртілеу.", "Мұрат Нұртілеу"),
        ("kk", "«Жоба өңірдің дамуына үлкен серпін береді» деп атап өтті JICA өкілі Мұрат Нұртілеу.", "Мұрат Нұртілеу"),
        ("kk", "Мұрат Нұртілеудің сөзінше, «жоба өңірдің дамуына үлкен серпін береді».", "Мұрат Нұртілеу"),
        ("ru", "«Мы видим большой интерес японского бизнеса», — сказал посол Ясумаса Ииджима.", "Ясумаса Ииджима"),
        ("ru", "По словам Ясумасы Ииджимы, «интерес японского бизнеса к Казахстану растёт».", "Ясумаса Ииджима"),
        ("en", '"We see great interest from Japanese business," Yasumasa Iijima said.', "Yasumasa Iijima"),
        ("en", '"We see great interest from Japanese business," said Ambassador Yasumasa Iijima.', "Yasumasa Iijima"),
        ("en", 'According to Yasumasa Iijima, "interest from Japanese business keeps growing".', "Yasumasa Iijima"),
    ],
)
def test_news_quote_attributions(lang, paragraph, speaker):
    body = f"ASTANA. Kazinform – The sides met on Friday.\n{paragraph}"
    assert roles_and_speakers(segment(body, lang))[1] == ("quote", speaker)


def test_surname_and_oblique_case_resolve_to_first_full_name():
    body = "\n".join(
        [
            "АСТАНА. KAZINFORM — Қасым-Жомарт Тоқаев Токиоға барды.",
            "Тоқаевтың сөзінше, «жапон компаниялары экономикаға елеулі үлес қосып келеді».",
            "Ерлан Баймухамедов подчеркнул важность проекта.",
        ]
    )
    assert segment(body, "kk")["speaker"][1] == "Қасым-Жомарт Тоқаев"
    ru = "\n".join(
        [
            "АСТАНА. Казинформ — Директор департамента Ерлан Баймухамедов представил проекты.",
            "По словам Баймухамедова, «Казахстан предлагает японским партнёрам строить заводы вместе».",
        ]
    )
    assert segment(ru, "ru")["speaker"][1] == "Ерлан Баймухамедов"


def test_indirect_speech_and_organisation_quotes_are_narration():
    body = "\n".join(
        [
            "АСТАНА. Казинформ — Директор департамента Ерлан Баймухамедов подчеркнул, что республика открыта.",
            "Компания «Тау-Кен Самрук» подписала меморандум с JOGMEC.",
            "«Мы благодарны всем партнёрам за поддержку и доверие».",
        ]
    )
    assert segment(body, "ru")["role"].to_list() == ["narration", "narration", "narration"]


def test_offsets_point_into_the_body_and_schema_is_exact():
    body = "\n\nTitle-free first paragraph.\n\n- Why?\n- Because we can.\n- And then?\n- We go on.\n"
    frame = articles(body, "en")
    turns = segment_turns(frame)
    assert turns.schema == TURNS_SCHEMA
    for turn in turns.iter_rows(named=True):
        assert body[turn["char_start"] : turn["char_end"]] == turn["text"]
    assert turns["text"].to_list() == [
        "Title-free first paragraph.",
        "Why?",
        "Because we can.",
        "And then?",
        "We go on.",
    ]
    assert_series_equal(turns["turn_index"], pl.Series("turn_index", [0, 1, 2, 3, 4], pl.Int32))
    assert turns["turn_id"][4] == f"{ARTICLE_ID}-0004"
    assert turns["n_words"].to_list() == [3, 1, 3, 2, 3]
    assert turns["speaker_entity_id"].null_count() == turns.height


def test_several_articles_keep_their_own_turns():
    frame = pl.concat([articles(KK_DASH_INTERVIEW, "kk"), articles("One.\nTwo.", "en", "fedcba9876543210")])
    turns = segment_turns(frame)
    counts = turns.group_by("article_id").len().sort("article_id")
    assert_frame_equal(
        counts,
        pl.DataFrame({"article_id": [ARTICLE_ID, "fedcba9876543210"], "len": [5, 2]}),
        check_dtypes=False,
    )
    assert_frame_equal(segment_turns(frame.head(0)), pl.DataFrame(schema=TURNS_SCHEMA))


def test_validation_frame_flags_broken_turns():
    frame = articles(KK_DASH_INTERVIEW, "kk")
    turns = segment_turns(frame)
    good = turns_validation_frame(turns, frame)
    checks = [c for c in good.columns if c.startswith("check_")]
    assert good.select(pl.all_horizontal(checks)).to_series().all()
    broken = turns.with_columns(
        pl.when(pl.col("turn_index") == 2).then(None).otherwise(pl.col("question_turn_id")).alias("question_turn_id"),
        pl.when(pl.col("turn_index") == 2).then(9999).otherwise(pl.col("char_end")).alias("char_end"),
        pl.when(pl.col("turn_index") == 3).then(7).otherwise(pl.col("turn_index")).alias("turn_index"),
    )
    bad = turns_validation_frame(broken, frame)
    failing = {c for c in checks if not bad[c].all()}
    assert {
        "check_answer_has_question",
        "check_offsets_in_body",
        "check_text_matches_body",
        "check_turn_index_contiguous",
        "check_turn_id_format",
    } <= failing
    quote = turns_validation_frame(turns.with_columns(pl.lit("quote").alias("role")), frame)
    assert not quote["check_quote_has_speaker"].all()


@pytest.mark.parametrize("marker", ["Q:", "Вопрос:", "Сұрақ:"])
def test_a_paragraph_that_is_only_a_marker_makes_no_empty_turn(marker):
    body = f"Lead.\n{marker}\nQ: Why?\nA: Answer one.\n{marker}\nNext question?\nA: Answer two."
    turns = segment(body, "en")
    assert (turns["char_end"] > turns["char_start"]).all()
    assert (turns["n_words"] >= 1).all()
    for turn in turns.iter_rows(named=True):
        assert body[turn["char_start"] : turn["char_end"]] == turn["text"]
    assert "Next question?" in turns["text"].to_list()
