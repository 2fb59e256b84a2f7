#!/usr/bin/env python3
"""Writes Tests/Fixtures/nounphrases/corpus.txt: the hand-written texts of handwritten.txt, then
templated modification texts in the styles of fashion, natural-image and synthetic-shape CIR
captions. Seeded, standard library only, so the corpus regenerates byte-identically.

Usage: python3 Scripts/np_make_corpus.py [--count 330] [--seed 4]
"""
import argparse
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures", "nounphrases")

COLOURS = ["red", "blue", "green", "black", "white", "yellow", "pink", "purple", "grey", "brown",
           "orange", "navy", "beige", "maroon", "teal", "light blue", "dark green", "cream", "gold", "silver"]
MATERIALS = ["leather", "denim", "cotton", "silk", "wool", "suede", "linen", "velvet", "lace", "satin",
             "wood", "metal", "glass", "plastic", "canvas", "straw"]
GARMENTS = ["dress", "shirt", "t-shirt", "skirt", "jacket", "coat", "sweater", "blouse", "top", "hoodie",
            "cardigan", "jumpsuit", "vest", "tunic", "romper", "tank top", "polo shirt", "gown", "blazer"]
SHOES = ["shoes", "boots", "sneakers", "sandals", "heels", "loafers", "flats", "slippers"]
PARTS = ["sleeves", "collar", "neckline", "hem", "pocket", "buttons", "zipper", "hood", "straps",
         "belt", "cuffs", "lining", "print", "logo", "pattern", "waist"]
PART_ADJ = ["long", "short", "wide", "narrow", "round", "square", "puffy", "ruffled", "thin", "thick",
            "high", "low", "small", "large", "floral", "striped", "plaid", "embroidered"]
COMPARATIVES = ["darker", "lighter", "longer", "shorter", "tighter", "looser", "brighter", "more casual",
                "more formal", "less revealing", "more colorful", "shinier", "simpler", "more elegant"]
ANIMALS = ["dog", "cat", "horse", "bird", "rabbit", "cow", "sheep", "duck", "puppy", "kitten", "goat",
           "parrot", "fox", "bear", "elephant", "zebra", "penguin", "squirrel"]
OBJECTS = ["cup", "bottle", "lamp", "chair", "table", "laptop", "phone", "book", "vase", "clock",
           "bowl", "plate", "bicycle", "car", "umbrella", "backpack", "guitar", "television", "pillow",
           "basket", "mirror", "candle", "keyboard", "bench"]
PLACES = ["table", "floor", "sofa", "bed", "grass", "beach", "street", "shelf", "desk", "counter",
          "windowsill", "rug", "snow", "road", "field", "kitchen", "garden", "park"]
PREPS = ["on", "under", "next to", "beside", "behind", "in front of", "near", "on top of", "inside"]
ACTIONS = ["sitting", "sleeping", "running", "standing", "lying", "eating", "playing", "jumping", "walking"]
COUNTS = ["two", "three", "four", "five", "several", "many", "a few", "no", "2", "3", "a pair of"]
SHAPES = ["circle", "square", "triangle", "star", "hexagon", "pentagon", "diamond", "cross"]
SIZES = ["small", "large", "big", "tiny", "medium"]
TEXTURES = ["striped", "dotted", "checkered", "solid", "plain", "hatched"]
POSITIONS = ["the top left", "the top right", "the bottom left", "the bottom right", "the center",
             "the left", "the right", "the top", "the bottom", "the middle"]
PEOPLE = ["man", "woman", "boy", "girl", "child", "person", "player", "chef", "baby", "dancer"]
HELD = ["an umbrella", "a ball", "a cup", "a phone", "a book", "a bag", "a flag", "a sign", "a kite"]
ADJ = ["old", "new", "tall", "short", "wooden", "shiny", "fluffy", "wet", "empty", "broken", "round",
       "modern", "antique", "colorful", "dirty", "clean"]


