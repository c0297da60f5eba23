from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_link_services_to_partners")]

    operations = [
        migrations.RemoveConstraint(
            model_name='measure',
            name='measure_one_responsible',
        ),
        migrations.RemoveField(
            model_name='measure',
            name='responsible_service',
        ),
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('responsible_kind', 'coordinator'), ('responsible_member__isnull', True), ('responsible_partner__isnull', True), ('responsible_user__isnull', False)), models.Q(('responsible_kind', 'member'), ('responsible_member__isnull', False), ('responsible_partner__isnull', True), ('responsible_user__isnull', True)), models.Q(('responsible_kind', 'service'), ('responsible_member__isnull', True), ('responsible_partner__isnull', False), ('responsible_user__isnull', True)), _connector='OR'), name='measure_one_responsible'),
        ),
    ]
