import json

from click.testing import CliRunner

from bot.cli import cli

SCRIPT = "hello\nwaterproof hiking boots under 120\nwhere is order 10042?\nbye\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_version_and_help():
    assert "shopbot" in run("--version").output
    assert "chat" in run("-h").output


def test_piped_chat_prints_each_reply():
    result = run("chat", input=SCRIPT)
    assert result.exit_code == 0
    out = result.output
    assert "Trailhead Outfitters" in out and "Ridgeline" in out
    assert "JD014600005183" in out and "Goodbye" in out


def test_history_export_forget():
    run("chat", input=SCRIPT)
    hist = run("history", "--user", "you").output
    assert "order 10042" in hist
    lines = run("export").output.strip().splitlines()
    assert len(lines) == 8 and json.loads(lines[0])["direction"] == "in"
    assert "8 messages" in run("forget", "console:you", "--yes").output
    assert run("export").output.strip() == ""


def test_catalog_import_reports_bad_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,category,price\nP1,A,c,1\nP2,B,c,oops\n")
    result = CliRunner().invoke(cli, ["catalog", "import", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:3" in result.output and "nothing was imported" in result.output
    good = tmp_path / "good.csv"
    good.write_text("id,name,category,price\nP1,A,c,1\n")
    assert "1 added, 0 changed, 0 unchanged (1 product in the catalogue)" in run(
        "catalog", "import", str(good)).output


def test_prompts_check_reports_file_and_line(tmp_path, caplog):
    (tmp_path / "greeting.yaml").write_text(
        "description: x\nvariables: [shop_name]\ntemplate: |\n  Hi {shop_name} {price}\n")
    result = CliRunner().invoke(cli, ["prompts", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "greeting.yaml:4" in result.output and "price" in result.output
    # printed once (it was logged twice more)
    assert not [r for r in caplog.records if "greeting.yaml" in r.getMessage()]


def test_bad_config_is_one_clear_line(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("shop:\n  nmae: X\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "chat"], input="hi\n")
    assert result.exit_code == 1
    assert "shop.nmae" in result.output and "Traceback" not in result.output


def test_eval_replies_beams_need_the_transformers_backend():
    result = CliRunner().invoke(cli, ["eval", "replies", "--beams", "4", "--backend", "llamacpp"])
    assert result.exit_code == 2 and "--beams needs --backend hf" in result.output
    result = CliRunner().invoke(cli, ["eval", "replies", "--beams", "0"])
    assert result.exit_code == 2 and "--beams" in result.output


def test_shop_files_a_config_names_are_found_or_said_missing(tmp_path, monkeypatch, caplog):
    # a catalogue beside the config file was looked for in the repository: an empty shop
    # ("We sell .") and not a word to the admin
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("id,name,category,price\nP1,Ridge Tent,tents,99\n")
    cfg = tmp_path / "config.yaml"
    cfg.write_text("shop:\n  catalog: catalog.csv\n")
    result = run("--config", str(cfg), "chat", input="tents\n")
    assert "Ridge Tent" in result.output
    # a bad row in an edit: said with file and line, and the last good catalogue serves
    catalog.write_text("id,name,category,price\nP1,Ridge Tent,tents,oops\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "chat"], input="tents\n")
    assert result.exit_code == 0 and "Ridge Tent" in result.output
    assert f"{catalog}:2: price 'oops' is not a number (nothing was imported); serving the " \
           "products imported before (1)" in caplog.text
    # a path that names no file: the shop keeps what it has, and says so
    cfg.write_text("shop:\n  catalog: catalogue.csv\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "chat"], input="tents\n")
    assert "Ridge Tent" in result.output and "catalogue.csv not found" in caplog.text
    # with nothing in the store, nothing to serve: one clear line naming file and key
    monkeypatch.setenv("SHOPBOT_HOME", str(tmp_path / "fresh"))
    result = CliRunner().invoke(cli, ["--config", str(cfg), "chat"], input="tents\n")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{cfg.resolve()}, key 'shop.catalog': catalogue file not found" in result.output
    cfg.write_text("shop:\n  policies: rules.yaml\n")
    result = CliRunner().invoke(cli, ["--config", str(cfg), "chat"], input="hi\n")
    assert result.exit_code == 1 and "key 'shop.policies': policies file not found" in \
        result.output
