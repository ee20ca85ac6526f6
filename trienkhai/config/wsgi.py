import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.config.settings")
application = get_wsgi_application()
