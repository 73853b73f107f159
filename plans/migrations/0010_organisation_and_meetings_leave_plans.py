"""The organisation has moved to core and meetings to meetings (their 0001): plans forgets them. Their tables
stay (now core's and meetings' models), so nothing is dropped."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('deputies', '0003_point_at_core'),
        ('meetings', '0001_initial'),
        ('plans', '0009_term_meetings_before'),
        ('renda', '0007_models_leave_for_core'),
        ('supervision', '0003_point_at_core_and_meetings'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='materialstep',
                name='agenda_item',
            ),
            migrations.RemoveField(
                model_name='body',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='committee',
                name='body',
            ),
            migrations.AlterField(
                model_name='planitem',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_items', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.RemoveField(
                model_name='meeting',
                name='body',
            ),
            migrations.AlterField(
                model_name='annualplan',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.RemoveField(
                model_name='bodymembership',
                name='body',
            ),
            migrations.RemoveField(
                model_name='term',
                name='body',
            ),
            migrations.RemoveField(
                model_name='reportingbody',
                name='body',
            ),
            migrations.RemoveField(
                model_name='bodyrules',
                name='body',
            ),
            migrations.RemoveField(
                model_name='bodymembership',
                name='user',
            ),
            migrations.RemoveField(
                model_name='committee',
                name='paired_with',
            ),
            migrations.AlterField(
                model_name='itemcommittee',
                name='committee',
                field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='responsibilities', to='core.committee', verbose_name='委员会'),
            ),
            migrations.RemoveField(
                model_name='reportingbody',
                name='liaison_committee',
            ),
            migrations.RemoveField(
                model_name='committeemembership',
                name='committee',
            ),
            migrations.RemoveField(
                model_name='committeemembership',
                name='user',
            ),
            migrations.RemoveField(
                model_name='materialstep',
                name='done_by',
            ),
            migrations.RemoveField(
                model_name='meeting',
                name='term',
            ),
            migrations.AlterField(
                model_name='annualplan',
                name='adopted_at',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='adopted_plans', to='meetings.meeting', verbose_name='通过会议'),
            ),
            migrations.RemoveField(
                model_name='unitcontact',
                name='unit',
            ),
            migrations.RemoveField(
                model_name='unitcontact',
                name='user',
            ),
            migrations.AlterField(
                model_name='planitem',
                name='committees',
                field=models.ManyToManyField(related_name='plan_items', through='plans.ItemCommittee', to='core.committee', verbose_name='负责委员会'),
            ),
            migrations.AlterField(
                model_name='planitem',
                name='reporting_bodies',
                field=models.ManyToManyField(blank=True, related_name='plan_items', to='core.reportingbody', verbose_name='报告单位'),
            ),
            migrations.DeleteModel(
                name='AgendaItem',
            ),
            migrations.DeleteModel(
                name='Body',
            ),
            migrations.DeleteModel(
                name='BodyRules',
            ),
            migrations.DeleteModel(
                name='BodyMembership',
            ),
            migrations.DeleteModel(
                name='Committee',
            ),
            migrations.DeleteModel(
                name='CommitteeMembership',
            ),
            migrations.DeleteModel(
                name='MaterialStep',
            ),
            migrations.DeleteModel(
                name='Term',
            ),
            migrations.DeleteModel(
                name='Meeting',
            ),
            migrations.DeleteModel(
                name='ReportingBody',
            ),
            migrations.DeleteModel(
                name='UnitContact',
            ),
        ]),
    ]
