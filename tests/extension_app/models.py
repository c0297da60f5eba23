from django.db import models

from familieplan.core.models import TenantModel


class Outing(TenantModel):
    """An outing of the family, or of one member of it (`member`: whose matter it is)."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="test_outings"
    )
    member = models.ForeignKey("families.Member", null=True, blank=True, on_delete=models.CASCADE)
    on = models.DateField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "family", "on"], name="testouting_family_on")
        ]
