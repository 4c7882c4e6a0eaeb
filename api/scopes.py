from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    DIRECTORY_READ = "directory:read", _("Read municipalities and networks")
