// Verbs of modification texts (base forms; "-s", "-ing" and "-ed" forms come from
// `Lexicon.classes(of:)`), written for this chunker.
extension Lexicon {
    /// Verbs that take a noun phrase object directly: at the start of a clause they are
    /// imperatives even when they are nouns too ("Color the square white", "Show two dogs").
    static let transitiveVerbs = """
        make add remove change replace move put show turn give get take use keep let swap delete \
        color colour recolor recolour shift rotate enlarge blur have hold wear carry place set hang \
        fill cover open close crop flip brighten darken lighten shrink increase decrease reduce \
        lengthen shorten widen tuck roll fold zip paint dye switch transform convert modify alter \
        adjust match include contain feature depict display want like need see find bring drop \
        lift raise lower eat drink ride play watch hug kiss push pull throw catch kick hit chase \
        follow read write cut slice stack mix pour wash clean fix break paint draw insert attach \
        exchange trade invert reverse mirror duplicate copy repeat erase hide reveal spread \
        enclose surround wrap grab love prefer choose pick select try do park light reach say
        """

    static let verbs = """
        sit stand lie lay run walk jump fly swim smile look seem become appear lean park sleep rest \
        stay wait go come leave cook sing dance fall grow float hover glow shine face point rise \
        sink tilt spin ride graze perch climb crawl roam fit belong go zoom focus aim
        """

    /// Irregular past and participle forms.
    static let irregularVerbForms = """
        made put took given got gotten kept let held worn wore set hung shown seen found brought \
        left ate eaten drank drunk rode ridden thrown caught hit read wrote written cut broken \
        broke hidden sat stood lay lain ran went gone came become fell fallen grew grown flew \
        flown swam spread chose chosen did done drew drawn shone lit built bought sold spun tied
        """

    /// Forms of "be", "do", "have" and modals, including the clitics the tokenizer splits off.
    static let auxiliaries = """
        is are was were be been being am 's 're 'm do does did has have had 've 'd 'll should \
        could would can will may might must shall ought
        """
}
