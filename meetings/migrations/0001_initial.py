"""Meetings, agenda items and materials deadlines move here from plans; their tables stay where they are
(db_table), and their content types follow them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Content types named by (app, model) move with the models; reversed, they move back.
MOVED = [('plans', 'meetings', ['meeting', 'agendaitem', 'materialstep'])]


def _move_content_types(apps, forward):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new, models in MOVED:
        source, target = (old, new) if forward else (new, old)
        ContentType.objects.filter(app_label=source, model__in=models).update(app_label=target)


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, forward=True)


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, forward=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('plans', '0009_term_meetings_before'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Meeting',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('standing', '常委会会议'), ('chairpersons', '主任会议'), ('congress', '人民代表大会会议')], default='standing', max_length=15, verbose_name='会议类别')),
                    ('number', models.PositiveSmallIntegerField(help_text='在本届同类会议中的次序', verbose_name='次')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                    ('planned_month', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='计划月份')),
                    ('date', models.DateField(blank=True, null=True, verbose_name='日期')),
                    ('date_assumed', models.BooleanField(default=False, help_text='来源文件只给出月份，具体日期为推定', verbose_name='日期为推定')),
                    ('place', models.CharField(blank=True, max_length=100, verbose_name='地点')),
                    ('status', models.CharField(choices=[('planned', '计划'), ('scheduled', '已定日期'), ('held', '已召开'), ('cancelled', '已取消')], default='planned', max_length=10, verbose_name='状态')),
                    ('members_in_office', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='组成人员数')),
                    ('members_present', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='出席人数')),
                    ('agenda_fixed_on', models.DateField(blank=True, null=True, verbose_name='议程确定日期')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='core.body', verbose_name='人大常委会')),
                    ('term', models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='meetings', to='core.term', verbose_name='届')),
                ],
                options={
                    'verbose_name': '会议',
                    'verbose_name_plural': '会议',
                    'db_table': 'plans_meeting',
                    'ordering': ['year', 'kind', 'number'],
                },
            ),
            migrations.CreateModel(
                name='AgendaItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('order', models.PositiveSmallIntegerField(verbose_name='序号')),
                    ('title', models.TextField(verbose_name='议题')),
                    ('form', models.CharField(choices=[('review', '审议'), ('hear_review', '听取和审议'), ('hear', '听取'), ('examine_approve', '审查和批准'), ('other', '其他')], default='hear_review', max_length=20, verbose_name='形式')),
                    ('has_inquiry', models.BooleanField(default=False, verbose_name='开展专题询问')),
                    ('has_evaluation', models.BooleanField(default=False, verbose_name='开展满意度测评')),
                    ('outcome', models.CharField(blank=True, choices=[('heard', '已听取'), ('reviewed', '已审议'), ('approved', '已批准'), ('adopted', '已通过'), ('withdrawn', '撤回/未审议')], max_length=15, verbose_name='结果')),
                    ('resolution_title', models.CharField(blank=True, max_length=200, verbose_name='决议、决定名称')),
                    ('appointments', models.PositiveSmallIntegerField(default=0, verbose_name='任命（人次）')),
                    ('removals', models.PositiveSmallIntegerField(default=0, verbose_name='免职（人次）')),
                    ('committees', models.ManyToManyField(blank=True, help_text='负责准备工作、登记材料报送的委员会', related_name='agenda_items', to='core.committee', verbose_name='负责工委')),
                    ('plan_items', models.ManyToManyField(blank=True, related_name='agenda_items', to='plans.planitem', verbose_name='对应计划事项')),
                    ('reporting_bodies', models.ManyToManyField(blank=True, related_name='agenda_items', to='core.reportingbody', verbose_name='报告单位')),
                    ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_items', to='meetings.meeting', verbose_name='会议')),
                ],
                options={
                    'verbose_name': '议题',
                    'verbose_name_plural': '议题',
                    'db_table': 'plans_agendaitem',
                    'ordering': ['meeting', 'order', 'id'],
                },
            ),
            migrations.CreateModel(
                name='MaterialStep',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('step', models.CharField(choices=[('research_start', '开展调研/检查'), ('findings', '调研意见送报告单位'), ('report_draft', '报告稿送工委征求意见'), ('committee_answer', '工委反馈修改意见'), ('revised_report', '修改稿报常委会'), ('materials', '会议材料送达组成人员')], max_length=20, verbose_name='环节')),
                    ('due', models.DateField(verbose_name='截止日期')),
                    ('done_on', models.DateField(blank=True, null=True, verbose_name='完成日期')),
                    ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                    ('document', models.FileField(blank=True, upload_to='materials/%Y/', verbose_name='文件')),
                    ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='登记时间')),
                    ('agenda_item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='material_steps', to='meetings.agendaitem', verbose_name='议题')),
                    ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ],
                options={
                    'verbose_name': '材料报送环节',
                    'verbose_name_plural': '材料报送环节',
                    'db_table': 'plans_materialstep',
                    'ordering': ['agenda_item', 'due', 'id'],
                    'constraints': [models.UniqueConstraint(fields=('agenda_item', 'step'), name='material_step_unique')],
                },
            ),
            migrations.AddConstraint(
                model_name='meeting',
                constraint=models.UniqueConstraint(fields=('term', 'kind', 'number'), name='meeting_unique_number_in_term'),
            ),
        ]),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
