"""Briefing decks: an ordered list of steps, each a view of the map with a title and talking
points (issue 23). Pure: no streamlit.

- `model`: the records below (frozen dataclasses) — shared by the store, the deck file, the
  composer and presenter UI, and the exports (PPTX, PDF, ZIP, command line).
- `files`: a deck as a small JSON file, read with a strict schema (every refusal names the
  step and the field).
- `store`: the decks on the server (SQLite by default, PostgreSQL by URL), with versions for
  the two-tabs check and the presenter's position for the projector that follows.
- `default`: the built-in tour (overview, each command, overview) generated from the data.
"""
