"""The measure-only generalisation set: documents nobody wrote rules from, with their gold.

See README.md; ``make.py`` rebuilds the binary documents from ``specs/``.
"""
