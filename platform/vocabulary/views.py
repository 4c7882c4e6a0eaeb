"""The shared vocabulary's pages, on a municipality's site: the competences
and the profession relations matching uses. Everyone reads them; HR adds to
them for every municipality."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from vocabulary.models import CompetenceTag, Profession, ProfessionRelation, RelationKind
from vocabulary.services import competence_tag_add, profession_relation_add


@login_required
def competences(request):
    """The competence vocabulary; HR can add to it."""
    is_hr = request.user.has_role(Role.HR)
    errors = []
    if request.method == "POST":
        if not is_hr:
            raise Http404
        try:
            competence_tag_add(
                actor=request.user,
                name_da=request.POST.get("name_da", ""),
                name_en=request.POST.get("name_en", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The competence is added for every municipality."))
            return redirect("vocabulary:competences")
    tags = CompetenceTag.objects.select_related("added_by_municipality").order_by("name_da")
    return render(
        request,
        "vocabulary/competences.html",
        {"tags": tags, "is_hr": is_hr, "errors": errors, "posted": request.POST},
    )


@login_required
def relations(request):
    """The profession relations matching uses; HR can add to them."""
    is_hr = request.user.has_role(Role.HR)
    errors = []
    if request.method == "POST":
        if not is_hr:
            raise Http404
        try:
            profession_relation_add(
                actor=request.user,
                profession_a=request.POST.get("profession_a", ""),
                profession_b=request.POST.get("profession_b", ""),
                kind=request.POST.get("kind", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The relation is added for every municipality."))
            return redirect("vocabulary:relations")
    return render(
        request,
        "vocabulary/relations.html",
        {
            "relations": ProfessionRelation.objects.select_related(
                "profession_a", "profession_b", "added_by_municipality"
            ),
            "professions": Profession.objects.order_by("name_da"),
            "kinds": RelationKind.choices,
            "is_hr": is_hr,
            "errors": errors,
            "posted": request.POST,
        },
    )
