from core.retrieval import Speller
from core.typos import tidy

SPELLER = Speller([("Ridgeline Waterproof Hiking Boot", "boots", "waterproof leather")])


def test_chat_shorthand_is_spelled_out():
    assert tidy("wich one is cheaper? thx") == "which one is cheaper? thanks"
    assert tidy("do u have it in 45") == "do you have it in 45"
    assert tidy("Which one, please?") == "Which one, please?"  # nothing to fix
    # a price bound's word ("tents undr 300" kept no bound, and listed tents at 550)
    assert tidy("tents undr 300") == "tents under 300"
    assert tidy("jackets bellow 200 or ovr 100") == "jackets below 200 or over 100"


def test_catalogue_words_are_corrected_and_english_words_and_numbers_kept():
    assert tidy("wich one is waterprof?", SPELLER.correct) == "which one is waterproof?"
    assert tidy("hikng boots", SPELLER.correct) == "hiking boots"
    assert tidy("where is order 10042? I'm waiting", SPELLER.correct) == (
        "where is order 10042? I'm waiting")
    assert tidy("leathr", None) == "leathr"  # no speller: the table only


def test_a_word_two_edits_from_every_catalogue_word_is_kept():
    speller = Speller([("Pitch Black Tent", "tents", "nylon")])
    assert speller.correct("pitchh") == "pitch"  # one letter too many
    assert speller.correct("itchy") is None  # "itch" is a deletion of both: two edits
    assert tidy("are they itchy?", speller.correct) == "are they itchy?"


def test_a_catalogue_word_with_er_is_no_typo_of_it():
    speller = Speller([("Frost Bottle", "bottles", "freeze it, loose lid")])
    assert speller.correct("freezze") == "freeze"
    assert speller.correct("freezer") is None  # a thing: "put it in the freeze" was said
    assert speller.correct("looser") is None  # a comparative


def test_the_plural_of_an_english_word_is_no_typo():
    speller = Speller([("Puddle Jumper Boot", "boots", "for puddles and batteries")])
    # "what about paddles?" was read as "puddles", and waterproof shoes listed
    assert speller.correct("paddles") is None and speller.correct("paddle") is None
    assert speller.correct("puddels") == "puddles"  # a slip still


def test_two_words_of_a_name_or_kind_written_as_one_are_split():
    speller = Speller([("Glow 350 Head Torch", "Vellmoor", "headlamps", "red",
                        "A light head torch for trail runs.")])
    assert speller.correct("headtorch") == "head torch"
    assert speller.correct("headtorches") == "head torches"
    assert tidy("any headtorch?", speller.correct) == "any head torch?"
    assert speller.correct("lighthead") is None  # neighbours in a description only
    assert speller.correct("headlamps") is None  # the kind's own word


def test_a_slip_of_a_comparing_word_is_that_word():
    # "lightst" was "lights" (the catalogue's word), and the listings mentioning lights named
    speller = Speller([("Glow 350 Head Torch", "headlamps", "bright lights")])
    assert tidy("wich one is lightst?", speller.correct) == "which one is lightest?"
    assert tidy("the cheapst", speller.correct) == "the cheapest"
    assert tidy("does it hav a hood", speller.correct) == "does it have a hood"
    assert tidy("the lights", speller.correct) == "the lights"  # a word of the catalogue
    assert tidy("warmed up", speller.correct) == "warmed up"  # an English word
