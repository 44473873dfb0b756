from django.conf import settings


def site(request):
    """Site-wide values every template shows: name, admissions phone, crisis lines."""
    phone = settings.ADMISSIONS_PHONE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ADMISSIONS_PHONE": phone,
        "ADMISSIONS_PHONE_TEL": "+1" + "".join(ch for ch in phone if ch.isdigit())[-10:],
    }
