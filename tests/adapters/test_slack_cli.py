"""`shopbot slack ...`: clear one-line errors without secrets; check against the fake Slack."""

import pytest
from click.testing import CliRunner

from adapters.slack import SlackSettings
from bot.cli import cli
from bot.commands.slack_admin import check_connection
from core.errors import ConfigError
from tests.adapters.fake_slack import FakeSlack, clear_proxy_env


def test_run_refuses_when_slack_is_disabled_and_check_names_the_missing_secret(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, ["slack", "run"])
    assert result.exit_code == 1 and "adapters.slack.enabled" in result.output
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
