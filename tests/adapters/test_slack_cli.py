"""`shopbot slack ...`: clear one-line errors without secrets; check against the fake Slack."""

import pytest
from click.testing import CliRunner

from adapters.slack import SlackSettings
from bot.cli import cli
from bot.commands.slack_admin import check_connection
from core.errors import ConfigError
from tests.adapters.fake_slack import FakeSlack, clear_proxy_env


def test_check_names_the_missing_secret(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, ["slack", "check"])
    assert result.exit_code == 1 and "SLACK_BOT_TOKEN" in result.output
    assert "Traceback" not in result.output


async def test_check_connection_reports_team_and_support_channel(monkeypatch):
    clear_proxy_env(monkeypatch)
    async with FakeSlack() as fake:
        fake.members["CSUP"] = ["U1", "U2"]
        ok = SlackSettings(bot_token=fake.bot_token, api_url=fake.api_url,
                           support_channel="CSUP")
        line = await check_connection(ok)
        assert "as shopbot" in line and "CSUP has 2 members" in line
        with pytest.raises(ConfigError, match="invalid_auth"):
            await check_connection(SlackSettings(bot_token="xoxb-wrong", api_url=fake.api_url))


async def test_shopbot_run_builds_the_slack_adapter_with_the_desk(monkeypatch, tmp_path):
    from adapters.slack import SlackAdapter
    from bot.app import build
    from bot.commands.run import enabled_adapters
    from bot.config import AdaptersConfig, Config, SlackConfig

    clear_proxy_env(monkeypatch)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-wrong")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
    async with FakeSlack() as fake:
        monkeypatch.setenv("SLACK_API_URL", fake.api_url)
        config = Config(adapters=AdaptersConfig(slack=SlackConfig(enabled=True,
                                                                  support_channel="CSUP")))
        app = build(config, store_path=tmp_path / "s.db")
        [slack] = enabled_adapters(config, app.engine)
        assert isinstance(slack, SlackAdapter) and app.desk.desks == [slack]
        assert app.engine.senders["slack"] is slack
        with pytest.raises(ConfigError, match="rejected the bot token"):
            await slack.start()  # a bad token stops start-up with one clear line
        await slack.close()
        assert not fake.calls_to("apps.connections.open")  # no intake before start succeeds
