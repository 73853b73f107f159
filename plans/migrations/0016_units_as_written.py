"""The 组织实施部门 cell as an imported workbook wrote it, written back by the plan's export (PlanItem.units_as_written)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0015_principle_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="planitem",
            name="units_as_written",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="组织实施部门（原文）"),
        ),
    ]
