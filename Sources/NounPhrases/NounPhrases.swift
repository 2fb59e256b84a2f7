// NounPhrases: a noun-phrase chunker for modification texts (issue 4, DESIGN §6).
