#!/usr/bin/env python3
"""Writes the tokenizer golden fixtures from the pinned reference (transformers 4.36.2, slow
CLIPTokenizer, ftfy NOT installed, so HF's BasicTokenizer cleans the text).

Outputs, under Tests/Fixtures/tokenizer/:
  goldens.json          every corpus text (as text and as UTF-8 hex) with the reference input_ids
                        of tok(text, truncation=True, max_length=77)
  unicode_classes.json  how the reference treats every code point, so the Swift test can check its
                        Unicode tables against Python's (unicodedata 14.0 plus the `regex` module)
                        for all 1.1M code points rather than only the ones the corpus happens to use

Deterministic and offline: the corpus comes from a seeded generator and fixed lists.

usage: .venv-ref/bin/python Scripts/make_tokenizer_goldens.py [OUT_DIR]
"""
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures", "tokenizer")
SEED = 20240611
MAX_LENGTH = 77

COLORS = ["red", "navy blue", "black", "white", "olive green", "beige", "burgundy", "pastel pink",
          "charcoal grey", "mustard yellow", "teal", "cream", "dark brown", "light-blue", "off-white"]
GARMENTS = ["dress", "shirt", "t-shirt", "jacket", "hoodie", "skirt", "pair of jeans", "blazer",
            "sweater", "sneakers", "handbag", "coat", "jumpsuit", "cardigan", "polo shirt", "boots"]
DETAILS = ["long sleeves", "short sleeves", "a v-neck", "a round collar", "floral print", "stripes",
           "polka dots", "a hood", "gold buttons", "a zipper", "pockets on the front", "no sleeves",
           "a belt", "lace trim", "a high waist", "ruffles", "a logo on the chest"]
FEATURES = ["logo", "pattern", "buttons", "pockets", "hood", "text", "print", "belt", "collar", "zip"]
MATERIALS = ["cotton", "denim", "leather", "silk", "wool", "linen", "polyester", "suede", "velvet"]
COMPARATIVES = ["darker", "lighter", "brighter", "more casual", "more formal", "shorter", "longer",
                "looser", "tighter", "more colorful", "less shiny", "more elegant", "simpler"]
ATTRS = ["flowy", "fitted", "colorful", "formal", "sporty", "vintage", "minimal", "busy", "shiny"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "38", "10.5", "EU 42", "US 8"]

TEMPLATES = [
    "same {garment} but in {color} with {detail}",
    "make it a {comp} shade and remove the {feature}",
    "change the color to {color} and add {detail}",
    "{garment} with {detail}, {color} instead of {color2}",
    "is {color} and has {detail}",
    "less {attr} and more {attr2}",
    "show me the {garment} in size {size} ({num} pack)",
    "{comp}, {color} buttons & no {feature}",
    "replace the {material} with {material2}; keep the {feature}",
    "the {garment} should be {pct}% {material}, priced under ${price}",
    "I want it {comp} -- and it's gotta be {color}!",
    "doesn't have {detail} and isn't {attr}",
    "we'd like the {color2} version, they're {comp}",
    "{color} {material} {garment} w/ {detail} (size {size})",
    "make the {feature} bigger... and {color}?",
    "has {num} {feature}s instead of {num2}",
    "it's the same but {comp}; you'll see {detail}",
    "remove {detail}/{detail2} + make it {color}",
]


def fill(rng, template):
    return template.format(
        garment=rng.choice(GARMENTS), color=rng.choice(COLORS), color2=rng.choice(COLORS),
        detail=rng.choice(DETAILS), detail2=rng.choice(DETAILS), feature=rng.choice(FEATURES),
        material=rng.choice(MATERIALS), material2=rng.choice(MATERIALS), comp=rng.choice(COMPARATIVES),
        attr=rng.choice(ATTRS), attr2=rng.choice(ATTRS), size=rng.choice(SIZES),
        num=rng.randint(0, 12), num2=rng.randint(2, 1000), pct=rng.choice([5, 50, 95, 100, 12.5]),
        price=rng.choice(["19.99", "1,299.00", "5", "249"]))


