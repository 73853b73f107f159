"""The relations to the organisation and to agenda items now name core's and meetings' models (same tables:
nothing changes in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('meetings', '0001_initial'),
        ('supervision', '0002_restrict_inside_a_body'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='evaluation',
                name='agenda_item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='meetings.agendaitem', verbose_name='议题'),
            ),
            migrations.AlterField(
                model_name='evaluationsubject',
                name='reporting_body',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='evaluation_subjects', to='core.reportingbody', verbose_name='部门'),
            ),
            migrations.AlterField(
                model_name='inspection',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inspections', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='inspection',
                name='report_agenda_item',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='inspections', to='meetings.agendaitem', verbose_name='听取报告的议题'),
            ),
            migrations.AlterField(
                model_name='livelihoodproject',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='livelihood_projects', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='livelihoodproject',
                name='committee',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='livelihood_projects', to='core.committee', verbose_name='跟踪委员会'),
            ),
            migrations.AlterField(
                model_name='livelihoodproject',
                name='department',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='livelihood_projects', to='core.reportingbody', verbose_name='责任部门'),
            ),
            migrations.AlterField(
                model_name='rectification',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rectifications', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='rectification',
                name='committee',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rectifications', to='core.committee', verbose_name='跟踪委员会'),
            ),
            migrations.AlterField(
                model_name='rectification',
                name='new_report_agenda_item',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rectification_reports', to='meetings.agendaitem', verbose_name='再次报告的议题'),
            ),
            migrations.AlterField(
                model_name='rectification',
                name='reporting_body',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='rectifications', to='core.reportingbody', verbose_name='整改单位'),
            ),
            migrations.AlterField(
                model_name='reviewopinion',
                name='agenda_item',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_opinions', to='meetings.agendaitem', verbose_name='议题'),
            ),
            migrations.AlterField(
                model_name='reviewopinion',
                name='committee',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_opinions', to='core.committee', verbose_name='跟踪委员会'),
            ),
            migrations.AlterField(
                model_name='reviewopinion',
                name='reporting_body',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='review_opinions', to='core.reportingbody', verbose_name='报告单位'),
            ),
            migrations.AlterField(
                model_name='reviewopinion',
                name='response_heard_at',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opinion_responses', to='meetings.meeting', verbose_name='反馈报告提请会议'),
            ),
            migrations.AlterField(
                model_name='specialinquiry',
                name='agenda_item',
                field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='special_inquiry', to='meetings.agendaitem', verbose_name='议题'),
            ),
        ]),
    ]
