"""Extending the shared vocabulary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.services import audit_record_public
from vocabulary.models import CompetenceTag


@transaction.atomic
def competence_tag_add(*, actor, name_da: str, name_en: str = "") -> CompetenceTag:
    """HR of a municipality adds a competence to the shared vocabulary (every
    municipality then sees it, so openings stay searchable across borders)."""
    if not actor.has_role(Role.HR) or actor.municipality_id is None:
        raise ValidationError(_("Only HR can add competences."))
    name_da = (name_da or "").strip()[:120]
    name_en = (name_en or "").strip()[:120] or name_da
    if not name_da:
        raise ValidationError({"name_da": _("This field is required.")})
    if CompetenceTag.objects.filter(name_da__iexact=name_da).exists():
        raise ValidationError({"name_da": _("That competence is already in the vocabulary.")})
    base = (
        slugify(name_en.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))[:70]
        or "competence"
    )
    code, n = base, 1
    while CompetenceTag.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    tag = CompetenceTag(
        code=code, name_da=name_da, name_en=name_en, added_by_municipality=actor.municipality
    )
    tag.full_clean()
    tag.save()
    audit_record_public(
        actor=actor, action="competence.added", target=tag, municipality=actor.municipality
    )
    return tag
