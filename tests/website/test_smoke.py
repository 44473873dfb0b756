from django.conf import settings


def test_settings_come_from_test_environment():
    assert settings.DEBUG is False
    assert settings.SECURE_SSL_REDIRECT is False