def art(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def plural(word):
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word == "shelf":
        return "shelves"
    return word + "s"


def fashion(r):
    g, s = r.choice(GARMENTS), r.choice(SHOES)
    c, c2, m = r.choice(COLOURS), r.choice(COLOURS), r.choice(MATERIALS)
    p, pa, cmp = r.choice(PARTS), r.choice(PART_ADJ), r.choice(COMPARATIVES)
    return r.choice([
        f"make the {g} {c} with {pa} {p}",
        f"same {g} but in {c} {m}",
        f"same {s} but in {c} {m} and with a higher heel",
        f"is {cmp} and has {pa} {p}",
        f"is {c} and {cmp}",
        f"has {art(pa)} {p} and is {c}",
        f"the {g} is {c} with {c2} {p}",
        f"change the {p} of the {g} to {c}",
        f"a {c} {m} {g} with {pa} {p}",
        f"{c} {s} with {pa} laces",
        f"the {s} are {cmp} and made of {m}",
        f"replace the {c} {g} with a {c2} one",
        f"add {art(pa)} {p} to the {g}",
        f"remove the {p} and make it {cmp}",
        f"is {cmp}, {c} and has no {p}",
        f"has {c} and {c2} stripes",
        f"the {g} should be {c} and {m}",
        f"I want {art(c)} {g} with {pa} {p}",
        f"wants a {m} {g} that is {cmp}",
        f"{g} in {c} with {art(pa)} {p}",
    ])


def natural(r):
    a, a2, o = r.choice(ANIMALS), r.choice(ANIMALS), r.choice(OBJECTS)
    pl, pr, act = r.choice(PLACES), r.choice(PREPS), r.choice(ACTIONS)
    n, adj, c = r.choice(COUNTS), r.choice(ADJ), r.choice(COLOURS)
    pe, h = r.choice(PEOPLE), r.choice(HELD)
    counted = f"{n} {plural(a)}"
    return r.choice([
        f"remove the {a} and add a second {a2} on the {pl}",
        f"show {counted} {act} {pr} the {pl}",
        f"the {a} is {act} on the {pl} instead of the {o}",
        f"make the {o} {c} and put it {pr} the {pl}",
        f"replace the {o} with {art(adj)} {r.choice(OBJECTS)}",
        f"{art(adj)} {o} {pr} {art(c)} {pl}",
        f"the {pe} is holding {h} and wearing a {c} hat",
        f"add {counted} to the picture",
        f"there are {counted} instead of one",
        f"the same {o} but {c} and {adj}",
        f"same {a} but {act} {pr} the {pl}",
        f"{art(pe)} with {art(a)} {act} in the {pl}",
        f"change the {a} into {art(a2)} and remove the {o}",
        f"the {pe}'s {o} is {c}",
        f"the {a}'s {r.choice(['tail is', 'ears are', 'nose is', 'fur is', 'paws are'])} {c}",
        f"no {plural(a)} and more {plural(o)}",
        f"{counted} and {art(adj)} {o}",
        f"the {o} is not {c} anymore",
        f"move the {o} from the {pl} to the {r.choice(PLACES)}",
        f"a photo of {art(a)} {pr} {art(o)}",
        f"a closer view of the {o} with {art(adj)} background",
        f"it is {c} and it has {art(adj)} {o} next to it",
    ])


def synthetic(r):
    s, s2 = r.choice(SHAPES), r.choice(SHAPES)
    sz, sz2 = r.choice(SIZES), r.choice(SIZES)
    c, c2 = r.choice(COLOURS[:12]), r.choice(COLOURS[:12])
    t, pos = r.choice(TEXTURES), r.choice(POSITIONS)
    return r.choice([
        f"make the {sz} {s} {c} and move it to {pos}",
        f"make the {s} {c}",
        f"make the {c} {s} {sz2}",
        f"move the {sz} {c} {s} to {pos}",
        f"the {s} should be {sz2} and {t}",
        f"change the {c} {s} into {art(sz2)} {c2} {s2}",
        f"replace the {t} {s} with {art(sz2)} {s2}",
        f"add {art(sz)} {c} {s} at {pos}",
        f"remove the {c} {s}",
        f"the {s} is {c}, {t} and {sz2}",
        f"make the {s} {t} and the {s2} {c}",
        f"recolor the {s} to {c} and make it {t}",
        f"the {sz} {s} at {pos} becomes {c2}",
        f"there is {art(c)} {s2} {r.choice(['above', 'below', 'left of', 'right of'])} the {s}",
        f"the {s} in {pos} is now {t} and {c}",
        f"turn the {c} {s} {c2}, make it {sz2} and move it to {pos}",
        f"make the {s} and the {s2} {c}",
        f"the {c} {s} is {sz2} instead of {sz}",
    ])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=330)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    r = random.Random(args.seed)
    with open(os.path.join(FIXTURES, "handwritten.txt"), encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip()]
    seen = set(lines)
    makers = [fashion, natural, synthetic]
    templated = []
    while len(templated) < args.count:
        text = makers[len(templated) % 3](r)
        if text not in seen:
            seen.add(text)
            templated.append(text)
    with open(os.path.join(FIXTURES, "corpus.txt"), "w", encoding="utf-8") as f:
        for text in lines + templated:
            f.write(text + "\n")
    print(f"corpus.txt: {len(lines)} hand-written + {len(templated)} templated = {len(lines) + len(templated)}")


if __name__ == "__main__":
    main()