def recase(rng, text):
    style = rng.randrange(5)
    if style == 0:
        return text.upper()
    if style == 1:
        return text.title()
    if style == 2:
        return text.capitalize()
    if style == 3:
        return "".join(c.upper() if rng.random() < 0.3 else c for c in text)
    return text


def generated_texts():
    rng = random.Random(SEED)
    texts = []
    for i in range(340):
        text = fill(rng, TEMPLATES[i % len(TEMPLATES)])
        if rng.random() < 0.35:
            text = recase(rng, text)
        if rng.random() < 0.15:
            text = fill(rng, rng.choice(TEMPLATES)) + " " + rng.choice([".", "!!", "?!", ";", "", " and"]) + " " + text
        texts.append(text)
    return texts


HARD = [
    # empty and whitespace-only
    "", " ", "     ", "\t", "\n\n", "\r\n", " \t \r\n \u00a0 \u3000 ",
    # case
    "SAME DRESS BUT IN RED", "Same Dress But In Red", "sAmE dReSs BuT iN rEd", "NASA-style JACKET",
    # punctuation runs
    "red!!!", "what?!?!", "...", "--- blue ---", "(((green)))", "a/b\\c|d", "wow!!!??? really...",
    "~`@#$%^&*()_+-={}[]:;\"'<>,.?/", "make it pop :-) :D <3", "#ootd @brand", "50/50 split",
    "e-mail me: foo@example.com", "http://shop.example.com/item?id=42&color=red",
    # digits and numbers
    "size 10", "1234567890", "3.14159", "1,000,000 sequins", "2nd and 3rd", "10% off", "$19.99",
    "€49,95", "12:30", "1/2 sleeves", "x2", "4k", "007", "٣ arabic-indic three", "Ⅻ roman", "½ length",
    "²³ superscripts", "①②③ circled",
    # contractions, straight and curly
    "it's red", "don't add stripes", "they're blue", "we've got it", "I'm sure", "you'll love it",
    "she'd wear it", "IT'S RED", "DON'T", "THEY'RE", "WE'VE", "I'M", "YOU'LL", "SHE'D",
    "it’s red", "don’t add stripes", "they’re blue", "rock 'n' roll", "'s 't 're 've 'm 'll 'd",
    "''s", "'ss", "o'clock", "the 90's look", "'tis", "'S", "'ſ", "x'ſy", "'re'm'd",
    # emoji
    "red dress 👗", "👍", "❤️", "🔥🔥🔥", "👩‍👩‍👧‍👦 family", "👨‍💻", "👍🏽 thumbs", "👋🏿",
    "🇺🇸 🇯🇵 🇫🇷", "🏳️‍🌈", "☺", "✂️ cut it", "1️⃣ one", "#️⃣", "🧑🏻‍🦰 red hair",
    # accented Latin, composed and decomposed
    "café", "cafe\u0301", "CAFÉ", "CAFE\u0301", "naïve", "nai\u0308ve", "résumé", "Ångström",
    "A\u030angstro\u0308m", "crème brûlée", "jalapeño", "Øresund", "straße", "STRASSE", "ﬁne ﬂoral",
    "œuvre", "Łódź", "Ça va", "e\u0301\u0301", "\u0301leading combining", "ǅ title-case digraph",
    "İstanbul", "ISTANBUL ıi", "ǰ", "ß", "ẞ capital sharp s",
    # Greek and Cyrillic
    "ΟΔΟΣ", "ΟΔΟΣ ΣΑΣ", "Σ", "ΑΣ.", "ΑΣ'Α", "σ ς Σ", "Ελληνικά", "ΚΑΛΗΜΈΡΑ", "ᾼ ᾳ",
    "ПРИВЕТ мир", "Москва", "ЁЛКА ёлка", "Київ", "ϴ ϑ", "Ω Ω",
    # CJK, Japanese, Korean
    "红色的连衣裙", "紅色連衣裙，長袖", "同じドレスで赤", "ひらがな カタカナ ｶﾀｶﾅ", "한국어 빨간 드레스",
    "中文English混合", "漢字123数字", "𠀀𠀁 extension B", "豈 compatibility", "〇 ideographic zero",
    "ｆｕｌｌｗｉｄｔｈ ＲＥＤ", "（全角）", "한", "\u1112\u1161\u11ab jamo",
    # other scripts
    "مرحبا", "שלום", "नमस्ते", "ไทย", "ዓለም", "ᏣᎳᎩ",
    # HTML entities and markup
    "red &amp; blue", "&quot;vintage&quot;", "&lt;b&gt;bold&lt;/b&gt;", "&#39;quoted&#39;",
    "&nbsp;spaced", "<b>bold</b>", "AT&T", "&amp;amp;",
    # control and format characters
    "zero\u200bwidth", "zwj\u200dhere", "\ufeffbom at start", "nul\x00byte", "tab\there",
    "line\r\nbreak", "bell\x07char", "esc\x1b[31m", "soft\u00adhyphen", "rtl\u200fmark",
    "line\u2028separator", "para\u2029separator", "nel\x85char", "vt\x0bff\x0c", "fs\x1cgs\x1d",
    "replacement\ufffdchar", "private\ue000use", "noncharacter\uffff", "unassigned\u0378",
    "\U000e0001tag\U000e0041", "mongolian\u180evs", "word\u2060joiner", "variation\ufe0fselector",
    "\u00a0nbsp\u00a0", "thin\u2009space", "ideographic\u3000space", "en\u2002quad",
    # whitespace runs
    "red    dress", "  leading", "trailing   ", "a \t\n b", "\n\n\nred\n\n\n",
    # special tokens inside text
    "<|startoftext|>", "<|endoftext|>", "a <|endoftext|> b", "a<|endoftext|>b", "!!<|endoftext|>!!",
    "<|startoftext|>red<|endoftext|>", "<|ENDOFTEXT|>", "<|EndOfText|>", "<|endoftext|", "<|endof text|>",
    "<|endof\u200btext|>", "<|ſtartoftext|>", "<<|endoftext|>>", "<|startoftext|><|startoftext|>",
    # characters newer than the reference's Unicode 14.0 (dropped as "Cn" there)
    "shaking face \U0001fae8 emoji", "ext-H \U00031350 ideograph", "kawi \U00011f04 letter",
    # pattern and casing corner cases
    "a<|endoftext|>\u0301b", "x\u0345y", "!\u0345!", "\u03b1\u0345", "\u03a3\u0295\u03a3 \u0295\u03a3",
    "\u0391\u03a3\u0301", "\u0391\u03a3\u0301\u0391", "\U0001171e\u03a3", "A\U0001171e\u03a3",
    # mixed bags
    "Same DRESS but in RED 👗 with long-sleeves!!! (size M) & no logo... it’s 50% off €19,99",
    "make it darker and remove the logo",
    "same dress but in red with long sleeves",
]


