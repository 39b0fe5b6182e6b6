"""Entities: person, organisation, place and operation mentions, and who they are.

Three parts, each usable alone: the gazetteer (`gazetteer.gazetteer_spans`, data in
data_prep/gazetteer/), context rules (`rules.rule_spans`) and a CRF (`model.model_spans`);
`identity` gives every mention its entity_id and `table.entity_table` sums them up. See
docs/entities.md.
"""
from data_prep.extract.entities.mentions import extract_mentions
from data_prep.extract.entities.table import entity_table

__all__ = ["extract_mentions", "entity_table"]
