import pytest
from pydantic import ValidationError

from core.settings import Settings


def test_defaults_are_a_local_sandbox():
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///var/zhunong.db"
    assert settings.wechat_api_base == "https://api.weixin.qq.com"
    assert settings.wecom_webhook_base == "https://qyapi.weixin.qq.com"
    assert settings.wechat_max_clock_skew == 300
    assert settings.sandbox and settings.simulator_enabled


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ZHUNONG_WECHAT_MAX_CLOCK_SKEW", "0")
    monkeypatch.setenv("ZHUNONG_WECHAT_APP_SECRET", "s3cr3t-app-secret")
    settings = Settings(_env_file=None)
    assert settings.wechat_max_clock_skew == 0
    assert not settings.sandbox and not settings.simulator_enabled


def test_production_refuses_a_placeholder_secret():
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, env="production", wechat_token="real-token")
    with pytest.raises(ValidationError, match="WECHAT_TOKEN"):
        Settings(_env_file=None, env="production", secret_key="a-real-long-secret")
    Settings(_env_file=None, env="production", secret_key="a-real-long-secret",
             wechat_token="real-token")


def test_production_never_serves_the_simulator():
    real = {"secret_key": "a-real-long-secret", "wechat_token": "real-token"}
    # Even without an app secret (sandbox sending), a production server has no simulator.
    assert not Settings(_env_file=None, env="production", **real).simulator_enabled
    with pytest.raises(ValidationError, match="SIMULATOR"):
        Settings(_env_file=None, env="production", simulator=True, **real)
