"""A plan adjustment records the moved item's whole timing before and after, and names the meeting that decided it
(the free text stays for older rows and for decisions not taken at a recorded meeting)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('plans', '0013_upload_checks'),
    ]

    operations = [
        migrations.AddField(
            model_name='planadjustment',
            name='timing_before',
            field=models.JSONField(blank=True, default=dict, verbose_name='调整前时间'),
        ),
        migrations.AddField(
            model_name='planadjustment',
            name='timing_after',
            field=models.JSONField(blank=True, default=dict, verbose_name='调整后时间'),
        ),
        migrations.AddField(
            model_name='planadjustment',
            name='decided_meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_adjustments', to='meetings.meeting', verbose_name='决定会议'),
        ),
        migrations.AlterField(
            model_name='planadjustment',
            name='decided_at',
            field=models.CharField(blank=True, help_text='如：书面征求主任会议成员意见', max_length=100, verbose_name='决定方式'),
        ),
    ]
