"""Translations without Qt: the ``.qm`` catalogs, the language to use, and the CLI's translator.

The GUI loads the same ``resources/translations/kvmdesk_<lang>.qm`` through ``QTranslator``;
the CLI (which never imports Qt) reads them with :mod:`.qm`. :mod:`.language` decides the
language for both: ``--lang``, else the choice saved from the GUI, else the locale.
"""
