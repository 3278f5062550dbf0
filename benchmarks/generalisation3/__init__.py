"""The third measure-only generalisation set: documents with hand-made gold (see README.md)."""
