import os
import time

import pytest

from bot.config import ROOT
from core.errors import PromptError
from core.prompts import VARIABLES, PromptLibrary, parse_prompt_file

GOOD = """description: test
variables: [shop_name, order_id]
system: ""
template: |
  Order {order_id} at {shop_name}.
"""


def test_shipped_prompt_files_are_valid():
    assert PromptLibrary(ROOT / "prompts").check() == []


def test_unknown_variable_names_file_and_line(tmp_path):
    path = tmp_path / "order_not_found.yaml"
    path.write_text(GOOD.replace("Order {order_id}", "Order {order_id}\n  Discount {discount}"))
    with pytest.raises(PromptError) as err:
        parse_prompt_file(path)
    assert err.value.line == 6 and "discount" in str(err.value)
    assert str(path) in str(err.value)


def test_a_variable_in_a_comment_is_not_the_line_reported(tmp_path):
    # the shipped files explain {answer} in a comment; a typo in the template was reported
    # on that comment's line
    path = tmp_path / "order_not_found.yaml"
    path.write_text("# {discount}: what it costs less\n" + GOOD.replace(
        "Order {order_id}", "Order {order_id}\n  Discount {discount}"))
    with pytest.raises(PromptError) as err:
        parse_prompt_file(path)
    assert err.value.line == 7


def test_yaml_error_names_line(tmp_path):
    path = tmp_path / "greeting.yaml"
    path.write_text("description: x\nvariables: [shop_name\ntemplate: hi\n")
    with pytest.raises(PromptError) as err:
        parse_prompt_file(path)
    assert err.value.line is not None


@pytest.mark.parametrize("template, name, said", [
    ("Hi {customer_name}! Welcome.", "Tom", "Hi Tom! Welcome."),
    ("Hi {customer_name}! Welcome.", "", "Hi! Welcome."),  # not "Hi ! Welcome."
    ("Thanks, {customer_name}.", "", "Thanks."),
    ("Hi {customer_name}, welcome.", "", "Hi, welcome."),
    ("{customer_name}Welcome.", "", "Welcome."),
])
def test_an_empty_variable_leaves_no_stray_space_or_comma(tmp_path, template, name, said):
    path = tmp_path / "greeting.yaml"
    path.write_text(f"description: x\nvariables: [customer_name]\nsystem: \"\"\n"
                    f"template: \"{template}\"\n")
    assert parse_prompt_file(path).render(customer_name=name) == said


async def test_the_greeting_uses_the_name_the_platform_gives(app):
    from adapters.memory import MemoryAdapter

    memory = MemoryAdapter(app.engine)
    (named,) = await memory.push("hi", user_name="Tom")
    assert named.text.startswith("Hi Tom! I'm the assistant of ")
    (unnamed,) = await memory.push("hello", chat_id="c2")
    assert unnamed.text.startswith("Hi! I'm the assistant of ")  # not "Hi !"


def test_broken_edit_keeps_last_good_version(tmp_path):
    path = tmp_path / "order_not_found.yaml"
    path.write_text(GOOD)
    lib = PromptLibrary(tmp_path)
    good = lib.get("order_not_found")
    assert good.render(order_id="1", shop_name="S") == "Order 1 at S."
    path.write_text(GOOD.replace("{order_id}", "{order_id"))  # unbalanced brace
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert lib.get("order_not_found").version == good.version
    assert "order_not_found" in lib.errors
    path.write_text(GOOD.replace("Order", "Your order"))
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert lib.get("order_not_found").render(order_id="2", shop_name="S") == "Your order 2 at S."


def test_a_kind_missing_or_broken_from_the_start_answers_with_the_shipped_file(tmp_path, caplog):
    """A prompts folder copied before a reply kind existed, or broken since the bot started:
    the shipped file answers, the log names the admin's file, and their own file takes over
    once it is there and valid."""
    (tmp_path / "order_not_found.yaml").write_text(GOOD.replace("{order_id}", "{order_id"))
    lib = PromptLibrary(tmp_path)
    shipped = lib.get("prices")
    assert shipped.path == str(ROOT / "prompts" / "prices.yaml")
    assert lib.get("order_not_found").path == str(ROOT / "prompts" / "order_not_found.yaml")
    assert str(tmp_path / "prices.yaml") in caplog.text and "no such file" in caplog.text
    assert "brace error" in caplog.text
    # `shopbot prompts check` still names every file the folder lacks or holds broken
    assert sorted(e.file for e in lib.check()) == sorted(str(tmp_path / f"{k}.yaml")
                                                         for k in VARIABLES)
    (tmp_path / "prices.yaml").write_text(GOOD.replace("order_id", "products"))
    assert lib.get("prices").path == str(tmp_path / "prices.yaml")


def test_the_shipped_folder_itself_has_no_fallback(tmp_path):
    lib = PromptLibrary(ROOT / "prompts")
    with pytest.raises(PromptError):
        lib.get("no_such_kind")
