// Adjectives, colour words and adverbs of modification texts, written for this chunker.
extension Lexicon {
    /// Colour words: adjectives before a noun, nouns after a preposition ("in red", "to navy").
    static let colours = """
        red blue green yellow orange purple violet pink brown black white grey gray beige tan cream \
        ivory navy teal turquoise cyan aqua magenta maroon burgundy crimson scarlet olive khaki lime \
        mint gold golden silver bronze copper coral peach lavender lilac mauve indigo charcoal \
        taupe camel mustard rust salmon fuchsia ruby emerald sapphire amber nude blonde blond \
        multicolor multicolored multicolour multicoloured colorful colourful
        """

    static let adjectives = """
        big small large little tiny huge giant enormous medium mini maxi midi tall short long wide \
        narrow thin thick slim skinny fat high low deep shallow heavy light dark bright pale dim \
        vivid vibrant muted neutral pastel neon soft hard smooth rough shiny glossy matte metallic \
        sheer transparent opaque clear solid plain striped dotted spotted checkered checked plaid \
        floral polka patterned printed embroidered ruffled pleated quilted knitted knit woven \
        crocheted hatched fluffy fuzzy furry hairy woolly wooden woolen leathery silky velvety \
        round square oval rectangular triangular circular flat pointed pointy curved straight wavy \
        curly chunky bulky sleek slender fitted loose tight baggy oversized cropped sleeveless \
        strapless backless collarless casual formal elegant classy sporty sexy cute pretty \
        beautiful ugly fancy simple basic classic vintage retro modern trendy stylish chic \
        comfortable cozy warm cool cold hot waterproof old new young ancient antique fresh ripe raw \
        cooked sliced frozen empty full open closed broken clean dirty wet dry same similar \
        different other another whole entire single double triple first second third fourth fifth \
        last final next only main extra additional upper lower inner outer central leftmost \
        rightmost topmost bottommost uppermost middle visible invisible hidden busy crowded calm \
        quiet cloudy sunny rainy snowy foggy stormy happy sad angry asleep awake alive real fake \
        natural artificial blank monochrome sharp blurry blurred close far near distant outdoor \
        indoor urban rural wild domestic bald brunette cheap expensive luxury rustic industrial \
        minimalist elaborate ornate decorative colored coloured lit dim faded ripped torn frayed \
        distressed washed acid relaxed slouchy flowy flowing structured tailored boxy cropped \
        lightweight sturdy delicate feminine masculine unisex glittery sparkly shimmery sequined \
        beaded studded zippered buttoned hooded lined padded insulated asymmetrical asymmetric \
        symmetrical horizontal vertical diagonal upright upside sideways front rear back \
        left right top bottom rid pleasant lovely friendly silly early holy oily hilly chilly jolly \
        bubbly comfy frilly lacy strappy flirty edgy girly boyish daily nearby faux ankle knee mid
        """

    /// Materials: nouns ("made of straw", "in black leather") that also modify a noun
    /// ("a leather strap") or stand as predicates ("the cup is ceramic").
    static let materials = """
        leather suede patent denim cotton silk wool linen satin velvet canvas nylon polyester \
        plastic glass metal rubber straw paper ceramic porcelain marble stone concrete brick steel \
        iron aluminum wood bamboo wicker fur lace chiffon tweed corduroy fleece jersey mesh sequin
        """

    /// Colours that spaCy's tagger reads as nouns whenever no noun follows ("is navy",
    /// "make the star navy" → one chunk "the star navy"): they are nouns first in English.
    static let nominalColours = "navy maroon cream gold silver"

    /// Colours that spaCy's tagger still reads as nouns right after a noun at the end of a
    /// phrase ("make the big cross grey" → one chunk "the big cross grey"), unlike "red" or "white".
    static let weakColours: Set<String> = ["grey", "gray", "purple", "yellow", "orange", "brown"]

    /// Adverbs; those that may also grade an adjective inside a chunk are in `intensifiers`.
    static let adverbs = """
        now also instead anymore only just still even almost already again together apart away \
        here there up down out off forward backward backwards upward downward sideways overall \
        then thus so too either neither else ever always often sometimes maybe perhaps please \
        currently rather quite instead yet
        """

    static let intensifiers = """
        very more less most least slightly much really extremely fairly somewhat completely fully \
        partly partially mostly mainly totally entirely barely hardly pretty super too so
        """
}
