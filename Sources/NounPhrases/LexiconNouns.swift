// Nouns of modification texts, written for this chunker (singular forms; regular plurals come from
// `Lexicon.classes(of:)`). Grouped by topic so a missing word is easy to place.
extension Lexicon {
    static let nouns: [String] = [
        // garments and their parts
        """
        dress gown skirt shirt blouse top tee tank jacket coat blazer sweater jumper cardigan hoodie \
        sweatshirt vest tunic romper jumpsuit overall suit tuxedo uniform robe kimono poncho cape shawl \
        scarf tie bowtie hat cap beanie beret helmet hood visor headband bandana glove mitten sock \
        stocking shoe boot sneaker trainer sandal heel loafer flat slipper pump clog mule wedge stiletto \
        oxford moccasin espadrille bag handbag purse clutch tote backpack satchel wallet belt buckle \
        strap button zipper zip pocket collar sleeve cuff hem neckline neck waist waistband lining \
        print logo pattern graphic stripe dot check plaid pleat ruffle frill bow lace fringe tassel \
        sequin bead embroidery patch trim seam slit ribbon lapel yoke bodice torso shoulder bust \
        chest back front side length fit silhouette cut style design detail detailing accent \
        jersey legging tights jean denim trouser pant short bikini swimsuit lingerie bra pajama \
        apron watch bracelet necklace earring ring pendant chain jewelry jewellery brooch anklet \
        glass sunglass eyeglass lens frame sole toe laces lace tongue insole outsole platform \
        clothing outfit garment apparel costume fabric material texture color colour shade tone hue \
        finish sheen brand model size shape sticker emblem badge monogram text writing letter word \
        slogan number font picture photo photograph image shot view angle closeup background \
        foreground scene setting version kind type sort variety piece part half pair set group lot \
        bit couple dozen row pile stack bunch amount number way look appearance thing \
        item object
        """,
        // people, body, animals
        """
        man woman boy girl child kid baby toddler teenager adult person people guy lady gentleman \
        player chef dancer doctor nurse soldier police officer farmer worker student teacher \
        skateboarder surfer skier rider cyclist runner athlete model bride groom family friend crowd \
        team couple mother father parent brother sister grandmother grandfather king queen \
        face head hair eye ear nose mouth lip tooth teeth hand finger arm leg foot feet knee ankle \
        wrist skin beard mustache smile body tail paw wing fur feather horn hoof beak mane whisker \
        dog puppy cat kitten horse pony foal bird parrot duck goose chicken hen rooster cow calf bull \
        sheep lamb goat pig rabbit bunny mouse mice rat hamster squirrel fox wolf bear deer elephant \
        giraffe zebra lion tiger leopard cheetah monkey gorilla panda koala kangaroo penguin owl \
        eagle pigeon swan seagull fish shark whale dolphin turtle frog snake lizard butterfly bee \
        insect spider animal pet breed poodle terrier retriever labrador bulldog
        """,
        // objects, furniture, food, vehicles
        """
        cup mug glass bottle jar vase bowl plate dish saucer pot pan kettle teapot spoon fork \
        knife chopstick tray lid box basket bucket bin bag case container carton lamp light candle \
        clock mirror frame painting poster sign flag banner chair stool bench sofa couch armchair \
        table desk shelf cabinet drawer dresser wardrobe bed pillow cushion blanket sheet rug carpet \
        curtain blind window door wall floor ceiling roof stair step fence gate railing counter \
        sink stove oven fridge refrigerator microwave toaster laptop computer monitor screen \
        keyboard mouse phone smartphone tablet camera television tv remote speaker headphone radio \
        book notebook magazine newspaper pen pencil paper card envelope umbrella toy ball doll \
        teddy kite balloon guitar piano violin drum instrument racket bat skateboard surfboard ski \
        bicycle bike motorcycle scooter car truck bus van taxi train tram boat ship sailboat yacht \
        canoe kayak airplane plane jet helicopter wheel tire vehicle \
        food fruit apple banana pear grape lemon strawberry cherry peach watermelon tomato \
        vegetable carrot potato onion broccoli salad sandwich burger pizza pepperoni olive cheese \
        bread loaf cake cookie donut doughnut pie dessert icecream cream coffee tea milk juice wine \
        beer water soup pasta noodle rice egg meat steak chicken sausage sauce basil pepper salt \
        sugar chocolate candy snack meal breakfast lunch dinner
        """,
        // places, nature, weather, time, shapes, positions
        """
        room kitchen bathroom bedroom office hallway house home building apartment tower \
        church castle bridge street road sidewalk path alley highway parking lot city town village \
        park garden yard field farm forest wood woods jungle desert beach sea ocean lake river pond \
        shore coast island mountain hill valley cliff rock stone sand grass lawn tree bush plant \
        flower tulip rose daisy sunflower leaf leaves branch trunk log snow ice rain fog mist cloud \
        sky sun moon star rainbow storm wind weather sunset sunrise night day evening morning \
        afternoon dusk dawn time season summer winter autumn fall spring shadow lighthouse harbor \
        dock pier market store shop restaurant cafe café bar station airport stadium court pool \
        playground zoo barn stable ramp wire pole post tower skyline landscape view window windowsill \
        circle square triangle rectangle star hexagon pentagon octagon diamond cross heart oval \
        cube sphere cylinder cone shape line arrow dot \
        center centre middle corner edge right top bottom front back side end border area \
        spot place position location distance direction half quarter row column place
        """,
    ]

    /// Plurals and mass forms the suffix rules would miss.
    static let irregularPlurals = """
        people children men women feet teeth mice geese shelves leaves knives wolves scarves loaves \
        halves calves lives wives hooves sheep fish deer jeans pants trousers shorts glasses \
        sunglasses leggings tights clothes scissors binoculars pajamas pyjamas overalls headphones \
        earphones goggles sweatpants joggers chinos slacks briefs trunks
        """
}
