from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "trienkhai.web"
    label = "web"
