"""Messages in a language the bot does not speak (core/language.py)."""

import pytest

from core.language import foreign_language


@pytest.mark.parametrize("text, language", [
    ("Haben Sie Wanderschuhe in Größe 44?", "German"),
    ("sprechen sie deutsch", "German"),
    ("habt ihr Wanderschuhe?", "German"),  # "say it another way" in English
    ("ich suche eine Regenjacke", "German"),
    ("Bonjour, je cherche une tente pour deux personnes", "French"),
    ("Waar is mijn bestelling?", "Dutch"),
    ("¿Tienen zapatos de montaña?", "Spanish"),
    ("Ciao, avete scarpe da trekking?", "Italian"),
    # a shop's words of the language: "say it another way" before
    ("¿tienen botas de montaña?", "Spanish"), ("avete scarponi da montagna?", "Italian"),
    # English, names and too little to tell
    ("do you have a tent for 2 people", None),
    ("where is my order", None),
    ("Ridgeline 44?", None),
    ("de la soul tshirt", None),      # name particles are not French
    ("van de berg brand", None),
    ("hi", None),
    ("", None),
])
def test_foreign_language(text, language):
    assert foreign_language(text) == language
