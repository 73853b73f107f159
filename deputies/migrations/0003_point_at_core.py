"""The relations to the organisation now name core's models (same tables: nothing changes in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('deputies', '0002_online_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='assignment',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='suggestion_assignments', to='core.reportingbody', verbose_name='承办单位'),
            ),
            migrations.AlterField(
                model_name='congresssession',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='congress_sessions', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='congresssession',
                name='term',
                field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='sessions', to='core.term', verbose_name='届'),
            ),
            migrations.AlterField(
                model_name='contact',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='suggestion_contacts', to='core.reportingbody', verbose_name='承办单位'),
            ),
            migrations.AlterField(
                model_name='deputy',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deputies', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='deputy',
                name='term',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='deputies', to='core.term', verbose_name='届'),
            ),
            migrations.AlterField(
                model_name='keysupervision',
                name='committee',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='key_suggestions', to='core.committee', verbose_name='督办委员会'),
            ),
            migrations.AlterField(
                model_name='reassignrequest',
                name='new_unit',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='core.reportingbody', verbose_name='改由单位'),
            ),
            migrations.AlterField(
                model_name='reply',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='suggestion_replies', to='core.reportingbody', verbose_name='答复单位'),
            ),
            migrations.AlterField(
                model_name='station',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stations', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='suggestion',
                name='body',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to='core.body', verbose_name='人大常委会'),
            ),
            migrations.AlterField(
                model_name='suggestion',
                name='committee',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='suggestions', to='core.committee', verbose_name='督办委员会'),
            ),
            migrations.AlterField(
                model_name='suggestion',
                name='lead_unit',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='led_suggestions', to='core.reportingbody', verbose_name='主办单位'),
            ),
        ]),
    ]
