from django.shortcuts import render
from django.views.decorators.http import require_safe

from familieplan.families.access import access_family


@require_safe
def outing_list(request, family_id):
    family = access_family(request, family_id)
    outings = family.test_outings.order_by("-on")
    return render(request, "extension_app/list.html", {"family": family, "outings": outings})
