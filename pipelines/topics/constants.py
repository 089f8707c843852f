"""Thresholds and weights of topic scoring, article assignment, relevance and term counting, in one place.

The values were calibrated on the gold annotation (tests/gold); docs/topics.md records the grid that was tried
and the resulting F1. Term and entity weights live in lexicon.yaml.
"""

from __future__ import annotations

from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
TOPIC_LANGUAGES = ("kk", "ru", "en")

# Turn score = 1 - exp(-raw / TURN_SCALE), raw = sum of the weights of the distinct terms and entities matched
# in the turn: one specific term gives 0.63, two give 0.86; repeating a term inside a turn adds nothing.
TURN_SCALE = 1.0

# Article assignment. mass = sum of the topic's turn scores over the article's turns. A topic is assigned when
# mass >= MIN_MASS, mass >= MIN_RELATIVE * (mass of the article's top topic), it has evidence in at least
# MIN_TURNS turns, and it is among the MAX_TOPICS largest. The top topic needs only mass >= MIN_MASS.
MIN_MASS = 0.5
MIN_RELATIVE = 0.3
MIN_TURNS = 2
MAX_TOPICS = 4

# Relevance: raw = CO_TURN_WEIGHT * (turns naming both sides) + TITLE_WEIGHT * (the title names Japan and the
# article names Kazakhstan) + JAPAN_SHARE_WEIGHT * (share of turns naming Japan); relevance_score =
# 1 - exp(-raw), times NO_TOPIC_FACTOR when no topic was assigned. about_japan_kazakhstan: both sides present
# and relevance_score >= RELEVANCE_THRESHOLD.
CO_TURN_WEIGHT = 0.5
TITLE_WEIGHT = 1.0
JAPAN_SHARE_WEIGHT = 1.5
NO_TOPIC_FACTOR = 0.5
RELEVANCE_THRESHOLD = 0.5

# article_terms: lemmatised words of at least MIN_TERM_CHARS letters that are not stop-words, and bigrams of
# two such words adjacent in a sentence.
MIN_TERM_CHARS = 3