def long_texts(rng):
    out = []
    words = " ".join(fill(rng, t) for t in TEMPLATES)
    out.append(words)                                    # well over 77 tokens
    out.append(" ".join([words] * 4))                    # > 2,000 characters
    out.append("red " * 80)                              # exactly repetitive, crosses 77
    out.append("red " * 74 + "blue")                     # 75 content tokens: fits exactly
    out.append("red " * 75 + "blue")                     # 76: one over
    out.append("!" * 3000)                               # one huge punctuation run
    out.append("supercalifragilisticexpialidocious" * 40)  # one huge letter run
    out.append("9" * 500)                                # 500 single-digit tokens
    out.append("红" * 200)                               # CJK split per character
    out.append("👍🏽" * 100)
    out.append("<|endoftext|>" * 100)
    return out


def corpus():
    rng = random.Random(SEED + 1)
    texts = generated_texts() + HARD + long_texts(rng)
    seen, unique = set(), []
    for t in texts:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


def load_reference(vocab, merges):
    try:
        import ftfy  # noqa: F401
    except ImportError:
        pass
    else:
        sys.exit("ftfy is installed: the reference must run HF's BasicTokenizer path; uninstall ftfy")
    import transformers
    from transformers import CLIPTokenizer
    if transformers.__version__ != "4.36.2":
        sys.exit(f"expected transformers 4.36.2, found {transformers.__version__}")
    tok = CLIPTokenizer(vocab, merges, model_max_length=MAX_LENGTH)
    assert tok.fix_text is None
    return tok, transformers.__version__


