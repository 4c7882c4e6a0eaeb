"""The shared words every municipality and provider uses: professions (and,
later, competences). Public schema, so a profession means the same thing in
Vejle's openings and Kolding's swap requests."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ProfessionFamily(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment and job centre")
    SOCIAL = "social", _("Social work")
    PEDAGOGY = "pedagogy", _("Day care and pedagogy")
    EDUCATION = "education", _("Schools and education")
    CARE = "care", _("Elderly care and needs assessment")
    HEALTH = "health", _("Health")
    ADMINISTRATION = "administration", _("Administration and HR")
    LEADERSHIP = "leadership", _("Leadership")


class Profession(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    family = models.CharField(_("family"), max_length=30, choices=ProfessionFamily.choices)

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("profession")
        verbose_name_plural = _("professions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "da").startswith("en") else self.name_da


class CompetenceTag(models.Model):
    """A competence a swapper can learn, or a course builds. The platform ships
    a vocabulary; a municipality's HR can add tags of its own, which every
    municipality then sees (so that openings stay searchable across borders)."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    added_by_municipality = models.ForeignKey(
        "tenants.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
        help_text=_("Empty: shipped with the platform."),
    )

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "da").startswith("en") else self.name_da


class RelationKind(models.TextChoices):
    RELATED = "related", _("Related profession")
    INTERFACE = "interface", _("Interface role")


class ProfessionRelation(models.Model):
    """Two professions close enough that one can take over the other's post
    for a swap: related (same family) or an interface role (e.g. needs
    assessor ↔ home nurse). Symmetric, stored once with the lower id first.
    The platform ships a set; HR of any municipality can add to it (every
    municipality then uses it, as with competences)."""

    profession_a = models.ForeignKey(Profession, on_delete=models.CASCADE, related_name="+")
    profession_b = models.ForeignKey(Profession, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind.choices)
    added_by_municipality = models.ForeignKey(
        "tenants.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
        help_text=_("Empty: shipped with the platform."),
    )

    class Meta:
        ordering = ["profession_a__name_da", "profession_b__name_da"]
        constraints = [
            models.UniqueConstraint(
                fields=["profession_a", "profession_b"], name="profession_relation_once"
            ),
            models.CheckConstraint(
                condition=models.Q(profession_a__lt=models.F("profession_b")),
                name="profession_relation_ordered",
            ),
        ]
        verbose_name = _("profession relation")
        verbose_name_plural = _("profession relations")

    def __str__(self) -> str:
        return f"{self.profession_a} ↔ {self.profession_b} ({self.kind})"
