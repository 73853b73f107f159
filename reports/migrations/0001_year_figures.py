"""Year figures the system cannot count, entered by the office (reports.models.YearFigure)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='YearFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('key', models.CharField(choices=[('filed_documents', '备案审查的规范性文件')], max_length=40, verbose_name='项目')),
                ('value', models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(1000000)], verbose_name='数字')),
                ('source', models.CharField(help_text='数字摘自哪里，如：区人大常委会 2023 年备案审查工作情况的报告', max_length=200, verbose_name='来源')),
                ('entered_at', models.DateTimeField(auto_now=True, verbose_name='登记时间')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='year_figures', to='core.body', verbose_name='人大常委会')),
                ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '年度数字（办公室登记）',
                'verbose_name_plural': '年度数字（办公室登记）',
                'ordering': ['-year', 'key'],
                'constraints': [models.UniqueConstraint(fields=('body', 'year', 'key'), name='year_figure_unique_key', violation_error_message='本年度已登记该数字，请修改已有的登记。')],
            },
        ),
    ]
