"""Extending the shared vocabulary."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import audit_record_public
from config.posted import plain_int
from vocabulary.models import CompetenceTag, Profession, ProfessionRelation, RelationKind


@transaction.atomic
def competence_tag_add(*, actor: User, name_da: str, name_en: str = "") -> CompetenceTag:
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


@transaction.atomic
def profession_relation_add(*, actor: User, profession_a, profession_b, kind: str):
    """HR adds a relation between two professions (related, or an interface
    role) for matching; like competences it applies in every municipality.
    The professions are given by id (as posted by the form)."""
    if not actor.has_role(Role.HR) or actor.municipality_id is None:
        raise ValidationError(_("Only HR can add profession relations."))
    found = {}
    for name, value in (("profession_a", profession_a), ("profession_b", profession_b)):
        value = str(value or "").strip()
        profession = Profession.objects.filter(pk=int(value)).first() if plain_int(value) else None
        if profession is None:
            raise ValidationError({name: _("Choose a profession.")})
        found[name] = profession
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Choose related profession or interface role.")})
    a, b = sorted(found.values(), key=lambda p: p.pk)
    if a.pk == b.pk:
        raise ValidationError(_("Choose two different professions."))
    try:
        with transaction.atomic():
            relation = ProfessionRelation.objects.create(
                profession_a=a, profession_b=b, kind=kind, added_by_municipality=actor.municipality
            )
    except IntegrityError:
        raise ValidationError(_("Those two professions are already related.")) from None
    audit_record_public(
        actor=actor,
        action="profession_relation.added",
        target=relation,
        municipality=actor.municipality,
        data={"a": a.code, "b": b.code, "kind": kind},
    )
    return relation
