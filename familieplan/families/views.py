from django.core.paginator import Paginator
from django.shortcuts import render

from familieplan.families.access import access_family, can_write_family
from familieplan.families.models import Family


def family_list(request):
    families = Family.objects.visible_to(request.user).select_related("unit", "coordinator")
    page = Paginator(families.order_by("name", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "families/family_list.html", {"page": page})


def family_detail(request, family_id):
    family = access_family(request, family_id)
    return render(
        request,
        "families/family_detail.html",
        {"family": family, "can_write": can_write_family(request.user, family)},
    )
