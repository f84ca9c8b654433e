"""Incidents: near-duplicate articles and events of several reports merged into one incident.

* :mod:`~rasd.incidents.duplicates` — MinHash/LSH near-duplicate articles
  (:func:`near_duplicates`, the incremental :class:`DuplicateIndex`);
* :mod:`~rasd.incidents.rules` — when two events are one incident, and why
  (:func:`compare`, :class:`Policy`);
* :mod:`~rasd.incidents.cluster` — deterministic grouping (:func:`link_incidents`)
  and undo (:func:`split`);
* :mod:`~rasd.incidents.build` — from pipeline results in one call.

The rules, thresholds and reason strings are documented in ``docs/incidents.md``.
"""

from rasd.incidents.build import Linked, event_refs, incidents_from_results
from rasd.incidents.cluster import build_incident, explain, incident_toll, link_incidents, split
from rasd.incidents.duplicates import DuplicateIndex, DuplicateLink, near_duplicates, signature
from rasd.incidents.model import EventRef, Incident, Member, Undo, incident_id
from rasd.incidents.rules import DEFAULT_POLICY, Policy, Verdict, compare

__all__ = [
    "DEFAULT_POLICY", "DuplicateIndex", "DuplicateLink", "EventRef", "Incident", "Linked", "Member", "Policy",
    "Undo", "Verdict", "build_incident", "compare", "event_refs", "explain", "incident_id", "incident_toll",
    "incidents_from_results", "link_incidents", "near_duplicates", "signature", "split",
]
