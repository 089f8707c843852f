"""Entities: the reviewed gazetteer, inflection-aware mention extraction, speaker linking, candidates."""

from pipelines.entities.candidates import CANDIDATE_MENTIONS_SCHEMA, candidate_mentions, top_candidates
from pipelines.entities.extract import ENTITY_MENTIONS_SCHEMA, extract_mentions
from pipelines.entities.gazetteer import ENTITIES_SCHEMA, ENTITY_TYPES, load_gazetteer
from pipelines.entities.link import link_speakers
from pipelines.entities.validation import entities_validation_frame, mentions_validation_frame

__all__ = [
    "ENTITIES_SCHEMA",
    "CANDIDATE_MENTIONS_SCHEMA",
    "ENTITY_MENTIONS_SCHEMA",
    "ENTITY_TYPES",
    "entities_validation_frame",
    "candidate_mentions",
    "extract_mentions",
    "link_speakers",
    "load_gazetteer",
    "mentions_validation_frame",
    "top_candidates",
]