def unicode_classes():
    """Run-length table over every non-surrogate code point of how the reference pipeline treats
    it, plus the exceptions (lower() and NFC changes) as explicit lists."""
    import regex
    pat = regex.IGNORECASE
    letter = regex.compile(r"[\p{L}]", pat)
    number = regex.compile(r"[\p{N}]", pat)
    space = regex.compile(r"\s", pat)
    other = regex.compile(r"[^\s\p{L}\p{N}]", pat)

    def clean_class(ch):
        cp = ord(ch)
        if ch in "\t\n\r":
            return "S"
        if cp == 0 or cp == 0xFFFD or unicodedata.category(ch).startswith("C"):
            return "R"
        if unicodedata.category(ch) == "Zs":
            return "S"
        return "K"

    def sigma_class(ch):
        # What Python's Final_Sigma rule sees: case-ignorable (skipped), cased, or neither.
        if (ch + "\u03a3").lower()[-1] == "\u03c2":
            return "C"
        if ("A" + ch + "\u03a3").lower()[-1] == "\u03c2":
            return "I"
        return "N"

    def regex_class(ch):
        if letter.fullmatch(ch):
            return "L"
        if number.fullmatch(ch):
            return "N"
        if space.fullmatch(ch):
            return "S"
        if other.fullmatch(ch):
            return "O"
        # Under IGNORECASE a few characters match no branch at all (U+0345 folds to a letter, so
        # the negated class rejects it while [\p{L}] does not accept it): findall skips them.
        return "X"

    runs, lower, nfc = [], {}, {}
    previous = None
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        sig = clean_class(ch) + ("W" if ch.isspace() else "-") + regex_class(ch) + sigma_class(ch)
        if sig != previous:
            runs.append([cp, sig])
            previous = sig
        if ch.lower() != ch and cp != 0x3A3:
            lower[cp] = [ord(c) for c in ch.lower()]
        if unicodedata.normalize("NFC", ch) != ch:
            nfc[cp] = [ord(c) for c in unicodedata.normalize("NFC", ch)]

    # Code points that match each literal of the pattern under IGNORECASE (e.g. U+017F for "s").
    everything = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    literals = {}
    for lit in sorted(set("<|>'startoftextendrvmld")):
        literals[lit] = [ord(c) for c in regex.findall(regex.escape(lit), everything, pat)]
    return {
        "unidata_version": unicodedata.unidata_version,
        "regex_version": regex.__version__,
        "signature": "clean(R removed|S space|K kept) isspace(W|-) regex(L letter|N number|S space|O other|X no branch) "
                     "final-sigma(C cased|I case-ignorable|N neither)",
        "runs": runs,
        "lower": {str(k): v for k, v in sorted(lower.items())},
        "nfc": {str(k): v for k, v in sorted(nfc.items())},
        "literals": literals,
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else FIXTURES
    tok, version = load_reference(os.path.join(FIXTURES, "vocab.json"), os.path.join(FIXTURES, "merges.txt"))
    cases = []
    for text in corpus():
        ids = tok(text, truncation=True, max_length=MAX_LENGTH)["input_ids"]
        cases.append({"text": text, "utf8": text.encode("utf-8").hex(), "ids": ids})
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "goldens.json"), "w", encoding="ascii") as f:
        json.dump({"reference": f"transformers {version} CLIPTokenizer (slow, no ftfy), truncation=True, "
                                f"max_length={MAX_LENGTH}",
                   "generator": "Scripts/make_tokenizer_goldens.py", "cases": cases}, f, indent=1)
        f.write("\n")
    with open(os.path.join(out, "unicode_classes.json"), "w", encoding="ascii") as f:
        json.dump(unicode_classes(), f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases written to {out}")


if __name__ == "__main__":
    main()
