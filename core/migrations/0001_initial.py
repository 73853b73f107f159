"""The organisation (from plans) and the system's own records (from renda) move here. Their tables stay
where they are (db_table), so this changes only Django's picture of them, and the content types (with
their permissions and the change log's rows) follow them."""

import core.models.system
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


# Content types named by (app, model) move with the models; reversed, they move back.
MOVED = [('plans', 'core', ['body', 'term', 'bodymembership', 'committee', 'committeemembership', 'reportingbody', 'unitcontact', 'bodyrules']), ('renda', 'core', ['backgroundjob', 'accountsetup', 'notification', 'notificationpreference', 'apitoken'])]


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
        ('renda', '0006_body_administrators_are_not_superusers'),
        ('plans', '0009_term_meetings_before'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='AccountSetup',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('method', models.CharField(choices=[('link', '一次性链接'), ('password', '初始密码')], max_length=10, verbose_name='发放方式')),
                    ('must_change_password', models.BooleanField(default=True, verbose_name='首次登录须修改密码')),
                    ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='发放时间')),
                    ('password_set_at', models.DateTimeField(blank=True, null=True, verbose_name='设置密码时间')),
                    ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发放人')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='account_setup', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ],
                options={
                    'verbose_name': '账号发放',
                    'verbose_name_plural': '账号发放',
                    'db_table': 'renda_accountsetup',
                },
            ),
            migrations.CreateModel(
                name='Body',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(help_text='如：广州市白云区人大常委会', max_length=100, unique=True, verbose_name='名称')),
                    ('area_name', models.CharField(help_text='用于标题，如：广州市白云区', max_length=60, verbose_name='行政区域')),
                    ('short_name', models.CharField(blank=True, help_text='如：区人大常委会', max_length=30, verbose_name='简称')),
                    ('level', models.CharField(choices=[('province', '省级'), ('city', '设区的市级'), ('county', '县（区）级'), ('town', '乡镇级')], max_length=10, verbose_name='级别')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='core.body', verbose_name='上级人大常委会')),
                ],
                options={
                    'verbose_name': '人大常委会',
                    'verbose_name_plural': '人大常委会',
                    'db_table': 'plans_body',
                    'ordering': ['name'],
                },
            ),
            migrations.CreateModel(
                name='BackgroundJob',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=40, verbose_name='类别')),
                    ('status', models.CharField(choices=[('pending', '排队中'), ('running', '进行中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=10, verbose_name='状态')),
                    ('progress', models.PositiveIntegerField(default=0, verbose_name='已完成')),
                    ('total', models.PositiveIntegerField(default=0, verbose_name='总数')),
                    ('message', models.TextField(blank=True, verbose_name='信息')),
                    ('params', models.JSONField(blank=True, default=dict, verbose_name='参数')),
                    ('result', models.JSONField(blank=True, default=dict, verbose_name='结果')),
                    ('input_file', models.FileField(blank=True, upload_to=core.models.system.job_file_path, verbose_name='上传文件')),
                    ('output_file', models.FileField(blank=True, upload_to=core.models.system.job_file_path, verbose_name='生成文件')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='core.body', verbose_name='人大常委会')),
                ],
                options={
                    'verbose_name': '后台任务',
                    'verbose_name_plural': '后台任务',
                    'db_table': 'renda_backgroundjob',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='ApiToken',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=60, verbose_name='用途')),
                    ('key_prefix', models.CharField(max_length=8, verbose_name='密钥开头')),
                    ('key_digest', models.CharField(db_index=True, max_length=64, unique=True, verbose_name='密钥摘要')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='创建时间')),
                    ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='最近使用')),
                    ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='作废时间')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to='core.body', verbose_name='人大常委会')),
                ],
                options={
                    'verbose_name': '接口令牌',
                    'verbose_name_plural': '接口令牌',
                    'db_table': 'renda_apitoken',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='BodyRules',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('research_start_days', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天可开始调研/检查')),
                    ('findings_days', models.PositiveSmallIntegerField(default=25, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天向报告单位反馈调研意见')),
                    ('report_draft_days', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天报告单位送审报告稿')),
                    ('committee_answer_days', models.PositiveSmallIntegerField(default=15, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天工委反馈修改意见')),
                    ('revised_report_days', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天修改稿报常委会')),
                    ('materials_days', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='会前多少天会议材料送达组成人员')),
                    ('evaluation_rule', models.CharField(choices=[('half_of_members', '过组成人员半数（镇海规则）'), ('half_of_present', '过出席人员半数'), ('rate_threshold', '满意率对照门槛')], default='half_of_members', max_length=30, verbose_name='满意度测评计算规则')),
                    ('evaluation_threshold', models.PositiveSmallIntegerField(default=60, help_text='仅“满意率对照门槛”规则使用：(满意+基本满意)/有效票 达到此比例为满意', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='满意率门槛（%）')),
                    ('evaluation_basic_threshold', models.PositiveSmallIntegerField(default=50, help_text='仅“满意率对照门槛”规则使用：未达满意门槛但达到此比例为基本满意', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='基本满意门槛（%）')),
                    ('opinion_response_months', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='审议意见反馈期限（月）')),
                    ('rectification_months', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='整改期限（月）')),
                    ('suggestion_reply_months', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='建议答复期限（交办后月数）')),
                    ('suggestion_max_months', models.PositiveSmallIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='延期后最长办理期限（交办后月数）')),
                    ('co_unit_input_months', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='协办单位提交意见期限（月）')),
                    ('rehandle_reply_months', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='不满意重新办理答复期限（月）')),
                    ('suggestion_sign_days', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='承办单位签收期限（天）')),
                    ('suggestion_soon_due_days', models.PositiveSmallIntegerField(default=14, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(90)], verbose_name='答复临期提示（天）')),
                    ('contact_target_percent', models.PositiveSmallIntegerField(default=100, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='沟通联系率目标（%）')),
                    ('in_person_target_percent', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='当面沟通或共同调研率目标（%）')),
                    ('reception_target', models.PositiveSmallIntegerField(default=4, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(52)], verbose_name='代表每年进站接待次数目标')),
                    ('body', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='core.body', verbose_name='人大常委会')),
                ],
                options={
                    'verbose_name': '期限规则',
                    'verbose_name_plural': '期限规则',
                    'db_table': 'plans_bodyrules',
                },
            ),
            migrations.CreateModel(
                name='Committee',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(help_text='如：财政经济工作委员会', max_length=60, verbose_name='全称')),
                    ('short_name', models.CharField(help_text='如：财经工委', max_length=30, verbose_name='简称')),
                    ('aliases', models.JSONField(blank=True, default=list, help_text='文件中出现的其他写法，如：财经、财政经济工委', verbose_name='其他写法')),
                    ('kind', models.CharField(choices=[('special', '专门委员会'), ('working', '工作委员会'), ('office', '办事机构')], max_length=10, verbose_name='类别')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                    ('active', models.BooleanField(default=True, verbose_name='在用')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committees', to='core.body', verbose_name='人大常委会')),
                    ('paired_with', models.OneToOneField(blank=True, help_text='专门委员会与其对应的工作委员会，如：财经委员会 ↔ 财经工委', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='pair_of', to='core.committee', verbose_name='对应委员会')),
                ],
                options={
                    'verbose_name': '委员会',
                    'verbose_name_plural': '委员会',
                    'db_table': 'plans_committee',
                    'ordering': ['order', 'id'],
                },
            ),
            migrations.CreateModel(
                name='CommitteeMembership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('role', models.CharField(choices=[('lead', '负责人'), ('staff', '工作人员')], default='staff', max_length=10, verbose_name='职责')),
                    ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='core.committee', verbose_name='委员会')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee_memberships', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ],
                options={
                    'verbose_name': '委员会成员',
                    'verbose_name_plural': '委员会成员',
                    'db_table': 'plans_committeemembership',
                },
            ),
            migrations.CreateModel(
                name='Notification',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('materials', '会议材料报送'), ('plan_start', '计划事项下月启动'), ('agenda', '会议议程未确定'), ('suggestion_reply', '建议答复期限'), ('suggestion_sign', '建议未按期签收'), ('suggestion_feedback', '答复待反馈'), ('opinion_response', '审议意见反馈期限'), ('rectification', '整改期限'), ('digest', '每周工作提示')], max_length=30, verbose_name='类别')),
                    ('subject', models.CharField(help_text='如 materialstep:12', max_length=60, verbose_name='事项')),
                    ('step', models.CharField(help_text='如 before-7、overdue、2023-W17', max_length=20, verbose_name='提醒节点')),
                    ('reason', models.CharField(choices=[('committee', '负责工委'), ('office', '常委会办公室'), ('unit', '承办单位'), ('supervising', '督办工委'), ('deputy', '领衔代表'), ('responding', '报告单位'), ('following', '跟踪工委'), ('director', '主任会议成员'), ('subscriber', '订阅周报')], max_length=20, verbose_name='提醒原因')),
                    ('day', models.DateField(verbose_name='提醒日期')),
                    ('due_on', models.DateField(blank=True, null=True, verbose_name='期限')),
                    ('title', models.CharField(max_length=200, verbose_name='标题')),
                    ('text', models.TextField(blank=True, verbose_name='内容')),
                    ('url', models.CharField(blank=True, max_length=300, verbose_name='链接')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='生成时间')),
                    ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='阅读时间')),
                    ('email_state', models.CharField(choices=[('pending', '待发送'), ('sending', '发送中'), ('sent', '已发送'), ('failed', '发送失败'), ('off', '不发邮件')], default='pending', max_length=10, verbose_name='邮件')),
                    ('email_attempts', models.PositiveSmallIntegerField(default=0, verbose_name='发送次数')),
                    ('email_next_at', models.DateTimeField(blank=True, null=True, verbose_name='下次发送')),
                    ('email_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发送时间')),
                    ('email_error', models.TextField(blank=True, verbose_name='发送错误')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='core.body', verbose_name='人大常委会')),
                    ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                ],
                options={
                    'verbose_name': '提醒',
                    'verbose_name_plural': '提醒',
                    'db_table': 'renda_notification',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='NotificationPreference',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('email_enabled', models.BooleanField(default=True, verbose_name='同时发送邮件')),
                    ('digest', models.CharField(blank=True, choices=[('', '按角色（主任会议成员接收）'), ('weekly', '每周接收'), ('none', '不接收')], default='', max_length=10, verbose_name='每周工作提示')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ],
                options={
                    'verbose_name': '提醒设置',
                    'verbose_name_plural': '提醒设置',
                    'db_table': 'renda_notificationpreference',
                },
            ),
            migrations.CreateModel(
                name='ReportingBody',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(help_text='如：区发展改革局', max_length=60, verbose_name='名称')),
                    ('aliases', models.JSONField(blank=True, default=list, help_text='如：区人民法院', verbose_name='其他写法')),
                    ('kind', models.CharField(choices=[('government', '人民政府'), ('supervisory', '监察委员会'), ('court', '人民法院'), ('procuratorate', '人民检察院'), ('department', '政府工作部门'), ('other', '其他')], max_length=15, verbose_name='类别')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                    ('valid_from', models.DateField(blank=True, null=True, verbose_name='设立日期')),
                    ('valid_to', models.DateField(blank=True, null=True, verbose_name='撤销日期')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reporting_bodies', to='core.body', verbose_name='人大常委会')),
                    ('liaison_committee', models.ForeignKey(blank=True, help_text='跟踪该单位审议意见、测评整改的工作委员会', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='liaison_bodies', to='core.committee', verbose_name='对口联系工委')),
                ],
                options={
                    'verbose_name': '报告单位',
                    'verbose_name_plural': '报告单位',
                    'db_table': 'plans_reportingbody',
                    'ordering': ['order', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Term',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveSmallIntegerField(verbose_name='届次')),
                    ('start', models.DateField(verbose_name='起始日期')),
                    ('end', models.DateField(blank=True, null=True, verbose_name='届满日期')),
                    ('standing_meetings_before', models.PositiveSmallIntegerField(default=0, help_text='如本届已召开 22 次常委会会议后才开始使用本系统，填 22，下次会议即为第 23 次。', verbose_name='本届使用本系统前已召开的常委会会议次数')),
                    ('chairpersons_meetings_before', models.PositiveSmallIntegerField(default=0, help_text='如本届已召开 30 次主任会议后才开始使用本系统，填 30，下次主任会议即为第 31 次。', verbose_name='本届使用本系统前已召开的主任会议次数')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='core.body', verbose_name='人大常委会')),
                ],
                options={
                    'verbose_name': '届',
                    'verbose_name_plural': '届',
                    'db_table': 'plans_term',
                    'ordering': ['body', '-number'],
                },
            ),
            migrations.CreateModel(
                name='UnitContact',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('level', models.CharField(choices=[('leader', '分管领导'), ('office', '办公室'), ('handler', '经办人')], default='handler', max_length=10, verbose_name='层级')),
                    ('name', models.CharField(max_length=40, verbose_name='姓名')),
                    ('title', models.CharField(blank=True, max_length=60, verbose_name='职务')),
                    ('phone', models.CharField(blank=True, max_length=40, verbose_name='联系电话')),
                    ('active', models.BooleanField(default=True, verbose_name='在用')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='core.reportingbody', verbose_name='单位')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='unit_contact', to=settings.AUTH_USER_MODEL, verbose_name='登录账号')),
                ],
                options={
                    'verbose_name': '承办单位联系人',
                    'verbose_name_plural': '承办单位联系人',
                    'db_table': 'plans_unitcontact',
                    'ordering': ['unit', 'level', 'id'],
                },
            ),
            migrations.CreateModel(
                name='BodyMembership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='core.body', verbose_name='人大常委会')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='body_memberships', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                ],
                options={
                    'verbose_name': '所属人大常委会',
                    'verbose_name_plural': '所属人大常委会',
                    'db_table': 'plans_bodymembership',
                    'constraints': [models.UniqueConstraint(fields=('user', 'body'), name='body_membership_unique')],
                },
            ),
            migrations.AddConstraint(
                model_name='committee',
                constraint=models.UniqueConstraint(fields=('body', 'name'), name='committee_unique_name'),
            ),
            migrations.AddConstraint(
                model_name='committee',
                constraint=models.UniqueConstraint(fields=('body', 'short_name'), name='committee_unique_short_name'),
            ),
            migrations.AddConstraint(
                model_name='committeemembership',
                constraint=models.UniqueConstraint(fields=('user', 'committee'), name='committee_membership_unique'),
            ),
            migrations.AddIndex(
                model_name='notification',
                index=models.Index(fields=['recipient', 'read_at'], name='renda_notif_recipie_27b205_idx'),
            ),
            migrations.AddIndex(
                model_name='notification',
                index=models.Index(fields=['email_state', 'email_next_at'], name='renda_notif_email_s_f4fa93_idx'),
            ),
            migrations.AddIndex(
                model_name='notification',
                index=models.Index(fields=['body', 'created_at'], name='renda_notif_body_id_9ba1b9_idx'),
            ),
            migrations.AddConstraint(
                model_name='notification',
                constraint=models.UniqueConstraint(fields=('subject', 'step', 'recipient', 'reason'), name='notification_once'),
            ),
            migrations.AddConstraint(
                model_name='reportingbody',
                constraint=models.UniqueConstraint(fields=('body', 'name', 'valid_from'), name='reporting_body_unique_name'),
            ),
            migrations.AddConstraint(
                model_name='term',
                constraint=models.UniqueConstraint(fields=('body', 'number'), name='term_unique_number'),
            ),
        ]),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
