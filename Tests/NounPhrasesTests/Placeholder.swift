// Tests for NounPhrases.
