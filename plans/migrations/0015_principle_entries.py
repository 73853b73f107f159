"""A plan item can be a principle or an aim the plan states rather than a task (PlanItem.is_principle)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0014_adjustment_timing"),
    ]

    operations = [
        migrations.AddField(
            model_name="planitem",
            name="is_principle",
            field=models.BooleanField(
                default=False,
                help_text="计划中的原则、方向或目标，不是具体任务：照常列在计划中，但不计入应办、逾期事项和计划数。",
                verbose_name="原则/目标，不计任务",
            ),
        ),
    ]
