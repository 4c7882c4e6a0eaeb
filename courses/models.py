"""Course providers (public schema). Providers are organisations with their
own staff, but not tenants: they work across every municipality."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    """A course provider, e.g. a university college."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("course provider")
        verbose_name_plural = _("course providers")

    def __str__(self) -> str:
        return self.name
