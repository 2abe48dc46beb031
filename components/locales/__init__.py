"""One interface-strings table per language (see components/i18n.py)."""
