// Closed-class words: determiners, pronouns, prepositions, conjunctions, numbers.
extension Lexicon {
    static let determiners = "the a an every no another neither either such what whatever"
    /// Determiners before a noun, pronoun chunks when they stand alone ("add some", "like these").
    static let standaloneDeterminers = "this that these those some any each both all"
    static let predeterminers = "all both half such quite neither either"
    /// Quantity words that act as adjectives inside a chunk ("many windows", "a few cats").
    static let quantifiers = "many several few fewer more less most much enough various numerous"

    static let pronouns = """
        i me you he him she her it we us they them myself yourself himself herself itself ourselves \
        themselves mine yours hers ours theirs something nothing anything everything someone \
        somebody anyone anybody everyone everybody nobody none
        """
    static let possessives = "my your his her its our their whose"
    static let relatives = "who whom which what that"

    static let adpositions = """
        with without in on at of to from into onto over under underneath above below behind beside \
        besides between among near by for around along across through throughout against inside \
        outside within like unlike than toward towards about off per via upon beneath atop amid \
        except instead including during after before since until till despite beyond past
        """
    static let conjunctions = "and or but nor & plus yet while whereas because although though if so"
    static let negations = "not n't never no"

    static let numberWords = """
        zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty \
        ninety hundred thousand million dozen
        """
}
