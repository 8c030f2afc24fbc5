from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "sabt.bundles"
    label = "bundles"
    verbose_name = "Export bundles"
