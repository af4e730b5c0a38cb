"""Is a message written in another language than the bot speaks?

The demo shop ships to Germany, Austria, the Netherlands, Belgium and France; a customer
writing "Haben Sie Wanderschuhe in Größe 44?" got "Sorry, I didn't quite get that" in
English, twice, and then a ticket. The intent model and the reply model know English only,
so the honest answer is to say so at once and offer a person.

How: the share of a message's words that are common function words of one language.
Product names, brands and numbers are not function words, so "Ridgeline 44?" is no
language at all, and name particles ("de la", "van der") do not count; a message needs at
least three words, two of them one language's function words, more than it has English
ones, and a third of its words from that language. The engine asks only about messages it
did not understand. Pure; no model, no download.
"""

from __future__ import annotations

import re

# Frequent function words that are not also English words (no "in", "so", "was", "die"...)
WORDS = {
    "German": """ich du sie wir ihr er es ist sind haben habe hat hast nicht kein keine eine
        einen einem einer der das dem den des und oder aber mit für von zu zum zur auf aus bei
        nach wie wo wann warum was welche welcher welches gibt können kann könnten möchte
        bitte danke noch auch schon sehr mein meine meinen ihre ihren bin größe
        schuhe bestellung guten tag hallo sprechen deutsch habt suche brauche verkauft
        jacke zelt rucksack wanderschuhe schlafsack""".split(),
    "French": """je tu il elle nous vous ils elles est sont avez avons ai ont pas une des les
        du de la le et ou mais avec pour sur dans chez comment où quand pourquoi quel quelle
        quels est-ce qu'est-ce bonjour merci mon ma mes votre vos taille commande
        chaussures parlez français veste tente randonnée montagne""".split(),
    "Dutch": """ik jij je wij jullie zij hij het een de en of maar met voor van naar op uit
        bij hoe waar wanneer waarom wat welke hebben heb heeft niet geen mijn uw
        graag bedankt dank hallo goedendag maat bestelling schoenen spreekt nederlands""".split(),
    "Spanish": """yo tú usted nosotros ellos es son tiene tengo tienen una unos unas los las el
        la y o pero con para por en del al cómo dónde cuándo qué cuál hola gracias mi mis su
        talla pedido zapatos hablas habla español botas zapatillas chaqueta tienda mochila
        calcetines montaña""".split(),
    "Italian": """io tu lui lei noi voi loro è sono ha ho hanno non una uno gli il lo la e o
        ma con per su da del della come dove quando perché che quale ciao grazie mio mia
        taglia ordine scarpe avete parli parla italiano scarponi zaino giacca tenda montagna
        """.split(),
}
ENGLISH = set("""i you he she we they it is are have has do does not no a an the and or but
    with for from to at on of by how where when why what which can could would please thanks
    my your our size order shoes hello hi""".split())
# Particles that also sit in names ("De La Soul", "Van der Berg", "Da Vinci"): not evidence
PARTICLES = set("de la le les du des van der den von di da del el il lo".split())
_SETS = {lang: set(words) - ENGLISH - PARTICLES for lang, words in WORDS.items()}


def foreign_language(text: str) -> str | None:
    """The name of the language `text` is written in, when it is clearly not English
    ("Haben Sie Wanderschuhe?" -> "German"); None for English or too little to tell."""
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)?", text.lower())
    if re.search(r"[¿¡]", text) and words:
        return "Spanish"  # "¿tienen botas?": too short to tell by its words ("say it again")
    if len(words) < 3:
        return None
    english = sum(w in ENGLISH for w in words)
    best, hits = None, 0
    for lang, vocab in _SETS.items():
        n = sum(w in vocab for w in words)
        if n > hits:
            best, hits = lang, n
    return best if hits >= 2 and hits > english and hits >= len(words) / 3 else None


# "do you speak German?", "can we talk in French?", "is there anyone who speaks Dutch?":
# asked in English of another language (it got the bot's spiel about itself)
_SPEAKS = re.compile(r"\b(?:do|can|could) (?:you|we|i|anyone|someone|somebody) (?:speak|talk|"
                     r"chat|write|understand)(?: (?:in|to you in|with you in))? ([a-z]+)\b|"
                     r"\b(?:anyone|someone|somebody|staff|people) (?:who|that) (?:speaks?|"
                     r"talks?) ([a-z]+)\b|\bin ([a-z]+),? please\W*$", re.I)
LANGUAGES = frozenset(("German", "French", "Dutch", "Spanish", "Italian", "Polish",
                       "Portuguese", "Danish", "Swedish", "Norwegian", "Czech", "Russian",
                       "Turkish", "Chinese", "Japanese", "Arabic", "Greek", "Finnish"))


def asked_language(text: str) -> str | None:
    """The language other than English a message asks to be spoken ("do you speak German?"
    -> "German"); None when it asks for none. Pure."""
    m = _SPEAKS.search(text)
    said = next((g for g in m.groups() if g), "").capitalize() if m else ""
    return said if said in LANGUAGES else None
