"""renda's models have moved to core (core 0001): renda forgets them. Their tables stay, now core's."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('renda', '0006_body_administrators_are_not_superusers'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='apitoken',
                name='body',
            ),
            migrations.RemoveField(
                model_name='apitoken',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='apitoken',
                name='user',
            ),
            migrations.RemoveField(
                model_name='backgroundjob',
                name='body',
            ),
            migrations.RemoveField(
                model_name='backgroundjob',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='notification',
                name='body',
            ),
            migrations.RemoveField(
                model_name='notification',
                name='recipient',
            ),
            migrations.RemoveField(
                model_name='notificationpreference',
                name='user',
            ),
            migrations.DeleteModel(
                name='AccountSetup',
            ),
            migrations.DeleteModel(
                name='ApiToken',
            ),
            migrations.DeleteModel(
                name='BackgroundJob',
            ),
            migrations.DeleteModel(
                name='Notification',
            ),
            migrations.DeleteModel(
                name='NotificationPreference',
            ),
        ]),
    ]
