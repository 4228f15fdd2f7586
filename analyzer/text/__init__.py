"""Shared text tools, below every stage: word tokens and stems, sentences, chrF, and the
normalisation that keys identical posts. Nothing heavy is imported.

* :mod:`.tokens` — :class:`~.tokens.Token`, ``tokenize``, ``stem``, stop words, synonyms, quotes;
* :mod:`.sentences` — ``split_sentences``, ``content_sentences``;
* :mod:`.chrf` — character n-gram F-score;
* :mod:`.normalize` — ``post_key``, ``normalize_space``.
"""
